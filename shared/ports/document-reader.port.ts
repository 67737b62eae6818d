import type { ParsedDocument, SourceInfo } from '../domain/model.ts';
import type { ParseHints } from '../parse/parse-minutes.ts';
import type { ExtractedText, PageRange, SplitPdf } from './text-extractor.port.ts';

/**
 * Reads documents somewhere other than the caller's thread: a pool of sandboxed processes
 * locally, each with a memory and a time limit, so that a hostile or huge file fails alone and a
 * server's thread never parses. Without one, the pipeline reads in its own process (Lambda, where
 * every invocation is its own sandbox already).
 */
export interface DocumentReader {
  /** The text of a document as `extractText` gives it, OCR included; `onOcr` when OCR starts. */
  extract(
    bytes: Uint8Array,
    name: string,
    options: { onOcr?: (pages: number[]) => void | Promise<void> },
  ): Promise<ExtractedText>;
  /**
   * `extract` and `readStructure` in one go, where the reader can: the text does not cross back
   * to be parsed. The text is kept either way, so a structure that could not be read comes as
   * the error that reading it gave.
   */
  read?(
    bytes: Uint8Array,
    source: { name: string; sha256: string },
    hints: ParseHints & { authority?: string },
    options: { onOcr?: (pages: number[]) => void | Promise<void> },
  ): Promise<{ text: ExtractedText; structure: { parsed: ParsedDocument } | { error: Error } }>;
  /** The structure of extracted text, as `readStructure` gives it. */
  readStructure(text: ExtractedText, source: SourceInfo, hints: ParseHints): Promise<ParsedDocument>;
  /** A PDF's appended pages cut out, and its embedded files, as `PdfParts.split` gives them. */
  split?(bytes: Uint8Array, name: string, pages: PageRange[]): Promise<SplitPdf>;
  close(): Promise<void>;
}
