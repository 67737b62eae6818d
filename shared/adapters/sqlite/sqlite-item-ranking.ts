import type { FacetValue, SearchQuery } from '../../ports/agenda-index.port.ts';
import { dayNumber, type EntryColumns } from './sqlite-entry-columns.ts';

/** What ranking reads of the items a query matched, slot by slot. */
export interface MatchedItems {
  readonly size: number;
  /** Best entry and its score per slot (lower is better, as bm25() gives it). */
  readonly best: Int32Array;
  readonly score: Float64Array;
  /** The matched bilag entries of one item, in id order. */
  bilagOf(slot: number): number[];
}

/**
 * The items a query matched, one slot per item: its best entry and score (lower is better, as
 * bm25() gives it), and which of its bilag matched. Entries arrive one by one from FTS5; an
 * item's slot is found through a per-item mark, so grouping costs no hashing. One instance serves
 * search after search (a search runs synchronously from start to end): `reset` starts afresh
 * without clearing arrays the size of the index.
 */
export class ItemMatches implements MatchedItems {
  /** Best entry and its score per slot; slots are handed out in the order items are first met. */
  best = new Int32Array(0);
  score = new Float64Array(0);
  size = 0;
  /** Matched bilag entries, as (slot, entry id) pairs. */
  #bilag: number[] = [];
  #slotOf = new Int32Array(0);
  /** The search that handed out #slotOf[item]; older marks mean no slot yet. */
  #markOf = new Uint32Array(0);
  #mark = 0;
  #columns: EntryColumns;

  constructor(columns: EntryColumns) {
    this.#columns = columns;
  }

  /** Empties the matches for the next search over the columns as they are now. */
  reset(): this {
    const items = this.#columns.itemCount;
    if (this.#slotOf.length < items) {
      const capacity = Math.max(1024, items * 2);
      this.#slotOf = new Int32Array(capacity);
      this.#markOf = new Uint32Array(capacity);
      this.best = new Int32Array(capacity);
      this.score = new Float64Array(capacity);
    }
    this.#mark = (this.#mark + 1) >>> 0 || 1;
    if (this.#mark === 1) this.#markOf.fill(0);
    this.size = 0;
    this.#bilag = [];
    return this;
  }

  add(entry: number, score: number): void {
    const item = this.#columns.item[entry] ?? -1;
    if (item < 0) return;
    let slot = this.#slotOf[item]!;
    if (this.#markOf[item] !== this.#mark) {
      slot = this.size++;
      this.#markOf[item] = this.#mark;
      this.#slotOf[item] = slot;
      this.best[slot] = entry;
      this.score[slot] = score;
    } else if (score < this.score[slot]!) {
      this.best[slot] = entry;
      this.score[slot] = score;
    }
    if (this.#columns.isBilag[entry]) this.#bilag.push(slot, entry);
  }

  bilagOf(slot: number): number[] {
    return bilagOf(this.#bilag, slot);
  }

  /** A copy that outlives the next reset, sized to the matches. */
  saved(): MatchedItems {
    const pairs = [...this.#bilag];
    return {
      size: this.size,
      best: this.best.slice(0, this.size),
      score: this.score.slice(0, this.size),
      bilagOf: (slot) => bilagOf(pairs, slot),
    };
  }
}

function bilagOf(pairs: number[], slot: number): number[] {
  const entries: number[] = [];
  for (let i = 0; i < pairs.length; i += 2) if (pairs[i] === slot) entries.push(pairs[i + 1]!);
  return entries;
}

export interface RankedItems {
  total: number;
  /** Slots of the requested page, plus one more when there is a next page. */
  page: number[];
  facets: { committee: FacetValue[]; year: FacetValue[]; kind: FacetValue[]; authority: FacetValue[] };
}

/**
 * Filters, counts and orders matched items in one pass. Each facet counts the items that pass
 * every filter but its own, so choosing a committee still shows how many hits the others have;
 * the year facet leaves the date range out for the same reason.
 */
export function rankItems(
  columns: EntryColumns,
  matches: MatchedItems,
  query: Pick<SearchQuery, 'committees' | 'kinds' | 'from' | 'to' | 'sort' | 'undated' | 'authorities'>,
  relevance: boolean,
  want: number,
): RankedItems {
  // A filter as one byte per code of its column; null when the query does not filter on it.
  const accepted = (dictionary: EntryColumns['committees'], values: string[]) => {
    if (!values.length) return null;
    const ok = new Uint8Array(dictionary.values.length);
    for (const value of values) {
      const code = dictionary.find(value);
      if (code >= 0) ok[code] = 1;
    }
    return ok;
  };
  const committeeOk = accepted(columns.committees, query.committees);
  const kindOk = accepted(columns.kinds, query.kinds);
  const authorityOk = accepted(columns.authorities, query.authorities ?? []);
  const from = query.from ? dayNumber(query.from) : 0;
  const to = query.to ? dayNumber(query.to) : 0;
  const committeeCounts = new Int32Array(columns.committees.values.length);
  const yearCounts = new Int32Array(columns.years.values.length);
  const kindCounts = new Int32Array(columns.kinds.values.length);
  const authorityCounts = new Int32Array(columns.authorities.values.length);
  const size = matches.size;
  const candidates = new Int32Array(size);
  let passed = 0;

  // The columns as locals: a loop over tens of thousands of matches reads them for each.
  const { best, score } = matches;
  const { committee: committeeOf, kind: kindOf, day: dayOf, authority: authorityOf, year: yearOf } = columns;
  const undated = query.undated === true;
  if (!committeeOk && !kindOk && !authorityOk && !from && !to && !undated) {
    // Nothing filtered (most searches): every match is a candidate and counts in every facet.
    for (let slot = 0; slot < size; slot++) {
      const entry = best[slot]!;
      const committee = committeeOf[entry]!;
      const authority = authorityOf[entry]!;
      if (committee >= 0) committeeCounts[committee]!++;
      yearCounts[yearOf[entry]!]!++;
      kindCounts[kindOf[entry]!]!++;
      if (authority >= 0) authorityCounts[authority]!++;
      candidates[slot] = slot;
    }
    passed = size;
  } else {
    for (let slot = 0; slot < size; slot++) {
      const entry = best[slot]!;
      const committee = committeeOf[entry]!;
      const kind = kindOf[entry]!;
      const day = dayOf[entry]!;
      const authority = authorityOf[entry]!;
      const c = !committeeOk || committeeOk[committee] === 1;
      const k = !kindOk || kindOk[kind] === 1;
      const a = !authorityOk || authorityOk[authority] === 1;
      // A meeting with no date falls outside any date range, as it would in SQL.
      const d = undated
        ? day === 0
        : (!from || (day !== 0 && day >= from)) && (!to || (day !== 0 && day <= to));
      if (c && k && d && a) candidates[passed++] = slot;
      if (k && d && a && committee >= 0) committeeCounts[committee]!++;
      if (c && k && a) yearCounts[yearOf[entry]!]!++;
      if (c && d && a) kindCounts[kind]!++;
      if (c && k && d && authority >= 0) authorityCounts[authority]!++;
    }
  }

  const { time, position } = columns;
  // Unknown dates are -Infinity; they go last in both orders (as OpenSearch's missing: _last), since
  // a reader asking for the oldest meetings wants dated ones, not the undated first.
  const chronological =
    (direction: 1 | -1) =>
    (a: number, b: number): number => {
      const x = matches.best[a]!;
      const y = matches.best[b]!;
      const tx = time[x]!;
      const ty = time[y]!;
      if (tx !== ty && (tx === -Infinity || ty === -Infinity)) return tx === -Infinity ? 1 : -1;
      return direction * (tx - ty) || position[x]! - position[y]! || a - b;
    };
  const newest = chronological(-1);
  const byScore = relevance && query.sort === 'relevance';
  const before = byScore
    ? (a: number, b: number) => score[a]! - score[b]! || newest(a, b)
    : query.sort === 'oldest'
      ? chronological(1)
      : newest;
  // What `before` compares first, as a number that grows down the order: most slots are told
  // from the last of the page by it alone.
  const first = byScore
    ? (a: number) => score[a]!
    : query.sort === 'oldest'
      ? (a: number) => {
          const t = time[best[a]!]!;
          return t === -Infinity ? Infinity : t;
        }
      : (a: number) => -time[best[a]!]!;

  const facet = (values: string[], counts: Int32Array, order: 'count' | 'value'): FacetValue[] =>
    values
      .map((value, code) => ({ value, count: counts[code]! }))
      .filter((v) => v.count > 0)
      .sort((a, b) =>
        order === 'value' ? compare(b.value, a.value) : b.count - a.count || compare(a.value, b.value),
      );
  return {
    total: passed,
    // Slots follow entry ids, which grow as minutes are indexed, mostly oldest first: newest first,
    // the last slots are the likely winners, and scanning from them lets few others in.
    page: smallest(candidates.subarray(0, passed), want, before, first, before === newest),
    facets: {
      committee: facet(columns.committees.values, committeeCounts, 'count'),
      year: facet(columns.years.values, yearCounts, 'value'),
      kind: facet(columns.kinds.values, kindCounts, 'count'),
      authority: facet(columns.authorities.values, authorityCounts, 'count'),
    },
  };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The `k` first of `values` in the given order, in order. A page is a few dozen out of possibly
 * all items: keeping a short sorted list beats sorting everything, as long as few values enter
 * it. `first` is the order's first criterion as a number, enough to turn most values away.
 * `fromEnd` scans the values backwards, for when the last ones are likely the first wanted.
 */
function smallest(
  values: Int32Array,
  k: number,
  before: (a: number, b: number) => number,
  first: (a: number) => number,
  fromEnd: boolean,
): number[] {
  if (k <= 0) return [];
  if (values.length <= k * 8) return Array.from(values.sort(before).subarray(0, k));
  const top: number[] = [];
  let last = Infinity;
  const keep = (v: number) => {
    if (top.length === k) {
      const f = first(v);
      if (f > last || (f === last && before(v, top[k - 1]!) >= 0)) return;
    }
    let lo = 0;
    let hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(top[mid]!, v) <= 0) lo = mid + 1;
      else hi = mid;
    }
    top.splice(lo, 0, v);
    if (top.length > k) top.pop();
    last = first(top[top.length - 1]!);
  };
  if (fromEnd) for (let i = values.length - 1; i >= 0; i--) keep(values[i]!);
  else for (const v of values) keep(v);
  return top;
}
