// npm run relevance: the judged queries of relevance-queries.ts over the real minutes, in SQLite,
// in the JavaScript peer (MiniSearch, minisearch-index.ts) and (with OPENSEARCH_URL) in
// OpenSearch; prints success@3 and nDCG@10 per kind of query, the queries that missed, and how
// often the homes agree on the first three hits.
import { Client } from '@opensearch-project/opensearch';
import { OpenSearchAgendaIndex } from '../../shared/adapters/opensearch/opensearch-agenda-index.ts';
import { SqliteAgendaIndex } from '../../shared/adapters/sqlite/sqlite-agenda-index.ts';
import type { AgendaIndex } from '../../shared/ports/agenda-index.port.ts';
import { buildRelevanceCorpus } from '../support/greve-corpus.ts';
import { MiniSearchAgendaIndex } from './minisearch-index.ts';
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
const mini = await report('MiniSearch 7.2 (the JavaScript peer)', new MiniSearchAgendaIndex());
const agree = (a: QueryOutcome[], b: QueryOutcome[]) =>
  a.filter((o, i) => o.top.join() === b[i]!.top.join()).length;
const right = (outcomes: QueryOutcome[]) => outcomes.filter((o) => o.success).length;
console.log(
  `\nright item in the first three: SQLite ${right(sqlite)}, MiniSearch ${right(mini)} of ${sqlite.length} queries; ` +
    `found by SQLite only: ${sqlite.filter((o, i) => o.success && !mini[i]!.success).length}, by MiniSearch only: ${mini.filter((o, i) => o.success && !sqlite[i]!.success).length}; ` +
    `the same first three hits: ${agree(sqlite, mini)}`,
);
const url = process.env.OPENSEARCH_URL;
if (url) {
  const index = new OpenSearchAgendaIndex(new Client({ node: url, ssl: { rejectUnauthorized: false } }), {
    prefix: `protokol-relevance-${Date.now()}`,
    refresh: true,
  });
  await index.ensureIndexes();
  const opensearch = await report(`OpenSearch at ${url}`, index);
  console.log(
    `\nthe same first three hits in SQLite and OpenSearch: ${agree(sqlite, opensearch)} of ${sqlite.length} queries`,
  );
} else {
  console.log('\nOpenSearch: not run (set OPENSEARCH_URL to run the same queries there)');
}
