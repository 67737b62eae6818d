import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Meeting } from '../../domain/model.ts';
import type { AgendaIndex, IndexedBilag, SearchQuery } from '../../ports/agenda-index.port.ts';
import { SqliteAgendaIndex, type SqliteIndexOptions } from './sqlite-agenda-index.ts';

/**
 * The local index lives in data/index/: numbered SQLite files and a CURRENT file naming the one
 * in use. A reindex builds a new file and then rewrites CURRENT in one rename, so searches keep
 * being answered from the old file until the new one is complete; every process that has the
 * index open follows CURRENT within a second.
 */
export class IndexDirectory {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'index');
    mkdirSync(this.dir, { recursive: true });
  }

  get pointer(): string {
    return join(this.dir, 'CURRENT');
  }

  /** The path of the index in use, creating the first one when there is none. */
  current(): string {
    if (!existsSync(this.pointer)) this.#point('index-1.sqlite');
    return join(this.dir, readFileSync(this.pointer, 'utf8').trim());
  }

  /** A fresh file for a rebuild, next to the current one. */
  next(): string {
    const numbers = readdirSync(this.dir).map((f) => Number(/^index-(\d+)\.sqlite$/.exec(f)?.[1] ?? 0));
    return join(this.dir, `index-${Math.max(0, ...numbers) + 1}.sqlite`);
  }

  /** Makes `path` the index in use; the files of older indexes are removed. */
  swapTo(path: string): void {
    const name = path.slice(this.dir.length + 1);
    this.#point(name);
    for (const f of readdirSync(this.dir)) {
      const n = /^(index-\d+\.sqlite)(-wal|-shm)?$/.exec(f)?.[1];
      // Old files may still be open in a server for up to a second; on Linux that is harmless.
      if (n && n !== name) rmSync(join(this.dir, f), { force: true });
    }
  }

  #point(name: string): void {
    const tmp = `${this.pointer}.${process.pid}.tmp`;
    writeFileSync(tmp, `${name}\n`);
    renameSync(tmp, this.pointer);
  }
}

/** An AgendaIndex that follows the CURRENT file of an IndexDirectory. */
export class SwappableSqliteIndex implements AgendaIndex {
  readonly #files: IndexDirectory;
  #path: string;
  #index: SqliteAgendaIndex;
  #checkedAt = 0;
  readonly #options: SqliteIndexOptions;

  constructor(dataDir: string, options: SqliteIndexOptions = {}) {
    this.#files = new IndexDirectory(dataDir);
    this.#path = this.#files.current();
    this.#options = options;
    this.#index = new SqliteAgendaIndex(this.#path, options);
  }

  /**
   * The index in use, reopened when a reindex has swapped in another: checked once a second for
   * searches, and on every write, so a write lands in the old file only in the instant of a swap
   * (a reindex replays what changed after it, for those).
   */
  #active(writing = false): SqliteAgendaIndex {
    const now = Date.now();
    if (writing || now - this.#checkedAt > 1000) {
      this.#checkedAt = now;
      const path = this.#files.current();
      if (path !== this.#path) {
        const old = this.#index;
        this.#index = new SqliteAgendaIndex(path, this.#options);
        this.#path = path;
        // Its columns are not saved: the file is no longer the index.
        void old.close({ saveColumns: false });
      }
    }
    return this.#index;
  }

  /** The file of the index in use, for a connection elsewhere (a search worker) to read it. */
  get path(): string {
    this.#active();
    return this.#path;
  }

  /** Changes whenever a search may find something else: another file swapped in, or any write to it. */
  version(): string {
    const index = this.#active();
    return `${this.#path}|${index.version()}`;
  }

  putMeeting(meeting: Meeting) {
    return this.#active(true).putMeeting(meeting);
  }
  removeMeeting(id: string) {
    return this.#active(true).removeMeeting(id);
  }
  getMeeting(id: string) {
    return this.#active().getMeeting(id);
  }
  putBilag(bilag: IndexedBilag) {
    return this.#active(true).putBilag(bilag);
  }
  removeBilag(documentId: string) {
    return this.#active(true).removeBilag(documentId);
  }
  search(query: SearchQuery) {
    return this.#active().search(query);
  }
  committees() {
    return this.#active().committees();
  }
  meetingsPerYear(committee: string) {
    return this.#active().meetingsPerYear(committee);
  }
  async close() {
    await this.#index.close();
  }
}
