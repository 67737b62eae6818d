import type {
  AgendaIndex,
  SearchHit,
  SearchQuery,
  SearchResult,
} from '../../shared/ports/agenda-index.port.ts';
import { type JudgedQuery, QUERIES, type QueryKind, type Relevant } from './relevance-queries.ts';

// success@3: a right item among the first three (for a misspelling: the right suggestion, and a
// right item among the first three of the suggested query, or of the query itself where the
// engine has no suggestions and matches fuzzily; for stop words only: nothing found and the
// words named). nDCG@10: binary gains, the ideal being every item of the corpus that
// answers the query.

const ask = (text: string, limit = 10): SearchQuery => ({
  text,
  committees: [],
  kinds: [],
  section: 'all',
  sort: 'relevance',
  limit,
});

const fits = (pattern: string | RegExp, value: string | null) =>
  value !== null && (typeof pattern === 'string' ? value.includes(pattern) : pattern.test(value));

function answers(hit: Pick<SearchHit, 'title' | 'committee'>, relevant: Relevant[]): boolean {
  return relevant.some((r) => fits(r.title, hit.title) && (!r.committee || fits(r.committee, hit.committee)));
}

/** Every item of the index (copies folded), newest first. */
export async function allItems(index: AgendaIndex): Promise<SearchHit[]> {
  const items: SearchHit[] = [];
  let cursor: string | undefined;
  do {
    const page = await index.search({ ...ask('', 100), sort: 'newest', cursor });
    items.push(...page.hits);
    cursor = page.next ?? undefined;
  } while (cursor);
  return items;
}

export interface QueryOutcome {
  query: JudgedQuery;
  success: boolean;
  ndcg: number;
  /** meetingId#number of the first three hits, to compare the homes. */
  top: string[];
  result: SearchResult;
}

function ndcg(hits: SearchHit[], relevant: Relevant[], idealCount: number): number {
  const discount = (i: number) => 1 / Math.log2(i + 2);
  let dcg = 0;
  hits.slice(0, 10).forEach((h, i) => {
    if (answers(h, relevant)) dcg += discount(i);
  });
  let ideal = 0;
  for (let i = 0; i < Math.min(10, idealCount); i++) ideal += discount(i);
  return ideal ? dcg / ideal : 0;
}

/** Runs every judged query against an index. */
export async function runQueries(index: AgendaIndex, queries = QUERIES): Promise<QueryOutcome[]> {
  const items = await allItems(index);
  const outcomes: QueryOutcome[] = [];
  for (const query of queries) {
    const result = await index.search(ask(query.q));
    const top = result.hits.slice(0, 3).map((h) => `${h.meetingId}#${h.number}`);
    if (query.onlyStopWords) {
      const success = result.total === 0 && (result.ignored ?? []).length > 0;
      outcomes.push({ query, success, ndcg: success ? 1 : 0, top, result });
      continue;
    }
    let hits = result.hits;
    let suggested = true;
    // An engine with no suggestions (undefined, not null) answers a misspelling by fuzzy matching:
    // its own hits are judged.
    if (query.suggestion && result.suggestion !== undefined) {
      suggested = result.suggestion === query.suggestion;
      hits = suggested && result.suggestion ? (await index.search(ask(result.suggestion))).hits : [];
    }
    const idealCount = items.filter((i) => answers(i, query.relevant)).length;
    outcomes.push({
      query,
      success: suggested && hits.slice(0, 3).some((h) => answers(h, query.relevant)),
      ndcg: suggested ? ndcg(hits, query.relevant, idealCount) : 0,
      top,
      result,
    });
  }
  return outcomes;
}

export interface KindFigures {
  kind: QueryKind | 'all';
  queries: number;
  successAt3: number;
  ndcgAt10: number;
}

/** success@3 and nDCG@10 per kind of query, and over all of them. */
export function figures(outcomes: QueryOutcome[]): KindFigures[] {
  const kinds = [...new Set(outcomes.map((o) => o.query.kind))];
  const of = (kind: QueryKind | 'all', list: QueryOutcome[]): KindFigures => ({
    kind,
    queries: list.length,
    successAt3: list.filter((o) => o.success).length / list.length,
    ndcgAt10: list.reduce((a, o) => a + o.ndcg, 0) / list.length,
  });
  return [
    ...kinds.map((k) =>
      of(
        k,
        outcomes.filter((o) => o.query.kind === k),
      ),
    ),
    of('all', outcomes),
  ];
}

/** The figures as a Markdown table, as the README quotes them. */
export function table(rows: KindFigures[]): string {
  const lines = ['| kind | queries | success@3 | nDCG@10 |', '| --- | --- | --- | --- |'];
  for (const r of rows)
    lines.push(`| ${r.kind} | ${r.queries} | ${r.successAt3.toFixed(2)} | ${r.ndcgAt10.toFixed(2)} |`);
  return lines.join('\n');
}
