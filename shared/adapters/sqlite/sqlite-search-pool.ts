import { getCompileCacheDir } from 'node:module';
import { Worker } from 'node:worker_threads';
import { InvalidArgumentError, ProtokolError } from '../../domain/errors.ts';
import type { Meeting } from '../../domain/model.ts';
import type { AgendaIndex, IndexedBilag, SearchQuery, SearchResult } from '../../ports/agenda-index.port.ts';
import { searchKey, VersionedCache } from '../../search/result-cache.ts';
import type { SearchReply, SearchRequest } from './sqlite-search-worker.ts';

/** A search worker stopped (a crash, memory exhausted) while answering: the search fails with 503. */
export class SearchWorkerStoppedError extends ProtokolError {
  constructor(reason: string) {
    super('INDEX_ERROR', `the search worker stopped while answering (${reason}); another was started`);
  }
}

interface Pending {
  request: SearchRequest;
  /** Whether it is cut off after the pool's timeout; a warm-up (which may read every entry) is not. */
  timed: boolean;
  resolve(result: SearchResult | null): void;
  reject(error: unknown): void;
}

interface Slot {
  worker: Worker;
  /** The search it is answering; null when idle. */
  busy: Pending | null;
  /** Why it stopped, when it threw before exiting or was stopped for taking too long. */
  failure?: string;
  timer?: NodeJS.Timeout;
}

export interface SearchPoolOptions {
  /** Worker threads; at least 1. */
  size: number;
  /** The worker's module; the real one unless a test gives another. */
  workerUrl?: URL;
  /** A search not answered in this time stops its worker and fails with 503; 30 s unless told. */
  timeoutMs?: number;
}

const WORKER = new URL('./sqlite-search-worker.ts', import.meta.url);

/**
 * Worker threads, each with its own read-only connection to the local index, answering searches
 * one at a time each; waiting searches queue here, in order, and go to whichever worker is idle
 * first. A worker that stops is replaced, and the search it was answering fails with
 * INDEX_ERROR (503) instead of taking the server down.
 */
export class SqliteSearchPool {
  readonly #slots: Slot[] = [];
  readonly #queue: Pending[] = [];
  readonly #url: URL;
  readonly #timeoutMs: number;
  #nextId = 1;
  #closed = false;

  constructor({ size, workerUrl = WORKER, timeoutMs = 30_000 }: SearchPoolOptions) {
    this.#url = workerUrl;
    this.#timeoutMs = timeoutMs;
    for (let i = 0; i < Math.max(1, size); i++) this.#slots.push(this.#start());
  }

  get size(): number {
    return this.#slots.length;
  }

  /** The search answered by a worker reading the index file at `path`. */
  search(path: string, query: SearchQuery): Promise<SearchResult> {
    return this.#ask(path, query, true) as Promise<SearchResult>;
  }

  /**
   * Has every worker open the index and load what a search keeps in memory (its columns), so
   * the first visitors do not wait for it; the answers are not awaited.
   */
  warm(path: string): void {
    for (let i = 0; i < this.#slots.length; i++) this.#ask(path, null, false).catch(() => undefined);
  }

  #ask(path: string, query: SearchQuery | null, timed: boolean): Promise<SearchResult | null> {
    if (this.#closed) return Promise.reject(new ProtokolError('INDEX_ERROR', 'the search pool is closed'));
    return new Promise((resolve, reject) => {
      this.#queue.push({ request: { id: this.#nextId++, path, query }, timed, resolve, reject });
      this.#pump();
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const pending of this.#queue.splice(0))
      pending.reject(new ProtokolError('INDEX_ERROR', 'the search pool is closed'));
    await Promise.all(this.#slots.map((slot) => slot.worker.terminate()));
  }

  #start(): Slot {
    // The compile cache the CLI enabled: a thread does not inherit it, and without it each worker
    // strips the types of its modules and compiles them again (40–80 ms of its start, measured).
    const cache = getCompileCacheDir?.();
    const worker = new Worker(this.#url, cache ? { env: { ...process.env, NODE_COMPILE_CACHE: cache } } : {});
    // The server's own handles keep the process alive; an idle pool alone does not.
    worker.unref();
    const slot: Slot = { worker, busy: null };
    worker.on('message', (reply: SearchReply) => {
      const pending = slot.busy;
      slot.busy = null;
      clearTimeout(slot.timer);
      slot.worker.unref();
      if (pending && pending.request.id === reply.id) {
        if ('result' in reply) pending.resolve(reply.result);
        else pending.reject(rebuilt(reply.error));
      }
      this.#pump();
    });
    worker.on('error', (error) => {
      slot.failure = error.message;
    });
    worker.on('exit', (code) => {
      const index = this.#slots.indexOf(slot);
      if (this.#closed || index < 0) return;
      clearTimeout(slot.timer);
      const reason = slot.failure ?? `exit code ${code}`;
      console.error(`protokol: a search worker stopped (${reason}); starting another`);
      slot.busy?.reject(new SearchWorkerStoppedError(reason));
      this.#slots[index] = this.#start();
      this.#pump();
    });
    return slot;
  }

  #pump(): void {
    for (const slot of this.#slots) {
      if (!this.#queue.length) return;
      if (slot.busy) continue;
      const pending = this.#queue.shift()!;
      slot.busy = pending;
      // Held open while it answers, so a caller awaiting the answer is not left behind by an exit.
      slot.worker.ref();
      slot.worker.postMessage(pending.request);
      // A search stuck in a worker would hold every search queued behind it: the worker goes.
      if (pending.timed)
        slot.timer = setTimeout(() => {
          slot.failure = `no answer within ${this.#timeoutMs} ms`;
          void slot.worker.terminate();
        }, this.#timeoutMs);
    }
  }
}

/** The error a worker's search raised, as the class the API maps to its status. */
function rebuilt(error: { message: string; code?: string; parameter?: string }): Error {
  if (error.code === 'INVALID_ARGUMENT' && error.parameter)
    return new InvalidArgumentError(error.parameter, error.message);
  if (error.code) return new ProtokolError(error.code as ProtokolError['code'], error.message);
  return new Error(error.message);
}

/** A SQLite index whose file a worker can open, and whose version says when it changed. */
export interface SharedSqliteIndex extends AgendaIndex {
  readonly path: string;
  version(): string;
  close(): Promise<void>;
}

/**
 * The local index as the server uses it: writes and every other read on the server's own
 * connection, computed searches in a pool of workers, and a cache of recent results in front of
 * them, dropped whenever any connection writes or another file is swapped in.
 */
export class PooledSqliteIndex implements AgendaIndex {
  readonly #index: SharedSqliteIndex;
  readonly #pool: SqliteSearchPool;
  readonly #results: VersionedCache<SearchResult>;

  constructor(index: SharedSqliteIndex, pool: SqliteSearchPool, { cachedResults = 0 } = {}) {
    this.#index = index;
    this.#pool = pool;
    this.#results = new VersionedCache(cachedResults);
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    // Taken before the search is handed over: the worker's snapshot is at least this new.
    const version = this.#index.version();
    const key = searchKey(query);
    const cached = this.#results.get(key, version);
    if (cached) return cached;
    const result = await this.#pool.search(this.#index.path, query);
    this.#results.set(key, version, result);
    return result;
  }

  /** See SqliteSearchPool.warm. */
  warm(): void {
    this.#pool.warm(this.#index.path);
  }

  putMeeting(meeting: Meeting) {
    return this.#index.putMeeting(meeting);
  }
  removeMeeting(id: string) {
    return this.#index.removeMeeting(id);
  }
  getMeeting(id: string) {
    return this.#index.getMeeting(id);
  }
  putBilag(bilag: IndexedBilag) {
    return this.#index.putBilag(bilag);
  }
  removeBilag(documentId: string) {
    return this.#index.removeBilag(documentId);
  }
  committees() {
    return this.#index.committees();
  }
  meetingsPerYear(committee: string) {
    return this.#index.meetingsPerYear(committee);
  }
  async close() {
    await this.#pool.close();
    await this.#index.close();
  }
}
