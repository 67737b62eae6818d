import type { SearchQuery, SearchResult } from '../ports/agenda-index.port.ts';

/**
 * The results of recent searches, for as long as the index does not change: citizens repeat
 * popular queries, follow shared links and go Back to their results. Least recently
 * used results go first; a change to the index (a new `version`) drops them all.
 */
export class SearchResultCache {
  readonly #capacity: number;
  readonly #results = new Map<string, SearchResult>();
  #version: unknown;

  /** `capacity` results at most; 0 keeps none. */
  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get(query: SearchQuery, version: unknown): SearchResult | undefined {
    if (version !== this.#version) {
      this.#results.clear();
      this.#version = version;
      return undefined;
    }
    const key = cacheKey(query);
    const result = this.#results.get(key);
    if (result) {
      this.#results.delete(key);
      this.#results.set(key, result);
    }
    return result;
  }

  set(query: SearchQuery, version: unknown, result: SearchResult): void {
    if (this.#capacity === 0 || version !== this.#version) return;
    this.#results.set(cacheKey(query), result);
    if (this.#results.size > this.#capacity) this.#results.delete(this.#results.keys().next().value!);
  }
}

/** The same question asked twice gives the same key, whatever the order of its filters. */
function cacheKey(q: SearchQuery): string {
  return JSON.stringify([
    q.text.trim(),
    [...q.committees].sort(),
    [...q.kinds].sort(),
    q.from ?? null,
    q.to ?? null,
    q.section,
    q.sort,
    q.limit,
    q.cursor ?? null,
  ]);
}
