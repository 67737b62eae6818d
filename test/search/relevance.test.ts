import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@opensearch-project/opensearch';
import { beforeAll, describe, expect, it } from 'vitest';
import { OpenSearchAgendaIndex } from '../../shared/adapters/opensearch/opensearch-agenda-index.ts';
import { SqliteAgendaIndex } from '../../shared/adapters/sqlite/sqlite-agenda-index.ts';
import type { Archive } from '../../shared/ingest/ingest.ts';
import { query } from '../index/agenda-index.contract.ts';
import { fixtures } from '../support/fixtures.ts';
import { buildRelevanceCorpus } from '../support/greve-corpus.ts';
import { archiveWith } from '../support/memory-archive.ts';
import { MiniSearchAgendaIndex } from './minisearch-index.ts';
import { figures, type QueryOutcome, runQueries } from './relevance-metrics.ts';

// Danish queries a citizen would type, over the real fixtures, with the items they must return
// near the top.
describe('relevance over the fixtures', () => {
  let archive: Archive;
  beforeAll(async () => {
    const files = ['minutes', 'bilag', 'real'].flatMap((dir) =>
      readdirSync(join(fixtures, dir)).map((f) => `${dir}/${f}`),
    );
    archive = await archiveWith(files);
  });

  const top = async (text: string, n = 3) => (await archive.index.search(query({ text }))).hits.slice(0, n);

  it('"sundhedsaftale" → the items about Sundhedsaftalen 2024-27 first', async () => {
    const titles = (await top('sundhedsaftale', 2)).map((h) => h.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        'Drøftelse af udkast til politiske visioner for Sundhedsaftalen 2024-27',
        'Temadrøftelse: Det administrative tillæg til Sundhedsaftalen 2024-2027',
      ]),
    );
  });

  it('"sygeplejersker" → the item, and its KL bilag matches too', async () => {
    const [hit] = await top('sygeplejersker', 1);
    expect(hit).toMatchObject({ meetingId: 'sundhedsdirektoerkredsen-2023-10-04', number: 3 });
    expect(hit!.matchedBilag.map((b) => b.name)).toEqual(['KL-oplæg om forbeholdt virksomdhedsområde.pdf']);
  });

  it('"videokonsultationer", a word only in a bilag → the item that lists that bilag', async () => {
    const [hit] = await top('videokonsultationer', 1);
    expect(hit).toMatchObject({ number: 9, bilag: { name: 'Innovationspartnerskab – oplæg.pdf' } });
  });

  it('"telemedicin" → the Telemedicin item of 17 November 2022 first', async () => {
    const [hit] = await top('telemedicin', 1);
    expect(hit).toMatchObject({ meetingId: 'sundhedsdirektoerkredsen-2022-11-17', number: 2 });
  });

  it('"aftale" finds Sundhedsaftalen through its compound part: a part of the title outranks a passing mention in the text', async () => {
    const hits = (await archive.index.search(query({ text: 'aftale', limit: 50 }))).hits;
    const compound = hits.findIndex((h) => h.title.includes('Sundhedsaftalen 2024-27'));
    expect(compound).toBeGreaterThan(-1);
    const mention = hits.findIndex(
      (h) => !/aftale/i.test(h.title) && h.snippet.toLowerCase().includes('<mark>aftale'),
    );
    expect(mention).toBeGreaterThan(-1);
    expect(compound).toBeLessThan(mention);
  });

  it('committee and year filters alone list exactly that meeting’s items', async () => {
    const result = await archive.index.search(
      query({ committees: ['Sundhedsdirektørkredsen'], from: '2023-01-01', to: '2023-12-31', limit: 50 }),
    );
    expect(result.hits.map((h) => h.number).sort((a, b) => Number(a) - Number(b))).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
    expect(new Set(result.hits.map((h) => h.meetingId))).toEqual(
      new Set(['sundhedsdirektoerkredsen-2023-10-04']),
    );
  });
});

// The judged queries of relevance-queries.ts (npm run relevance prints the figures) over the Greve
// FirstAgenda meetings and every real document of the fixtures, with a floor per kind of query.
const FLOOR = { successAt3: 0.9, ndcgAt10: 0.85, perKind: 0.75 };

function meetsTheFloor(outcomes: () => QueryOutcome[]) {
  const rows = () => figures(outcomes());
  it(`finds a right item in the first three for ${FLOOR.successAt3 * 100}% of the queries, nDCG@10 ≥ ${FLOOR.ndcgAt10}`, () => {
    const all = rows().find((r) => r.kind === 'all')!;
    expect(all.queries).toBeGreaterThanOrEqual(40);
    expect(all.successAt3).toBeGreaterThanOrEqual(FLOOR.successAt3);
    expect(all.ndcgAt10).toBeGreaterThanOrEqual(FLOOR.ndcgAt10);
  });
  it(`keeps every kind of query at success@3 ≥ ${FLOOR.perKind}`, () => {
    for (const r of rows())
      expect({ kind: r.kind, ok: r.successAt3 >= FLOOR.perKind }).toEqual({ kind: r.kind, ok: true });
  });
  it('answers the examples of the issue in the first three, or with the right suggestion', () => {
    const must = [
      'rygestop',
      'kunstgræs',
      'vedligeholdelse',
      'vedligeholdelse af bygninger',
      'sundhedsaftlen',
      'tele*',
      'stenrev OR bølgebrydere',
      'EMN-2025-008468',
      'og i på',
    ];
    for (const q of must) {
      const o = outcomes().find((x) => x.query.q === q)!;
      expect({ q, success: o.success }).toEqual({ q, success: true });
    }
  });
  it('never marks a stop word in a snippet', () => {
    for (const o of outcomes().filter((x) => x.query.kind === 'stopwords'))
      for (const h of o.result.hits) expect(h.snippet).not.toMatch(/<mark>(på|af|i|med|fra)<\/mark>/i);
  });
}

describe('relevance suite over the real minutes: SQLite', () => {
  let outcomes: QueryOutcome[] = [];
  let peer: QueryOutcome[] = [];
  beforeAll(async () => {
    const index = new SqliteAgendaIndex(':memory:');
    await buildRelevanceCorpus(index);
    outcomes = await runQueries(index);
    await index.close();
    const mini = new MiniSearchAgendaIndex();
    await buildRelevanceCorpus(mini);
    peer = await runQueries(mini);
  }, 300_000);
  meetsTheFloor(() => outcomes);
  it('answers right every query the JavaScript peer (MiniSearch) answers right, and more of them', () => {
    const peerOnly = peer.filter((o, i) => o.success && !outcomes[i]!.success).map((o) => o.query.q);
    expect(peerOnly).toEqual([]);
    const right = (os: QueryOutcome[]) => os.filter((o) => o.success).length;
    expect(right(outcomes)).toBeGreaterThan(right(peer));
  });
});

const url = process.env.OPENSEARCH_URL;
describe('relevance suite over the real minutes: OpenSearch (OPENSEARCH_URL)', () => {
  if (!url) {
    it.runIf(process.env.CI)('runs under CI, which must set OPENSEARCH_URL', () => {
      expect.fail('OPENSEARCH_URL is not set: the OpenSearch half of the relevance suite cannot run');
    });
    it.skipIf(process.env.CI)('is skipped without OPENSEARCH_URL', () => {});
    return;
  }
  let outcomes: QueryOutcome[] = [];
  let sqlite: QueryOutcome[] = [];
  beforeAll(async () => {
    const index = new OpenSearchAgendaIndex(new Client({ node: url, ssl: { rejectUnauthorized: false } }), {
      prefix: `protokol-relevance-${Date.now()}`,
      refresh: true,
    });
    await index.ensureIndexes();
    await buildRelevanceCorpus(index);
    outcomes = await runQueries(index);
    const local = new SqliteAgendaIndex(':memory:');
    await buildRelevanceCorpus(local);
    sqlite = await runQueries(local);
  }, 600_000);
  meetsTheFloor(() => outcomes);
  it('answers the same queries right in the first three as SQLite, nine in ten', () => {
    // Both rank by BM25 with the same weights, but not the same length normalisation and idf
    // (per shard, per field): the first hit differs where two right items are close. What must
    // agree is whether a right item is in the first three.
    const agree = outcomes.filter((o, i) => o.success === sqlite[i]!.success).length;
    const sameFirst = outcomes.filter((o, i) => o.top[0] === sqlite[i]!.top[0]).length;
    console.log(
      `OpenSearch vs SQLite: success@3 agrees on ${agree}/${outcomes.length} queries, the same first hit on ${sameFirst}/${outcomes.length}`,
    );
    expect(agree / outcomes.length).toBeGreaterThanOrEqual(0.9);
  });
});
