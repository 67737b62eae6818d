import { Client } from '@opensearch-project/opensearch';
import { DocxTextExtractor } from '../adapters/extract/docx-text-extractor.ts';
import { FirstAgendaExtractor } from '../adapters/extract/firstagenda-extractor.ts';
import { HtmlTextExtractor } from '../adapters/extract/html-text-extractor.ts';
import { PdfTextExtractor } from '../adapters/extract/pdf-text-extractor.ts';
import { FsDocumentStore } from '../adapters/fs/fs-document-store.ts';
import { WorkerPdfOcr } from '../adapters/ocr/worker-pdf-ocr.ts';
import { OpenSearchAgendaIndex } from '../adapters/opensearch/opensearch-agenda-index.ts';
import { SqliteMeetingStore } from '../adapters/sqlite/sqlite-meeting-store.ts';
import { SwappableSqliteIndex } from '../adapters/sqlite/swappable-sqlite-index.ts';
import { bearerToken, type UploadDeps } from '../api/uploads.ts';
import type { LocalConfig } from '../config.ts';
import { detectType } from '../ingest/detect-type.ts';
import type { ExtractionOptions } from '../ingest/extract.ts';
import { Archive } from '../ingest/ingest.ts';
import { DEFAULT_STUCK_POLICY } from '../ingest/recover-stuck.ts';
import { TaskQueue } from '../ingest/task-queue.ts';
import type { AgendaIndex } from '../ports/agenda-index.port.ts';

/** The extractors and OCR of the local home. */
export function localExtraction(config: Pick<LocalConfig, 'ocr'>): ExtractionOptions {
  return {
    extractors: [
      new PdfTextExtractor(),
      new DocxTextExtractor(),
      new HtmlTextExtractor(),
      new FirstAgendaExtractor(),
    ],
    ...(config.ocr ? { ocr: new WorkerPdfOcr() } : {}),
  };
}

export interface LocalHome {
  archive: Archive;
  config: LocalConfig;
  close(): Promise<void>;
}

/**
 * The local home's index: SQLite FTS5 in the data folder (the embedded default), or an OpenSearch
 * node (`--index opensearch --opensearch-url URL`), whose indexes are created on first use.
 */
export function localIndex(config: LocalConfig): AgendaIndex & { close(): Promise<void> } {
  if (config.index === 'opensearch') {
    const client = new Client({ node: config.opensearchUrl! });
    const index = new OpenSearchAgendaIndex(client, { prefix: config.indexPrefix, createIndexes: true });
    return Object.assign(index, { close: () => client.close() });
  }
  return new SwappableSqliteIndex(config.dataDir, { cachedResults: config.searchCache });
}

/**
 * The embedded default: a data folder for files, data/meetings.sqlite for records and meetings,
 * SQLite FTS5 (or OpenSearch) for the index (a projection of the meetings), tesseract.js for OCR.
 */
export function createLocalHome(config: LocalConfig): LocalHome {
  const extraction = localExtraction(config);
  const index = localIndex(config);
  const meetings = new SqliteMeetingStore(config.dataDir);
  const archive = new Archive({ store: new FsDocumentStore(config.dataDir), meetings, index, extraction });
  return {
    archive,
    config,
    async close() {
      await extraction.ocr?.close?.();
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
  const queue = new TaskQueue(2);
  const schedule = (id: string) => queue.push(() => archive.process(id));
  // Work a crash left under way is tried again, a few times, then failed with the reason.
  const stuck = await archive.recoverStuck(DEFAULT_STUCK_POLICY, { all: true });
  for (const record of stuck.retry) schedule(record.id);
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
