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
  readonly values: string[];
  readonly #codes = new Map<string, number>();

  constructor(values: string[] = []) {
    this.values = values;
    for (const [code, value] of values.entries()) this.#codes.set(value, code);
  }

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
 * Raised whenever the layout of a saved copy of the columns (EntryColumns.save) changes: a copy
 * in another layout is passed over, and the columns are read from the entries instead.
 */
const SAVED_FORMAT = 1;
/** Int32 fields before the arrays of a saved copy: format, size, item count, byte lengths of its two JSON parts. */
const HEADER_FIELDS = 8;
/** The arrays' bytes per entry: time (8), seven Int32 columns, isBilag (1). */
/**
 * The arrays of a saved copy, in the order they are written and read back: the 8-byte one first,
 * for its alignment. The one list both `#encode` and `#restore` walk.
 */
const SAVED_ARRAYS = [
  ['time', Float64Array],
  ['item', Int32Array],
  ['committee', Int32Array],
  ['year', Int32Array],
  ['kind', Int32Array],
  ['authority', Int32Array],
  ['day', Int32Array],
  ['position', Int32Array],
  ['isBilag', Uint8Array],
] as const;
type SavedArray = (typeof SAVED_ARRAYS)[number][0];
const BYTES_PER_ENTRY = SAVED_ARRAYS.reduce((sum, [, kind]) => sum + kind.BYTES_PER_ELEMENT, 0);
/** A saved copy this many entry changes behind is written again (a reader reads each change as one row). */
const REWRITE_AFTER = 2_000;

/**
 * The few small columns a search needs for every matching entry, kept in memory as typed arrays
 * indexed by entry id: what OpenSearch calls doc values. Reading them from the entries table costs
 * a B-tree lookup per match (a common word matches tens of thousands); here a search groups,
 * filters, counts facets and ranks in one pass over arrays. SQLite stays the truth: the arrays are
 * loaded on first use, follow this connection's writes, and are brought up to date when another
 * connection has written (PRAGMA data_version).
 *
 * Loading them from the entries reads the whole table (100–300 ms at 35,000 entries, in every
 * search worker at every start): a writer also saves them in the index file (table entry_columns, in the same
 * transaction as the number of the last entry change they reflect), and a connection starts from
 * that copy, then reads the entries changed after it, as it would after any other connection's
 * write. A copy that is behind costs only those rows; one whose changes the log no longer holds,
 * or in another layout, is passed over.
 */
export class EntryColumns {
  committees = new Dictionary();
  years = new Dictionary();
  kinds = new Dictionary();
  authorities = new Dictionary();
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
  /** Item ordinal per item key; built from #savedItems when first needed, after a start from a saved copy. */
  #items: Map<string, number> | null = new Map();
  /** The item keys of a saved copy, as JSON, in ordinal order. */
  #savedItems: Uint8Array | null = null;
  #itemCount = 0;
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
    return this.#itemCount;
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
    this.#bringUpToDate();
    this.#version = version;
  }

  /** The arrays as this transaction sees the entries: caught up from where they are, or from the saved copy, or read anew. */
  #bringUpToDate(): void {
    this.#changes++;
    if ((this.loaded || this.#restore()) && this.#catchUp()) return;
    this.#seq = this.#lastChange();
    this.#reset();
    const statement = this.#db.prepare(`SELECT ${COLUMNS} FROM entries`);
    statement.setReturnArrays(true);
    for (const row of statement.all() as unknown as Row[]) this.#set(row);
  }

  #lastChange(): number {
    return Number((this.#lastSeq.get() as { seq: number | null }).seq ?? 0);
  }

  /** The saved copy's row, or undefined when there is none (or the file predates the table). */
  #saved(columns: 'seq' | 'seq, data'): { seq: number; data?: Uint8Array } | undefined {
    const table = this.#db.prepare(
      "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'entry_columns'",
    );
    if (!table.get()) return undefined;
    return this.#db.prepare(`SELECT ${columns} FROM entry_columns WHERE id = 0`).get() as
      | { seq: number; data?: Uint8Array }
      | undefined;
  }

  /**
   * Whether the saved copy is missing or far enough behind the entries to be written again. Call
   * inside a transaction.
   */
  stale(): boolean {
    const saved = this.#saved('seq');
    return !saved || this.#lastChange() - Number(saved.seq) > REWRITE_AFTER;
  }

  /**
   * Saves the arrays, brought up to date first, in the index file with the number of the last
   * entry change they reflect. Call inside a write transaction (BEGIN IMMEDIATE), so that no
   * other connection's change falls between reading the entries and writing the copy.
   */
  save(): void {
    this.#bringUpToDate();
    this.#version = (this.#dataVersion.get() as { data_version: number }).data_version;
    this.#db
      .prepare('INSERT OR REPLACE INTO entry_columns (id, seq, data) VALUES (0, ?, ?)')
      .run(this.#seq, this.#encode());
  }

  /**
   * The arrays from the saved copy, positioned at the change it reflects; false when there is no
   * usable copy. The arrays are views of the copy's bytes; the item keys are parsed only when an
   * entry is read again.
   */
  #restore(): boolean {
    const saved = this.#saved('seq, data');
    if (!saved?.data) return false;
    const seq = Number(saved.seq);
    // A copy ahead of the log is not one of this file's: the entries are read instead.
    if (seq > this.#lastChange()) return false;
    // Float64Array views need 8-byte alignment.
    const bytes = saved.data.byteOffset % 8 ? saved.data.slice() : saved.data;
    if (bytes.byteLength < HEADER_FIELDS * 4) return false;
    const header = new Int32Array(bytes.buffer, bytes.byteOffset, HEADER_FIELDS);
    const [format, size, itemCount, dictionaryBytes, itemBytes] = header as unknown as number[];
    if (format !== SAVED_FORMAT) return false;
    if (bytes.byteLength !== HEADER_FIELDS * 4 + size! * BYTES_PER_ENTRY + dictionaryBytes! + itemBytes!)
      return false;
    let offset = bytes.byteOffset + HEADER_FIELDS * 4;
    const columns = this as unknown as Record<SavedArray, Int32Array | Float64Array | Uint8Array>;
    for (const [name, kind] of SAVED_ARRAYS) {
      columns[name] = new kind(bytes.buffer as ArrayBuffer, offset, size!);
      offset += size! * kind.BYTES_PER_ELEMENT;
    }
    const text = (length: number) => {
      const part = new Uint8Array(bytes.buffer, offset, length);
      offset += length;
      return part;
    };
    const dictionaries = JSON.parse(new TextDecoder().decode(text(dictionaryBytes!))) as Record<
      'committees' | 'years' | 'kinds' | 'authorities',
      string[]
    >;
    this.committees = new Dictionary(dictionaries.committees);
    this.years = new Dictionary(dictionaries.years);
    this.kinds = new Dictionary(dictionaries.kinds);
    this.authorities = new Dictionary(dictionaries.authorities);
    this.#savedItems = text(itemBytes!);
    this.#items = null;
    this.#itemCount = itemCount!;
    this.size = size!;
    this.#seq = seq;
    this.#lastStart = undefined;
    return true;
  }

  /**
   * The arrays as one block of bytes: a header, the arrays (the 8-byte one first, for its
   * alignment), then the dictionaries and the item keys as JSON. Item ordinals no entry has any
   * more (a meeting removed) are left out and the rest numbered anew.
   */
  #encode(): Uint8Array {
    const size = this.size;
    const keys = this.#itemKeys();
    const renumbered = new Int32Array(keys.length).fill(-1);
    const kept: string[] = [];
    const item = new Int32Array(size);
    for (let id = 0; id < size; id++) {
      const ordinal = this.item[id]!;
      if (ordinal < 0) {
        item[id] = -1;
        continue;
      }
      if (renumbered[ordinal]! < 0) {
        renumbered[ordinal] = kept.length;
        kept.push(keys[ordinal]!);
      }
      item[id] = renumbered[ordinal]!;
    }
    const encoder = new TextEncoder();
    const dictionaries = encoder.encode(
      JSON.stringify({
        committees: this.committees.values,
        years: this.years.values,
        kinds: this.kinds.values,
        authorities: this.authorities.values,
      }),
    );
    const items = encoder.encode(JSON.stringify(kept));
    const arrays = size * BYTES_PER_ENTRY;
    const bytes = new Uint8Array(HEADER_FIELDS * 4 + arrays + dictionaries.length + items.length);
    new Int32Array(bytes.buffer, 0, HEADER_FIELDS).set([
      SAVED_FORMAT,
      size,
      kept.length,
      dictionaries.length,
      items.length,
    ]);
    let offset = HEADER_FIELDS * 4;
    for (const [name] of SAVED_ARRAYS) {
      // The item ordinals as renumbered above, the rest as they are.
      const array = name === 'item' ? item : this[name];
      bytes.set(new Uint8Array(array.buffer, array.byteOffset, size * array.BYTES_PER_ELEMENT), offset);
      offset += size * array.BYTES_PER_ELEMENT;
    }
    bytes.set(dictionaries, offset);
    bytes.set(items, offset + dictionaries.length);
    return bytes;
  }

  /** The item keys in ordinal order. */
  #itemKeys(): string[] {
    if (!this.#items) return JSON.parse(new TextDecoder().decode(this.#savedItems!)) as string[];
    const keys = new Array<string>(this.#items.size);
    for (const [key, ordinal] of this.#items) keys[ordinal] = key;
    return keys;
  }

  /** The ordinal of an item, a new one if no entry had it. */
  #ordinal(itemKey: string): number {
    if (!this.#items) {
      this.#items = new Map(this.#itemKeys().map((key, ordinal) => [key, ordinal]));
      this.#savedItems = null;
    }
    let ordinal = this.#items.get(itemKey);
    if (ordinal === undefined) {
      ordinal = this.#itemCount++;
      this.#items.set(itemKey, ordinal);
    }
    return ordinal;
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
    this.#savedItems = null;
    this.#itemCount = 0;
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
    this.item[id] = this.#ordinal(itemKey);
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
