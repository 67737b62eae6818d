import { type ChildProcess, fork } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { getCompileCacheDir } from 'node:module';
import { availableParallelism } from 'node:os';
import { DocumentRejectedError, ProtokolError } from '../../../domain/errors.ts';
import type { ReaderError, ReaderReply, ReaderRequest, ReaderTask } from './reader-protocol.ts';

/** How a pool of readers is sized and limited. */
export interface ReaderPoolOptions {
  /** Readers (processes) at once; the machine's cores by default. */
  size?: number;
  /** The JavaScript heap of a reader (`--max-old-space-size`), in MB: the memory limit of a document. */
  heapMb?: number;
  /**
   * The heap readers start with, in MB. V8 sizes a heap by its limit (measured on 3-page
   * minutes: a reader with 768 or 256 MB holds 210–240 MB resident, one with 128 MB 95 MB), so
   * readers start small and a document that needs more is read once more with the full `heapMb`.
   */
  startHeapMb?: number;
  /**
   * The whole resident memory of a reader, in MB: native memory too (page images, the OCR
   * engine), which no heap limit sees. A reader past it is killed. Linux only (/proc).
   */
  rssMb?: number;
  /** Time one document may take to read or parse, in seconds. */
  timeoutSeconds?: number;
  /** More time for each page that is OCR'ed, in seconds. */
  ocrSecondsPerPage?: number;
  /** Tries of a document whose reader crashed (not for a limit it went past) before it fails. */
  maxCrashes?: number;
  /** A reader left idle this long exits, giving its memory back, in seconds. */
  idleSeconds?: number;
  /** The module a reader runs: the default reader, or another one speaking the same protocol. */
  entry?: URL;
  /** Environment of the readers. */
  env?: NodeJS.ProcessEnv;
}

interface Job {
  task: ReaderTask;
  name: string;
  crashes: number;
  /** Needs a reader with the full heap: it ran out of the smaller one. */
  large: boolean;
  onOcr?: (pages: number[]) => void | Promise<void>;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface Reader {
  child: ChildProcess;
  large: boolean;
  job: Job | null;
  /** The last of what the reader wrote to stderr: how V8 says it ran out of heap. */
  stderr: string;
  /** Why the pool stopped it, when it did. */
  killedFor: 'time' | 'memory' | null;
  deadline: NodeJS.Timeout | null;
  watch: NodeJS.Timeout | null;
  idle: NodeJS.Timeout | null;
  extraSeconds: number;
  /** Resident memory at the last look, in MB. */
  residentMb: number;
  /** Stopped (idle too long, or holding too much memory): takes no more work. */
  retired: boolean;
}

const DEFAULT_ENTRY = new URL('./reader-process.ts', import.meta.url);
const OUT_OF_HEAP = /heap out of memory|Reached heap limit|Allocation failed|OutOfMemory/i;
let nextId = 1;

/**
 * A pool of reader processes, sized to the machine: each reads one document at a time, in a
 * process of its own with a heap limit, a resident-memory watch and a time limit. A reader that
 * goes past a limit is killed and its document fails with a reason naming the file and the limit;
 * a reader that crashes fails only its document (after `maxCrashes` tries) and is replaced; the
 * process that owns the pool never holds a document's text in the making.
 */
export class ReaderPool {
  readonly size: number;
  readonly #heapMb: number;
  readonly #rssMb: number;
  readonly #startHeapMb: number;
  readonly #timeoutSeconds: number;
  readonly #ocrSecondsPerPage: number;
  readonly #maxCrashes: number;
  readonly #idleMs: number;
  readonly #entry: URL;
  readonly #env: NodeJS.ProcessEnv;
  readonly #readers = new Set<Reader>();
  readonly #waiting: Job[] = [];
  #closed = false;

  constructor(options: ReaderPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? availableParallelism());
    this.#heapMb = options.heapMb ?? 768;
    this.#rssMb = options.rssMb ?? 2 * this.#heapMb;
    this.#startHeapMb = Math.min(options.startHeapMb ?? 128, this.#heapMb);
    this.#timeoutSeconds = options.timeoutSeconds ?? 180;
    this.#ocrSecondsPerPage = options.ocrSecondsPerPage ?? 30;
    this.#maxCrashes = Math.max(1, options.maxCrashes ?? 2);
    this.#idleMs = (options.idleSeconds ?? 30) * 1000;
    this.#entry = options.entry ?? DEFAULT_ENTRY;
    this.#env = options.env ?? process.env;
  }

  /** Runs one task in a reader; `name` is the file the reasons of a failure name. */
  run<T>(task: ReaderTask, name: string, onOcr?: (pages: number[]) => void | Promise<void>): Promise<T> {
    if (this.#closed) return Promise.reject(new Error('the reader pool is closed'));
    return new Promise<T>((resolve, reject) => {
      this.#waiting.push({
        task,
        name,
        crashes: 0,
        large: false,
        onOcr,
        resolve: resolve as (v: unknown) => void,
        reject,
      });
      this.#dispatch();
    });
  }

  /** Readers running now (for tests and the benchmark). */
  get pids(): number[] {
    return [...this.#readers].flatMap((r) => (r.child.pid ? [r.child.pid] : []));
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const job of this.#waiting.splice(0)) job.reject(new Error('the reader pool was closed'));
    await Promise.all(
      [...this.#readers].map(
        (reader) =>
          new Promise<void>((resolve) => {
            this.#clearTimers(reader);
            if (reader.child.exitCode !== null || reader.child.signalCode !== null) return resolve();
            // Held until it has exited, or the process would end with this promise pending.
            reader.child.ref();
            reader.child.once('exit', () => resolve());
            reader.child.kill('SIGKILL');
          }),
      ),
    );
    this.#readers.clear();
  }

  #dispatch(): void {
    while (this.#waiting.length) {
      const large = this.#waiting[0]!.large;
      const idle = [...this.#readers].filter((r) => !r.job && !r.retired);
      let reader = idle.find((r) => r.large === large);
      if (!reader) {
        if (this.#readers.size >= this.size) {
          // A reader of the other size is idle: it makes room, and its exit dispatches again.
          if (idle[0]) this.#retire(idle[0]);
          return;
        }
        reader = this.#spawn(large);
      }
      this.#start(reader, this.#waiting.shift()!);
    }
  }

  /** Resident memory a reader may use, in MB. */
  #rssLimit(reader: Reader): number {
    return reader.large || !this.#tiers ? this.#rssMb : Math.min(this.#rssMb, 2 * this.#startHeapMb);
  }

  /** Readers start with a smaller heap than the limit, and a document may move up. */
  get #tiers(): boolean {
    return this.#startHeapMb < this.#heapMb;
  }

  #spawn(large: boolean): Reader {
    const heapMb = large ? this.#heapMb : this.#startHeapMb;
    const child = fork(this.#entry, [], {
      // Two malloc arenas: less resident memory per reader. An 8 MB young generation (semi-space;
      // V8's default grows to 16): pdf.js makes short-lived objects by the page, and with 1 MB a
      // reader's profile put a quarter of its busy time in the garbage collector; 8 MB took
      // 1.6 ms of CPU a page off (1,000 generated minutes) for a few MB more resident memory.
      execArgv: [
        `--max-old-space-size=${heapMb}`,
        '--max-semi-space-size=8',
        '--disable-warning=ExperimentalWarning',
      ],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      // The compile cache the CLI enabled, so a reader starts without compiling its modules again.
      env: {
        MALLOC_ARENA_MAX: '2',
        ...(getCompileCacheDir?.() ? { NODE_COMPILE_CACHE: getCompileCacheDir() } : {}),
        ...this.#env,
      },
    });
    const reader: Reader = {
      child,
      large,
      job: null,
      stderr: '',
      killedFor: null,
      deadline: null,
      watch: null,
      idle: null,
      extraSeconds: 0,
      residentMb: 0,
      retired: false,
    };
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      reader.stderr = (reader.stderr + chunk).slice(-4096);
    });
    child.on('message', (reply: ReaderReply) => this.#reply(reader, reply));
    child.on('error', () => {
      // A failed fork or IPC: 'exit' follows and settles the job.
    });
    child.on('exit', (code, signal) => this.#exited(reader, code, signal));
    this.#readers.add(reader);
    return reader;
  }

  #start(reader: Reader, job: Job): void {
    reader.job = job;
    reader.killedFor = null;
    reader.extraSeconds = 0;
    if (reader.idle) clearTimeout(reader.idle);
    reader.idle = null;
    reader.child.ref();
    (reader.child.channel as { ref?: () => void } | undefined)?.ref?.();
    this.#arm(reader, this.#timeoutSeconds);
    if (process.platform === 'linux' && reader.child.pid) {
      const pid = reader.child.pid;
      reader.watch = setInterval(() => {
        void residentMb(pid).then((mb) => {
          reader.residentMb = mb;
          if (mb > this.#rssLimit(reader) && reader.job === job) this.#kill(reader, 'memory');
        });
      }, 200);
    }
    const request: ReaderRequest = { id: nextId++, task: job.task };
    reader.child.send(request, (error) => {
      if (error) this.#kill(reader, null);
    });
  }

  /** (Re)sets the time limit of the reader's job to `seconds` from now. */
  #arm(reader: Reader, seconds: number): void {
    if (reader.deadline) clearTimeout(reader.deadline);
    reader.deadline = setTimeout(() => this.#kill(reader, 'time'), seconds * 1000);
  }

  #reply(reader: Reader, reply: ReaderReply): void {
    const job = reader.job;
    if (!job) return;
    if (reply.type === 'ocr') {
      // OCR takes its time per page: the limit grows with the pages to read.
      reader.extraSeconds = reply.pages.length * this.#ocrSecondsPerPage;
      this.#arm(reader, this.#timeoutSeconds + reader.extraSeconds);
      void Promise.resolve(job.onOcr?.(reply.pages)).catch(() => {});
      return;
    }
    this.#finish(reader);
    if (reply.type === 'done') job.resolve(reply.value);
    else job.reject(reviveError(reply.error));
  }

  #exited(reader: Reader, code: number | null, signal: NodeJS.Signals | null): void {
    const job = reader.job;
    this.#clearTimers(reader);
    this.#readers.delete(reader);
    reader.job = null;
    if (job) {
      const limit = this.#limitReason(reader, job);
      if (limit?.code === 'TOO_LARGE' && this.#tiers && !reader.large) {
        // Out of the smaller heap: read once more with the full one.
        job.large = true;
        this.#waiting.unshift(job);
      } else if (limit) {
        job.reject(limit);
      } else {
        job.crashes++;
        if (job.crashes >= this.#maxCrashes) {
          const how = signal ? `signal ${signal}` : `exit code ${code}`;
          job.reject(
            new DocumentRejectedError(
              'READER_CRASHED',
              `${job.name}: reading it crashed the reader ${job.crashes} times (${how}); it is not tried again`,
            ),
          );
        } else {
          this.#waiting.unshift(job);
        }
      }
    }
    if (!this.#closed) this.#dispatch();
  }

  #limitReason(reader: Reader, job: Job): DocumentRejectedError | null {
    if (reader.killedFor === 'time') {
      const seconds = this.#timeoutSeconds + reader.extraSeconds;
      return new DocumentRejectedError(
        'TIMED_OUT',
        `${job.name}: reading it took longer than ${seconds} s, the time limit of a document`,
      );
    }
    if (reader.killedFor === 'memory' || OUT_OF_HEAP.test(reader.stderr)) {
      const mb = reader.killedFor === 'memory' ? this.#rssMb : this.#heapMb;
      return new DocumentRejectedError(
        'TOO_LARGE',
        `${job.name}: reading it needs more than ${mb} MB of memory, the limit of a reader`,
      );
    }
    return null;
  }

  #finish(reader: Reader): void {
    this.#clearTimers(reader);
    reader.job = null;
    // A reader a large document left holding much memory (V8 keeps a grown heap) is replaced.
    if ((this.#tiers && reader.large) || reader.residentMb > this.#rssLimit(reader) * 0.75) {
      this.#retire(reader);
      return;
    }
    // An idle reader holds the process open no longer, and exits after a while.
    reader.child.unref();
    (reader.child.channel as { unref?: () => void } | undefined)?.unref?.();
    reader.idle = setTimeout(() => this.#retire(reader), this.#idleMs);
    reader.idle.unref();
    queueMicrotask(() => this.#dispatch());
  }

  /** Stops an idle reader; the pool starts another when work comes ('exit' dispatches). */
  #retire(reader: Reader): void {
    reader.retired = true;
    reader.child.kill();
  }

  #kill(reader: Reader, why: Reader['killedFor']): void {
    if (!reader.job) return;
    reader.killedFor = why;
    reader.child.kill('SIGKILL');
  }

  #clearTimers(reader: Reader): void {
    for (const timer of [reader.deadline, reader.watch, reader.idle]) if (timer) clearTimeout(timer);
    reader.deadline = reader.watch = reader.idle = null;
  }
}

async function residentMb(pid: number): Promise<number> {
  try {
    const statm = await readFile(`/proc/${pid}/statm`, 'utf8');
    return (Number(statm.split(' ')[1]) * 4096) / 1024 / 1024;
  } catch {
    return 0;
  }
}

/** The error a reader reported, as the domain error it was (its code and reason kept). */
export function reviveError(error: ReaderError): Error {
  if (error.code && error.name === 'DocumentRejectedError')
    return new DocumentRejectedError(error.code as DocumentRejectedError['code'], error.message);
  if (error.code) return new ProtokolError(error.code as ProtokolError['code'], error.message);
  return new Error(error.message);
}
