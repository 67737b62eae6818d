import { InvalidArgumentError } from '../domain/errors.ts';
import { danishStem, words } from './danish-stemmer.ts';

/** A parsed search: words and "phrases" to find, -words to leave out. */
export interface ParsedQuery {
  terms: string[];
  phrases: string[][];
  excluded: string[];
}

export const MAX_QUERY_LENGTH = 500;

/**
 * Parses what a citizen types: words, "quoted phrases" and -excluded words.
 * @example parseQuery('sundhedsaftale "almen praksis" -region') // { terms: ['sundhedsaftale'], phrases: [['almen','praksis']], excluded: ['region'] }
 */
export function parseQuery(text: string): ParsedQuery {
  if (text.length > MAX_QUERY_LENGTH) {
    throw new InvalidArgumentError(
      'q',
      `the query is ${text.length} characters long; at most ${MAX_QUERY_LENGTH} are allowed`,
    );
  }
  const query: ParsedQuery = { terms: [], phrases: [], excluded: [] };
  const re = /(-?)"([^"]*)"?|(-?)(\S+)/g;
  for (const m of text.matchAll(re)) {
    if (m[2] !== undefined) {
      const ws = words(m[2]);
      if (!ws.length) continue;
      if (m[1]) query.excluded.push(...ws);
      else if (ws.length === 1) query.terms.push(ws[0]!);
      else query.phrases.push(ws);
    } else {
      const ws = words(m[4]!);
      if (m[3] && m[4]!.length > 0) query.excluded.push(...ws);
      else query.terms.push(...ws);
    }
  }
  if (query.terms.length + query.phrases.length > 32) {
    throw new InvalidArgumentError('q', 'the query has more than 32 words');
  }
  return query;
}

/** True when the query asks for nothing but exclusions, or nothing at all. */
export function isEmptyQuery(q: ParsedQuery): boolean {
  return q.terms.length === 0 && q.phrases.length === 0;
}

/** The stems of the words a query looks for, for snippets and stem matching. */
export function queryStems(q: ParsedQuery): string[] {
  return [...new Set([...q.terms, ...q.phrases.flat()].map(danishStem))];
}
