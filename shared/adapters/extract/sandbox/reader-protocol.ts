import type { SourceInfo } from '../../../domain/model.ts';
import type { ExtractionLimits } from '../../../ingest/extract.ts';
import type { ParseHints } from '../../../parse/parse-minutes.ts';
import type { ExtractedText, PageRange } from '../../../ports/text-extractor.port.ts';

/** What a reader process is asked to do with one document. */
export type ReaderTask =
  | { op: 'extract'; bytes: Uint8Array; name: string; ocr: boolean; limits: ExtractionLimits }
  | { op: 'parse'; text: ExtractedText; source: SourceInfo; hints: ParseHints }
  | { op: 'split'; bytes: Uint8Array; name: string; pages: PageRange[] };

export interface ReaderRequest {
  id: number;
  task: ReaderTask;
}

/** What a reader answers: OCR starting (the time limit grows), then the result or the error. */
export type ReaderReply =
  | { id: number; type: 'ocr'; pages: number[] }
  | { id: number; type: 'done'; value: unknown }
  | { id: number; type: 'error'; error: { name: string; code?: string; message: string } };
