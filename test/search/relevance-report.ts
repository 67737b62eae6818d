// npm run relevance: the judged queries of relevance-queries.ts over the real minutes, in SQLite
// and (with OPENSEARCH_URL) in OpenSearch; prints success@3 and nDCG@10 per kind of query, the
// queries that missed, and how often both homes agree on the first three hits.
import { Client } from '@opensearch-project/opensearch';
import { OpenSearchAgendaIndex } from '../../shared/adapters/opensearch/opensearch-agenda-index.ts';
import { SqliteAgendaIndex } from '../../shared/adapters/sqlite/sqlite-agenda-index.ts';
import type { AgendaIndex } from '../../shared/ports/agenda-index.port.ts';
import { buildRelevanceCorpus } from '../support/greve-corpus.ts';
import { figures, type QueryOutcome, runQueries, table } from './relevance-metrics.ts';

async function report(name: string, index: AgendaIndex): Promise<QueryOutcome[]> {
  const started = performance.now();
  await buildRelevanceCorpus(index);
  const outcomes = await runQueries(index);
  console.log(
    `\n${name} (corpus built and queried in ${((performance.now() - started) / 1000).toFixed(1)} s)\n`,
  );
  console.log(table(figures(outcomes)));
  const missed = outcomes.filter((o) => !o.success);
  if (missed.length) {
    console.log('\nmissed:');
    for (const o of missed)
      console.log(
        `  [${o.query.kind}] ${o.query.q} → ${o.result.suggestion ? `suggestion "${o.result.suggestion}"; ` : ''}${o.result.hits
          .slice(0, 3)
          .map((h) => h.title)
          .join(' | ')}`,
      );
  }
  return outcomes;
}

const sqlite = await report('SQLite', new SqliteAgendaIndex(':memory:'));
const url = process.env.OPENSEARCH_URL;
if (url) {
  const index = new OpenSearchAgendaIndex(new Client({ node: url, ssl: { rejectUnauthorized: false } }), {
    prefix: `protokol-relevance-${Date.now()}`,
    refresh: true,
  });
  await index.ensureIndexes();
  const opensearch = await report(`OpenSearch at ${url}`, index);
  const same = sqlite.filter((o, i) => o.top.join() === opensearch[i]!.top.join()).length;
  console.log(`\nthe same first three hits in both homes: ${same} of ${sqlite.length} queries`);
} else {
  console.log('\nOpenSearch: not run (set OPENSEARCH_URL to run the same queries there)');
}
