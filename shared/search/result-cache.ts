import type { SearchQuery } from '../ports/agenda-index.port.ts';

/**
 * Values computed from the index, kept for as long as it does not change: the least recently used
 * go first beyond `capacity`, and a new `version` of the index drops them all.
 */
export class VersionedCache<V> {
  readonly #capacity: number;
  readonly #values = new Map<string, V>();
  #version: unknown;

  /** `capacity` values at most; 0 keeps none. */
  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** Whether it keeps anything at all. */
  get keeps(): boolean {
    return this.#capacity > 0;
  }

  get(key: string, version: unknown): V | undefined {
    if (version !== this.#version) {
      this.#values.clear();
      this.#version = version;
      return undefined;
    }
    const value = this.#values.get(key);
    if (value !== undefined) {
      this.#values.delete(key);
      this.#values.set(key, value);
    }
    return value;
  }

  set(key: string, version: unknown, value: V): void {
    if (this.#capacity === 0 || version !== this.#version) return;
    this.#values.set(key, value);
    if (this.#values.size > this.#capacity) this.#values.delete(this.#values.keys().next().value!);
  }
}

/**
 * The key of a search for a cache of its results: the same question asked twice gives the same
 * key, whatever the order of its filters. Citizens repeat popular queries, follow shared links and
 * go Back to their results.
 */
export function searchKey(q: SearchQuery): string {
  return JSON.stringify([
    q.text.trim(),
    [...q.committees].sort(),
    [...q.kinds].sort(),
    q.from ?? null,
    q.to ?? null,
    q.undated === true,
    q.section,
    q.sort,
    q.limit,
    q.cursor ?? null,
    [...(q.authorities ?? [])].sort(),
    q.caseNumber ?? null,
  ]);
}
