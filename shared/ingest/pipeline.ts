import { createHash } from 'node:crypto';
import type { SourceDocument, UploadMetadata } from '../domain/model.ts';
import type { AgendaIndex } from '../ports/agenda-index.port.ts';
import type { DocumentStore } from '../ports/document-store.port.ts';
import type { MeetingStore } from '../ports/meeting-store.port.ts';
import type { ExtractionOptions } from './extract.ts';

/** One file to take in. */
export interface IncomingDocument {
  name: string;
  bytes: Uint8Array;
  metadata?: UploadMetadata;
}

/** What became of one file: a line of the CLI's output and of a bulk-load report. */
export interface IngestOutcome {
  id: string;
  name: string;
  /** "ocr": waiting for an OCR job that reports back later (Textract on AWS). */
  status: 'indexed' | 'unchanged' | 'failed' | 'ocr';
  reason: string | null;
  code: string | null;
  kind: SourceDocument['kind'];
  meetingId: string | null;
  pages: number;
  ocrPages: number;
}

/** What the use cases of the pipeline work on: the home's stores, its index and its extractors. */
export interface PipelineDeps {
  store: DocumentStore;
  meetings: MeetingStore;
  index: AgendaIndex;
  extraction: ExtractionOptions;
  now?: () => Date;
  /**
   * Whether opening the archive brings an older data folder's meetings into the meeting store
   * (default true). On AWS the reindex does it instead, so no cold start pays for it.
   */
  migrateOnOpen?: boolean;
}

/** The sha256 of a file's bytes: its document id. */
export function documentId(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The outcome of a file that could not even be read (a path that is gone, a folder unreadable). */
export function unreadable(name: string, reason: string): IngestOutcome {
  return {
    id: '',
    name,
    status: 'failed',
    reason,
    code: 'STORE_ERROR',
    kind: null,
    meetingId: null,
    pages: 0,
    ocrPages: 0,
  };
}

export function outcome(record: SourceDocument, status: IngestOutcome['status']): IngestOutcome {
  return {
    id: record.id,
    name: record.name,
    status,
    reason: record.reason,
    code: record.errorCode,
    kind: record.kind,
    meetingId: record.meetingId,
    pages: record.pages ?? 0,
    ocrPages: record.ocrPages ?? 0,
  };
}
