import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import type { Client } from '@opensearch-project/opensearch';
import { inProcessExtractors } from '../adapters/extract/in-process.ts';
import { SandboxedDocumentReader } from '../adapters/extract/sandbox/sandboxed-document-reader.ts';
import { FsDocumentStore } from '../adapters/fs/fs-document-store.ts';
import { OpenSearchAgendaIndex } from '../adapters/opensearch/opensearch-agenda-index.ts';
import { SqliteMeetingStore } from '../adapters/sqlite/sqlite-meeting-store.ts';
import { PooledSqliteIndex, SqliteSearchPool } from '../adapters/sqlite/sqlite-search-pool.ts';
import { SwappableSqliteIndex } from '../adapters/sqlite/swappable-sqlite-index.ts';
import type { UploadDeps } from '../api/uploads.ts';
import type { LocalConfig } from '../config.ts';
import { detectType } from '../ingest/detect-type.ts';
import type { ExtractionOptions } from '../ingest/extract.ts';
import { Archive } from '../ingest/ingest.ts';
import { DEFAULT_STUCK_POLICY } from '../ingest/recover-stuck.ts';
import { TaskQueue } from '../ingest/task-queue.ts';
import type { AgendaIndex } from '../ports/agenda-index.port.ts';

/** Tries of a document the whole process stopped in (a crash outside the sandbox, a kill) before it is failed. */
export const MAX_ATTEMPTS = 2;

/**
 * The extraction of the local home: every document is read and parsed in a pool of sandboxed
 * reader processes (one per core, each with a memory and a time limit), which run the extractors
 * (pdf.js, mammoth, htmlparser2) and OCR (tesseract.js); this process loads none of them.
 */
export function localExtraction(
  config: Pick<LocalConfig, 'ocr'> &
    Partial<Pick<LocalConfig, 'readers' | 'readerMemoryMb' | 'readTimeoutSeconds'>>,
): ExtractionOptions {
  return {
    // For callers that read in process on purpose (OCR deferred elsewhere, a Lambda run locally).
    extractors: inProcessExtractors(),
    reader: new SandboxedDocumentReader({
      ocr: config.ocr,
      ...(config.readers ? { size: config.readers } : {}),
      ...(config.readerMemoryMb ? { heapMb: config.readerMemoryMb } : {}),
      ...(config.readTimeoutSeconds ? { timeoutSeconds: config.readTimeoutSeconds } : {}),
    }),
  };
}

export interface LocalHomeOptions {
  /**
   * For a process that writes many documents and never searches (`load`): the SQLite index keeps
   * 8 MB of its pages in memory, not 64 MB and a mapping (30 MB less resident at 1,000 files).
   */
  bulkLoad?: boolean;
  /** For `serve`: computed searches run in worker threads with read-only connections (PROTOKOL_SEARCH_WORKERS). */
  serving?: boolean;
}

export interface LocalHome {
  archive: Archive;
  config: LocalConfig;
  close(): Promise<void>;
}

/**
 * The local home's index: SQLite FTS5 in the data folder (the embedded default), or an OpenSearch
 * node (`--index opensearch --opensearch-url URL`), whose indexes are created on first use. For
 * the server (`serving`), SQLite computes searches in `searchWorkers` worker threads, so that
 * concurrent visitors are served by every core.
 */
export function localIndex(
  config: LocalConfig,
  options: LocalHomeOptions = {},
): AgendaIndex & { close(): Promise<void> } {
  if (config.index === 'opensearch') {
    // Required here, not imported at the top: the client is ~550 modules (100–200 ms at every
    // start), and the embedded default never uses it.
    const { Client: OpenSearchClient } = createRequire(import.meta.url)('@opensearch-project/opensearch') as {
      Client: typeof Client;
    };
    const client = new OpenSearchClient({ node: config.opensearchUrl! });
    const index = new OpenSearchAgendaIndex(client, { prefix: config.indexPrefix, createIndexes: true });
    return Object.assign(index, { close: () => client.close() });
  }
  if (options.serving && config.searchWorkers > 0) {
    const pool = new SqliteSearchPool({ size: config.searchWorkers });
    const index = new PooledSqliteIndex(new SwappableSqliteIndex(config.dataDir), pool, {
      cachedResults: config.searchCache,
    });
    // Every worker opens the index and loads its columns now, on its own thread.
    index.warm();
    return index;
  }
  return new SwappableSqliteIndex(config.dataDir, {
    cachedResults: config.searchCache,
    ...(options.bulkLoad ? { pageCacheMb: 8 } : {}),
  });
}

/**
 * The embedded default: a data folder for files, data/meetings.sqlite for records and meetings,
 * SQLite FTS5 (or OpenSearch) for the index (a projection of the meetings), tesseract.js for OCR.
 */
export function createLocalHome(config: LocalConfig, options: LocalHomeOptions = {}): LocalHome {
  const extraction = localExtraction(config);
  const index = localIndex(config, options);
  const meetings = new SqliteMeetingStore(config.dataDir);
  const archive = new Archive({ store: new FsDocumentStore(config.dataDir), meetings, index, extraction });
  return {
    archive,
    config,
    async close() {
      await extraction.reader?.close();
      await index.close();
      await meetings.close();
    },
  };
}

/**
 * Uploads for the local home: checked at once, registered as queued, processed in the background
 * by a bounded queue. Documents a crash left half-done are queued again.
 */
export async function localUploads(home: LocalHome): Promise<UploadDeps & { queue: TaskQueue }> {
  const { archive, config } = home;
  // Loaded here, not at the top: the upload routes (zod, the S3 upload types) are the server's alone.
  const { bearerToken } = await import('../api/uploads.ts');
  // As many documents under way as there are readers, so every core reads.
  const queue = new TaskQueue(config.readers || availableParallelism());
  const schedule = (id: string) => queue.push(() => archive.process(id));
  // Work a crash left under way is tried again, a few times, then failed with the reason. Looked
  // for in the background: the server listens at once, however many records the archive holds.
  queue.push(async () => {
    const stuck = await archive.recoverStuck(DEFAULT_STUCK_POLICY, { all: true });
    for (const record of stuck.retry) {
      if ((record.attempts ?? 0) >= MAX_ATTEMPTS) {
        // The process stopped while reading it, every time: queued again, it would stop it again.
        await archive.store.putRecord({
          ...record,
          status: 'failed',
          errorCode: 'READER_CRASHED',
          reason: `${record.name}: processing stopped part-way ${record.attempts} times (the server stopped while reading it); it is not tried again`,
          updatedAt: new Date().toISOString(),
        });
        continue;
      }
      schedule(record.id);
    }
  });
  return {
    queue,
    authorize: bearerToken(config.uploadToken),
    maxBytes: config.maxUploadBytes,
    async accept(doc) {
      detectType(doc.bytes, doc.name);
      const record = await archive.enqueue(doc);
      if (record.status === 'queued') schedule(record.id);
      return record;
    },
    remove: (id) => archive.remove(id),
    list: () => archive.store.listRecords(),
  };
}
