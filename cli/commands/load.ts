import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { FsDocumentStore } from '../../shared/adapters/fs/fs-document-store.ts';
import type { LocalHome } from '../../shared/composition/local.ts';
import { failureReason } from '../../shared/domain/errors.ts';
import type { DocumentKind, UploadMetadata } from '../../shared/domain/model.ts';
import { detectType } from '../../shared/ingest/detect-type.ts';
import { documentId, unreadable } from '../../shared/ingest/pipeline.ts';
import { type Command, configFrom, UsageError, type Values } from '../command.ts';
import { StatCache, stampOf, walkFiles } from '../files.ts';
import { InFlight } from '../in-flight.ts';
import { Progress } from '../progress.ts';

const KINDS = new Set(['referat', 'dagsorden', 'punkt', 'bilag']);

export const loadCommand: Command = {
  summary: 'bulk-load folders of historical minutes, with progress, resume and a report',
  usage:
    'protokol load DIR... [--to s3://BUCKET/uploads/PREFIX] [--manifest FILE.csv] [--concurrency N] [--retry-failed] [--report FILE.csv]',
  help: `Walks folders of thousands of files into the data folder. Files already loaded (same
bytes) are skipped, so a load that was stopped, even with kill -9, resumes where it stopped
when run again; a file whose size, modification time and inode are what they were when it was
last loaded is not even read. Documents are read and parsed in reader processes, one per
core. Shows a progress bar with rate and time left on a terminal, plain lines
otherwise, and writes a report (file, status, reason, meeting id) as CSV.

With --to s3://BUCKET/uploads/… the files go to a deployment's documents bucket instead (AWS
credentials and region from the environment, as for the AWS CLI), where its pipeline takes them
in; a file is uploaded once, and "unchanged" when the deployment has it already. Each upload
carries the manifest's metadata. The report then says "uploaded"; the document status is in
the deployment (GET /api/documents/{id}).

Options:
  --to s3://BUCKET/P   upload into a deployment; P must start with uploads/
  --manifest FILE.csv  metadata a file lacks; columns: path, committee, date, kind,
                       authority (e.g. "Greve Kommune")
                       (path relative to DIR or just the file name)
  --concurrency N      files read and parsed at a time (default 2; the readers are
                       one per core, PROTOKOL_READERS); four times as many are
                       in flight (within 64 MB of files), read and waiting, while
                       the results of others are written
  --retry-failed       process only files that failed before (with --to: upload again
                       the files the deployment failed on)
  --report FILE.csv    where to write the report (default DATA/reports/load-<time>.csv)

Exit code: 0 when every file succeeded, 2 when some failed, 1 on a usage error.`,
  options: {
    to: { type: 'string' },
    manifest: { type: 'string' },
    concurrency: { type: 'string' },
    'retry-failed': { type: 'boolean' },
    report: { type: 'string' },
  },
  run: (positionals, values) => load(positionals, values),
};

/** What `load` did with one file. */
interface LoadOutcome {
  status: 'indexed' | 'unchanged' | 'failed' | 'ocr' | 'uploaded' | 'skipped';
  reason: string | null;
  meetingId: string | null;
}

/** Where `load` puts files: the local archive, or the uploads prefix of a deployment's bucket. */
interface LoadTarget {
  load(
    file: { name: string; bytes: Uint8Array },
    metadata: UploadMetadata,
    retryFailed: boolean,
  ): Promise<LoadOutcome>;
  /** What the target holds of a document already, by its id. */
  known(id: string): Promise<{ status: string; meetingId: string | null } | null>;
  /** Names the target, for the file that remembers what was loaded into it. */
  readonly key: string;
  /**
   * A document is read in a reader process, then written (index, meeting store, files) in this
   * one. More documents are then in flight than there are readers (`IN_FLIGHT_PER_READER`), so a
   * reader has the next file while this process writes the results of others, instead of waiting.
   */
  readonly readsInReaders?: boolean;
  close(): Promise<void>;
}

/**
 * The local archive. Its records are looked up in the data folder's store alone; the archive
 * (the index, the meeting store, the reader processes and the pipeline's modules) is opened when
 * the first file is to be read, so a re-run over unchanged files loads and starts none of it.
 */
function localTarget(values: Values): LoadTarget & { dataDir: string } {
  const config = configFrom(values);
  const records = new FsDocumentStore(config.dataDir);
  let home: Promise<LocalHome> | null = null;
  const open = () => {
    home ??= import('../../shared/composition/local.ts').then(({ createLocalHome }) =>
      createLocalHome(config, { bulkLoad: true }),
    );
    return home;
  };
  return {
    dataDir: config.dataDir,
    async load(file, metadata, retryFailed) {
      const existing = await records.getRecord(documentId(file.bytes));
      if (retryFailed && existing?.status !== 'failed')
        return { status: 'skipped', reason: null, meetingId: null };
      return (await open()).archive.ingest({ ...file, metadata });
    },
    async known(id) {
      // A document left half-done (a load killed mid-way) is read again and finished.
      const record = await records.getRecord(id);
      return record && ['indexed', 'failed'].includes(record.status) ? record : null;
    },
    key: 'local',
    readsInReaders: true,
    async close() {
      if (home) await (await home).close();
      records.close();
    },
  };
}

/** A deployment's documents bucket: `s3://bucket/uploads/…`. The AWS SDK loads only for it. */
export async function s3Target(url: string, client?: S3Client): Promise<LoadTarget> {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/?(.*)$/.exec(url);
  if (!match) throw new UsageError(`--to must be s3://BUCKET/uploads/…, not "${url}"`);
  const [, bucket, rest] = match as unknown as [string, string, string];
  const prefix = rest === '' ? 'uploads/' : rest.endsWith('/') ? rest : `${rest}/`;
  if (!prefix.startsWith('uploads/'))
    throw new UsageError(
      `--to ${url}: the pipeline takes in files under uploads/, so the prefix must start with it`,
    );
  const [{ S3Client }, { S3DocumentStore }, { S3Uploads }] = await Promise.all([
    import('@aws-sdk/client-s3'),
    import('../../shared/adapters/s3/s3-document-store.ts'),
    import('../../shared/adapters/s3/s3-uploads.ts'),
  ]);
  const s3 = client ?? new S3Client({});
  const store = new S3DocumentStore(s3, bucket);
  const uploads = new S3Uploads(s3, bucket, prefix);
  return {
    async load(file, metadata, retryFailed) {
      const id = documentId(file.bytes);
      const record = await store.getRecord(id);
      if (retryFailed && record?.status !== 'failed')
        return { status: 'skipped', reason: null, meetingId: null };
      if (record && record.status !== 'failed')
        return { status: 'unchanged', reason: null, meetingId: record.meetingId };
      let mediaType: string;
      try {
        mediaType = detectType(file.bytes, file.name);
      } catch (error) {
        return { status: 'failed', reason: failureReason(error).reason, meetingId: null };
      }
      if (!record && (await uploads.has(id, file.name)))
        return { status: 'unchanged', reason: null, meetingId: null };
      await uploads.put(id, file.name, file.bytes, mediaType, metadata);
      return { status: 'uploaded', reason: null, meetingId: null };
    },
    known: (id) => store.getRecord(id),
    key: `s3-${bucket}-${prefix.replace(/[^a-zA-Z0-9._-]+/g, '_')}`,
    async close() {},
  };
}

/** The load command; `deps.s3` stands in for the S3 client built from the environment. */
export async function load(
  positionals: string[],
  values: Values,
  deps: { s3?: S3Client } = {},
): Promise<number> {
  if (!positionals.length) throw new UsageError('give at least one folder');
  const concurrency = Number(values.concurrency ?? 2);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32)
    throw new UsageError('--concurrency must be 1 to 32');
  const manifest = typeof values.manifest === 'string' ? await readManifest(values.manifest) : new Map();
  const retryFailed = values['retry-failed'] === true;
  const dataDir = configFrom(values).dataDir;
  const target = typeof values.to === 'string' ? await s3Target(values.to, deps.s3) : localTarget(values);
  const reportPath =
    typeof values.report === 'string'
      ? values.report
      : join(dataDir, 'reports', `load-${new Date().toISOString().replace(/[:.]/g, '-')}.csv`);
  await mkdir(resolve(reportPath, '..'), { recursive: true });
  const report = new Report(createWriteStream(reportPath));
  report.row(['file', 'status', 'reason', 'meeting_id']);
  const cache = await StatCache.open(join(dataDir, 'load', `${target.key}.json`));
  const saving = setInterval(() => void cache.save().catch(() => {}), 30_000);
  saving.unref();
  try {
    let total = 0;
    for await (const _ of walkFiles(positionals)) total++;
    const progress = new Progress(total, process.stderr);
    const counts = { indexed: 0, unchanged: 0, failed: 0, ocr: 0, uploaded: 0, skipped: 0, read: 0 };
    const started = performance.now();
    // Many files are looked at at once (a stat and a record read each); of those, `concurrency`
    // at most are read and ingested, or more for a target that reads in reader processes, as
    // many as IN_FLIGHT_BYTES of files allow.
    const reading = new InFlight(
      concurrency * (target.readsInReaders ? IN_FLIGHT_PER_READER : 1),
      IN_FLIGHT_BYTES,
    );
    await pool(walkFiles(positionals), Math.max(concurrency, 16), async (file) => {
      let outcome: LoadOutcome;
      if (file.error) {
        outcome = unreadable(file.path, `${file.path}: ${file.error}`);
      } else {
        outcome =
          (await knownUnchanged(file.path)) ??
          // Weighed by its size; stamped again once its turn comes, just before it is read.
          (await reading.run((await stampOf(file.path))?.size ?? 0, async () => {
            const stamp = await stampOf(file.path);
            const bytes = await readFile(file.path);
            counts.read++;
            const metadata = metadataFor(manifest, positionals, file.path);
            const loaded = await target
              .load({ name: file.name, bytes }, metadata, retryFailed)
              .catch((error) => ({
                status: 'failed' as const,
                reason: `${file.path}: ${failureReason(error).reason}`,
                meetingId: null,
              }));
            // A file still being written (modified in the last seconds) is not vouched for.
            if (stamp && Date.now() - stamp.mtimeMs > 2000)
              cache.remember(file.path, stamp, documentId(bytes));
            return loaded;
          }));
      }
      counts[outcome.status]++;
      if (outcome.status !== 'skipped') {
        report.row([file.path, outcome.status, outcome.reason ?? '', outcome.meetingId ?? '']);
        progress.tick(
          outcome.status === 'failed'
            ? `failed     ${file.path}: ${outcome.reason}`
            : `${outcome.status.padEnd(10)} ${file.path}`,
        );
      } else {
        progress.tick(null);
      }
    });
    progress.done();
    const seconds = (performance.now() - started) / 1000;
    const done = typeof values.to === 'string' ? `${counts.uploaded} uploaded` : `${counts.indexed} indexed`;
    console.log(
      `${done}, ${counts.unchanged} unchanged, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''} in ${seconds.toFixed(1)} s · ${counts.read} files read · report: ${reportPath}`,
    );
    return counts.failed ? 2 : 0;
  } finally {
    clearInterval(saving);
    await cache.save().catch(() => {});
    await report.end();
    await target.close();
  }

  /**
   * The outcome of a file whose size, time and inode are those it had when it was last read,
   * and whose document the target holds: decided without reading or hashing the file.
   */
  async function knownUnchanged(path: string): Promise<LoadOutcome | null> {
    const stamp = await stampOf(path);
    const id = stamp && cache.idOf(path, stamp);
    if (!id) return null;
    const record = await target.known(id);
    if (!record) return null;
    if (retryFailed)
      return record.status === 'failed' ? null : { status: 'skipped', reason: null, meetingId: null };
    // A failed document is tried again, as when its bytes are read.
    if (record.status === 'failed') return null;
    return { status: 'unchanged', reason: null, meetingId: record.meetingId };
  }
}

/**
 * The CSV report, its rows written together (one write, and syscall, per batch, not per file)
 * and within a fifth of a second: a load that crashes leaves a report of what it did.
 */
class Report {
  readonly #out: WriteStream;
  #rows: string[] = [];
  #flush: NodeJS.Timeout | null = null;

  constructor(out: WriteStream) {
    this.#out = out;
  }

  row(cells: string[]): void {
    this.#rows.push(`${cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')}\n`);
    if (this.#rows.length >= 200) this.#write();
    else this.#flush ??= setTimeout(() => this.#write(), 200);
  }

  /** Writes the rows still held, and closes the file. */
  end(): Promise<void> {
    this.#write();
    return new Promise((done) => this.#out.end(done));
  }

  #write(): void {
    if (this.#flush) clearTimeout(this.#flush);
    this.#flush = null;
    if (this.#rows.length) this.#out.write(this.#rows.join(''));
    this.#rows = [];
  }
}

/** Runs `work` over an async stream with at most `limit` at once, never reading far ahead. */
async function pool<T>(
  items: AsyncIterable<T>,
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  const running = new Set<Promise<void>>();
  for await (const item of items) {
    const task: Promise<void> = work(item).finally(() => running.delete(task));
    running.add(task);
    if (running.size >= limit) await Promise.race(running);
  }
  await Promise.all(running);
}

/** At most `limit` tasks at once, the others waiting in order. */
/**
 * Documents in flight in a load reading in reader processes, per reader. With 2 (a reader has
 * one file queued), and a document read and parsed in two trips to its reader, a reader found no
 * work queued at 40% of the times it finished one and sat idle a fifth of the load (1,000
 * generated minutes, 2 readers): the documents in flight were mostly in this process, waiting
 * for their files and records to be written. With one trip a document (PDFium reading), three
 * runs each: 2 gave 502 pages/s, 4 gave 540, 8 gave 517–529 with 30 MiB more in this process.
 */
const IN_FLIGHT_PER_READER = 4;
/** File bytes in flight at most, so many documents in flight stay few when the files are large scans. */
const IN_FLIGHT_BYTES = 64 * 1024 * 1024;

type Manifest = Map<string, UploadMetadata>;

/** Reads a manifest CSV (path, committee, date, kind), keyed by path and by file name. */
export async function readManifest(path: string): Promise<Manifest> {
  let rows: Record<string, string>[];
  const { parse: parseCsv } = await import('csv-parse/sync');
  try {
    rows = parseCsv(await readFile(path, 'utf8'), {
      columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      bom: true,
    });
  } catch (error) {
    throw new UsageError(`${path}: ${(error as Error).message}`);
  }
  const manifest: Manifest = new Map();
  for (const [i, row] of rows.entries()) {
    if (!row.path) throw new UsageError(`${path}, row ${i + 2}: no path`);
    if (row.kind && !KINDS.has(row.kind))
      throw new UsageError(`${path}, row ${i + 2}: unknown kind "${row.kind}"`);
    if (row.date && !/^\d{4}-\d{2}-\d{2}/.test(row.date))
      throw new UsageError(`${path}, row ${i + 2}: date must be YYYY-MM-DD`);
    const metadata: UploadMetadata = {
      ...(row.committee ? { committee: row.committee } : {}),
      ...(row.date ? { date: row.date } : {}),
      ...(row.kind ? { kind: row.kind as DocumentKind } : {}),
      ...(row.authority ? { authority: row.authority } : {}),
    };
    manifest.set(row.path.replace(/^\.\//, ''), metadata);
  }
  return manifest;
}

function metadataFor(manifest: Manifest, roots: string[], file: string): UploadMetadata {
  if (manifest.size === 0) return {};
  for (const root of roots) {
    const hit = manifest.get(relative(root, file));
    if (hit) return hit;
  }
  return manifest.get(basename(file)) ?? {};
}
