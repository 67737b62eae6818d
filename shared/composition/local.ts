import { join } from 'node:path';
import { DocxTextExtractor } from '../adapters/docx-text-extractor.ts';
import { FsDocumentStore } from '../adapters/fs-document-store.ts';
import { HtmlTextExtractor } from '../adapters/html-text-extractor.ts';
import { PdfTextExtractor } from '../adapters/pdf-text-extractor.ts';
import { SqliteAgendaIndex } from '../adapters/sqlite-agenda-index.ts';
import { WorkerPdfOcr } from '../adapters/worker-pdf-ocr.ts';
import type { LocalConfig } from '../config.ts';
import type { ExtractionOptions } from '../ingest/extract.ts';
import { Archive } from '../ingest/ingest.ts';

/** The extractors and OCR of the local home. */
export function localExtraction(config: Pick<LocalConfig, 'ocr'>): ExtractionOptions {
  return {
    extractors: [new PdfTextExtractor(), new DocxTextExtractor(), new HtmlTextExtractor()],
    ...(config.ocr ? { ocr: new WorkerPdfOcr() } : {}),
  };
}

export interface LocalHome {
  archive: Archive;
  config: LocalConfig;
  close(): Promise<void>;
}

/** The embedded default: a data folder for files, SQLite FTS5 for the index, tesseract.js for OCR. */
export function createLocalHome(config: LocalConfig): LocalHome {
  const extraction = localExtraction(config);
  const index = new SqliteAgendaIndex(join(config.dataDir, 'index.sqlite'));
  const archive = new Archive({ store: new FsDocumentStore(config.dataDir), index, extraction });
  return {
    archive,
    config,
    async close() {
      await extraction.ocr?.close?.();
      await index.close();
    },
  };
}
