import type { ParsedDocument, SourceInfo } from '../../../domain/model.ts';
import type { ExtractionLimits } from '../../../ingest/extract.ts';
import type { StructureHints } from '../../../ingest/read-structure.ts';
import type { ParseHints } from '../../../parse/parse-minutes.ts';
import type { ExtractedText, PageRange } from '../../../ports/text-extractor.port.ts';

/** What a reader process is asked to do with one document. */
export type ReaderTask =
  | {
      op: 'extract';
      bytes: Uint8Array;
      name: string;
      ocr: boolean;
      limits: ExtractionLimits;
      /**
       * Read the structure of the text too, in the same round trip: the text is not sent back to
       * be parsed. The answer is then a `ReadReply`.
       */
      structure?: { sha256: string; hints: StructureHints };
    }
  | { op: 'parse'; text: ExtractedText; source: SourceInfo; hints: ParseHints }
  | { op: 'split'; bytes: Uint8Array; name: string; pages: PageRange[] };

/** A reader's answer to an extract with `structure`: the text, and its structure or why there is none. */
export interface ReadReply {
  text: ExtractedText;
  structure: { parsed: ParsedDocument } | { error: ReaderError };
}

/** An error as it crosses from a reader to the pool: the domain error's name, code and reason. */
export interface ReaderError {
  name: string;
  code?: string;
  message: string;
}

export interface ReaderRequest {
  id: number;
  task: ReaderTask;
}

/** What a reader answers: OCR starting (the time limit grows), then the result or the error. */
export type ReaderReply =
  | { id: number; type: 'ocr'; pages: number[] }
  | { id: number; type: 'done'; value: unknown }
  | { id: number; type: 'error'; error: ReaderError };
