import { InvalidArgumentError } from '../domain/errors.ts';
import { danishStem, words } from './danish-stemmer.ts';
import { isStopWord } from './stop-words.ts';

/** One thing a query looks for. */
export type QueryTerm =
  /** A word, found by its stem (and, in `all`, as a part of compounds). */
  | { kind: 'word'; word: string; stem: string }
  /** `tele*`: any word that starts so. */
  | { kind: 'prefix'; prefix: string }
  /** `"almen praksis"`: the words in this order. */
  | { kind: 'phrase'; words: string[] }
  /** `EMN-2025-008468`, `24/03318`: a case number, matched whole. */
  | { kind: 'case'; key: string; words: string[] };

/** A parsed search: clauses that must all match, each one or more alternatives (`a OR b`). */
export interface ParsedQuery {
  clauses: QueryTerm[][];
  /** -words to leave out. */
  excluded: string[];
  /** Words left out because they are too common to mean anything ("og", "på", "af"). */
  ignored: string[];
}

export const MAX_QUERY_LENGTH = 500;
/** Most hits one page of a search returns. */
export const MAX_LIMIT = 100;
const MAX_CLAUSES = 32;
/** Shortest prefix before `*`: a two-letter prefix would match most of the vocabulary. */
export const MIN_PREFIX = 3;

/**
 * A case number as an index keeps it: lower case, letters and digits only, so `24/03318`,
 * `24-03318` and `24.03318` are the same case.
 */
export function caseKey(caseNumber: string): string {
  return caseNumber.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * Whether a token is written as case numbers are (`EMN-2025-008468`, `24/03318`, `21-014420`,
 * `00.01.00-A00-1-24`): groups of letters and digits joined by - / or ., with at least four digits.
 */
export function looksLikeCaseNumber(token: string): boolean {
  return (
    token.length >= 7 &&
    /^[\p{L}\p{N}]+(?:[-/.][\p{L}\p{N}]+)+$/u.test(token) &&
    (token.match(/\p{N}/gu)?.length ?? 0) >= 4
  );
}

/** The term one bare token of a query stands for; null for a stop word or nothing. */
function termOf(token: string, ignored: string[]): QueryTerm[] {
  const trimmed = token.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}*]+$/gu, '');
  if (looksLikeCaseNumber(trimmed)) return [{ kind: 'case', key: caseKey(trimmed), words: words(trimmed) }];
  const ws = words(trimmed);
  if (trimmed.endsWith('*') && ws.length === 1 && ws[0]!.length >= MIN_PREFIX)
    return [{ kind: 'prefix', prefix: ws[0]! }];
  if (ws.length > 1 && /^[\p{L}\p{N}]+(?:[-/.][\p{L}\p{N}]+)+$/u.test(trimmed))
    // "2024-27", "COVID-19": the parts belong together.
    return [{ kind: 'phrase', words: ws }];
  const out: QueryTerm[] = [];
  for (const w of ws) {
    if (isStopWord(w)) ignored.push(w);
    else out.push({ kind: 'word', word: w, stem: danishStem(w) });
  }
  return out;
}

/**
 * Parses what a citizen types: words, "quoted phrases", prefix*, `a OR b`, -excluded words and
 * case numbers. Stop words are left out (and named in `ignored`), except inside a phrase.
 * @example parseQuery('sundhedsaftale "almen praksis" -region') // clauses [[word sundhedsaftale], [phrase almen praksis]], excluded ['region']
 */
export function parseQuery(text: string): ParsedQuery {
  if (text.length > MAX_QUERY_LENGTH) {
    throw new InvalidArgumentError(
      'q',
      `the query is ${text.length} characters long; at most ${MAX_QUERY_LENGTH} are allowed`,
    );
  }
  const query: ParsedQuery = { clauses: [], excluded: [], ignored: [] };
  const re = /(-?)"([^"]*)"?|(-?)(\S+)/g;
  let joinNext = false;
  for (const m of text.matchAll(re)) {
    if (m[4] === 'OR' && !m[3]) {
      joinNext = query.clauses.length > 0;
      continue;
    }
    let terms: QueryTerm[];
    if (m[2] !== undefined) {
      const ws = words(m[2]);
      if (!ws.length) continue;
      if (m[1]) {
        query.excluded.push(...ws);
        continue;
      }
      terms = ws.length === 1 ? termOf(ws[0]!, query.ignored) : [{ kind: 'phrase', words: ws }];
    } else if (m[3] && m[4]!.length > 0) {
      query.excluded.push(...words(m[4]!).filter((w) => !isStopWord(w)));
      continue;
    } else {
      terms = termOf(m[4]!, query.ignored);
    }
    if (!terms.length) continue;
    if (joinNext) {
      // `a OR b`: the alternatives of one clause. A token of several words after OR joins with
      // its first word; the rest are clauses of their own.
      query.clauses.at(-1)!.push(terms[0]!);
      for (const t of terms.slice(1)) query.clauses.push([t]);
    } else {
      for (const t of terms) query.clauses.push([t]);
    }
    joinNext = false;
  }
  if (query.clauses.length > MAX_CLAUSES) {
    throw new InvalidArgumentError('q', `the query has more than ${MAX_CLAUSES} words`);
  }
  return query;
}

/**
 * Whether a query that finds nothing may be relaxed to any of its words: plain words only, at
 * least two. A query written with syntax ("phrases", OR, prefix*, case numbers) is taken at its word.
 */
export function relaxable(q: ParsedQuery): boolean {
  return q.clauses.length > 1 && q.clauses.every((c) => c.length === 1 && c[0]!.kind === 'word');
}

/** The same query with its clauses as alternatives: what finds items holding any of the words. */
export function anyClause(q: ParsedQuery): ParsedQuery {
  return { ...q, clauses: [q.clauses.flat()] };
}

/** True when the query asks for nothing but exclusions, or nothing at all. */
export function isEmptyQuery(q: ParsedQuery): boolean {
  return q.clauses.length === 0;
}

/** True when every word typed was a stop word: nothing is left to search for. */
export function onlyStopWords(q: ParsedQuery): boolean {
  return q.clauses.length === 0 && q.ignored.length > 0;
}

/** The stems a snippet marks: the query's words and phrase words, never stop words. */
export function queryStems(q: ParsedQuery): string[] {
  const stems: string[] = [];
  for (const clause of q.clauses) {
    for (const t of clause) {
      // A case number shows as the hit's case; its digit groups are not marked one by one.
      if (t.kind === 'word') stems.push(t.stem);
      else if (t.kind === 'phrase') for (const w of t.words) if (!isStopWord(w)) stems.push(danishStem(w));
    }
  }
  return [...new Set(stems)];
}

/** The prefixes of a query's `prefix*` terms, for snippets. */
export function queryPrefixes(q: ParsedQuery): string[] {
  return q.clauses.flatMap((c) => c.flatMap((t) => (t.kind === 'prefix' ? [t.prefix] : [])));
}

/** The plain words of a query that a spelling suggestion may replace. */
export function suggestableWords(q: ParsedQuery): string[] {
  return q.clauses.flatMap((c) => c.flatMap((t) => (t.kind === 'word' ? [t.word] : [])));
}
