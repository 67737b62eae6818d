import type { DatabaseSync, StatementSync } from 'node:sqlite';

/** yyyymmdd of the date an ISO date or date-time starts with, the form a meeting's day is kept in. */
export function dayNumber(date: string): number {
  return Number(date.slice(0, 10).replaceAll('-', '')) || 0;
}

const COLUMNS = 'id, item_key, committee, year, kind, start, position, bilag_doc IS NOT NULL, authority';

/** A row of COLUMNS as node:sqlite returns it in arrays mode. */
type Row = [
  id: number,
  itemKey: string,
  committee: string | null,
  year: string,
  kind: string,
  start: string | null,
  position: number,
  isBilag: 0 | 1,
  authority: string | null,
];

/** A string column as small codes into its distinct values, so a facet counts into an array. */
class Dictionary {
  readonly values: string[] = [];
  readonly #codes = new Map<string, number>();

  code(value: string | null): number {
    if (value === null) return -1;
    let code = this.#codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(value);
      this.#codes.set(value, code);
    }
    return code;
  }

  /** The code of a value if any entry has it, else -1. */
  find(value: string): number {
    return this.#codes.get(value) ?? -1;
  }
}

/**
 * The few small columns a search needs for every matching entry, kept in memory as typed arrays
 * indexed by entry id: what OpenSearch calls doc values. Reading them from the entries table costs
 * a B-tree lookup per match (a common word matches tens of thousands); here a search groups,
 * filters, counts facets and ranks in one pass over arrays. SQLite stays the truth: the arrays are
 * loaded on first use, follow this connection's writes, and are reloaded when another connection
 * has written (PRAGMA data_version).
 */
export class EntryColumns {
  readonly committees = new Dictionary();
  readonly years = new Dictionary();
  readonly kinds = new Dictionary();
  readonly authorities = new Dictionary();
  /** Item ordinal per entry id; -1 where no entry has that id. */
  item = new Int32Array(0);
  committee = new Int32Array(0);
  year = new Int32Array(0);
  kind = new Int32Array(0);
  authority = new Int32Array(0);
  /** The meeting's local date as yyyymmdd, for from/to; 0 when unknown. */
  day = new Int32Array(0);
  /** The meeting's start in epoch ms, for sorting; -Infinity when unknown, so it sorts last when newest first. */
  time = new Float64Array(0);
  position = new Int32Array(0);
  isBilag = new Uint8Array(0);
  /** Entry ids in ascending order are what a listing walks; this is one past the highest. */
  size = 0;
  #items = new Map<string, number>();
  readonly #db: DatabaseSync;
  #version = -1;
  #changes = 0;
  readonly #dataVersion: StatementSync;
  readonly #entry: StatementSync;
  readonly #lastSeq: StatementSync;
  readonly #changesSince: StatementSync;
  /** The last row of entry_changes the arrays reflect. */
  #seq = 0;

  constructor(db: DatabaseSync) {
    this.#db = db;
    this.#dataVersion = db.prepare('PRAGMA data_version');
    this.#entry = db.prepare(`SELECT ${COLUMNS} FROM entries WHERE id = ?`);
    this.#entry.setReturnArrays(true);
    this.#lastSeq = db.prepare('SELECT max(seq) AS seq FROM entry_changes');
    this.#changesSince = db.prepare('SELECT seq, id FROM entry_changes WHERE seq > ? ORDER BY seq');
    this.#changesSince.setReturnArrays(true);
  }

  /** Number of item ordinals handed out, for per-item scratch arrays. */
  get itemCount(): number {
    return this.#items.size;
  }

  /**
   * Brings the arrays up to date with what other connections have committed: the entries their
   * transactions touched (entry_changes) are read again, or, when that log no longer reaches back
   * far enough, every entry. Call inside a read transaction.
   */
  refresh(): void {
    const { data_version: version } = this.#dataVersion.get() as {
      data_version: number;
    };
    if (version === this.#version) return;
    if (this.loaded && this.#catchUp()) {
      this.#version = version;
      this.#changes++;
      return;
    }
    this.#seq = Number((this.#lastSeq.get() as { seq: number | null }).seq ?? 0);
    this.#reset();
    const statement = this.#db.prepare(`SELECT ${COLUMNS} FROM entries`);
    statement.setReturnArrays(true);
    for (const row of statement.all() as unknown as Row[]) this.#set(row);
    this.#version = version;
    this.#changes++;
  }

  /** Reads again the entries changed since the last change seen; false when the log has lost some of them. */
  #catchUp(): boolean {
    const rows = this.#changesSince.all(this.#seq) as unknown as [number, number][];
    if (!rows.length) return true;
    // The log is pruned from its start: a first row past the next one means changes were lost.
    if (rows[0]![0] !== this.#seq + 1 || rows.length > this.size / 2) return false;
    for (const [seq, id] of rows) {
      const row = this.#entry.get(id) as unknown as Row | undefined;
      if (row) this.#set(row);
      else if (id < this.size) this.item[id] = -1;
      this.#seq = seq;
    }
    return true;
  }

  /** Changes whenever the arrays do: a result computed under one generation is stale under the next. */
  get generation(): number {
    return this.#changes;
  }

  /** Whether the arrays have been loaded; until then this connection's writes need not be followed. */
  get loaded(): boolean {
    return this.#version !== -1;
  }

  /** Follows this connection's own committed writes: entries removed, inserted or changed. */
  follow(removed: Iterable<number>, changed: Iterable<number>): void {
    if (!this.loaded) return;
    this.#changes++;
    for (const id of removed) if (id < this.size) this.item[id] = -1;
    for (const id of changed) {
      const row = this.#entry.get(id) as unknown as Row | undefined;
      if (row) this.#set(row);
    }
  }

  #reset(): void {
    this.#items = new Map();
    this.size = 0;
    this.item.fill(-1);
    if (this.item.length === 0) this.#grow(1024);
  }

  /**
   * One entry's row into the arrays. A first search loads every row (a one-shot `protokol search`
   * pays for all of them), so this allocates nothing per row, and the entries of one meeting,
   * which come together, parse their shared start once.
   */
  #set(row: Row): void {
    const [id, itemKey, committee, year, kind, start, position, isBilag, authority] = row;
    if (id >= this.item.length) this.#grow(Math.max(id + 1, this.item.length * 2));
    let ordinal = this.#items.get(itemKey);
    if (ordinal === undefined) {
      ordinal = this.#items.size;
      this.#items.set(itemKey, ordinal);
    }
    this.item[id] = ordinal;
    this.committee[id] = this.committees.code(committee);
    this.year[id] = this.years.code(year);
    this.kind[id] = this.kinds.code(kind);
    this.authority[id] = this.authorities.code(authority);
    if (start !== this.#lastStart) {
      this.#lastStart = start;
      this.#lastDay = start ? dayNumber(start) : 0;
      this.#lastTime = start ? Date.parse(start) || Number.NEGATIVE_INFINITY : Number.NEGATIVE_INFINITY;
    }
    this.day[id] = this.#lastDay;
    this.time[id] = this.#lastTime;
    this.position[id] = position;
    this.isBilag[id] = isBilag;
    if (id >= this.size) this.size = id + 1;
  }
  #lastStart: string | null | undefined;
  #lastDay = 0;
  #lastTime = Number.NEGATIVE_INFINITY;

  #grow(capacity: number): void {
    const grown = <T extends Int32Array | Float64Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(old.subarray(0, Math.min(old.length, capacity)));
      return next;
    };
    const oldLength = this.item.length;
    this.item = grown(this.item, (n) => new Int32Array(n));
    this.item.fill(-1, oldLength);
    this.committee = grown(this.committee, (n) => new Int32Array(n));
    this.year = grown(this.year, (n) => new Int32Array(n));
    this.kind = grown(this.kind, (n) => new Int32Array(n));
    this.authority = grown(this.authority, (n) => new Int32Array(n));
    this.day = grown(this.day, (n) => new Int32Array(n));
    this.time = grown(this.time, (n) => new Float64Array(n));
    this.position = grown(this.position, (n) => new Int32Array(n));
    this.isBilag = grown(this.isBilag, (n) => new Uint8Array(n));
  }
}
