import { DocumentRejectedError } from '../domain/errors.ts';
import type {
  DeferredOcr,
  ExtractedText,
  OcrPageText,
  PdfOcr,
  TextExtractor,
} from '../ports/text-extractor.port.ts';
import { detectType } from './detect-type.ts';

export interface ExtractionOptions {
  extractors: readonly TextExtractor[];
  /** Without OCR, pages with no text layer stay empty and the document says so. */
  ocr?: PdfOcr;
  /** OCR as a job that reports back later (Textract); the pages wait in `pendingOcr`. */
  deferredOcr?: DeferredOcr;
  /** Told when the document moves on to OCR, for its status. */
  onOcr?: (pages: number[]) => void | Promise<void>;
}

/** A page with fewer letters than this has no usable text layer. */
const MIN_LETTERS = 20;

/**
 * Extracts the text of a document: the extractor is chosen by what the bytes are, not by the
 * file's name, and pages with no text layer are OCR'ed.
 */
export async function extractText(
  bytes: Uint8Array,
  name: string,
  options: ExtractionOptions,
): Promise<ExtractedText> {
  const type = detectType(bytes, name);
  const extractor = options.extractors.find((e) => e.mediaTypes.includes(type));
  if (!extractor) throw new DocumentRejectedError('UNSUPPORTED_TYPE', `${name}: no extractor reads ${type}`);
  const text = await extractor.extract(bytes, name);
  const blank = text.pages
    .filter((p) => p.lines.reduce((n, l) => n + (l.text.match(/\p{L}/gu)?.length ?? 0), 0) < MIN_LETTERS)
    .map((p) => p.number);
  if (blank.length && type === 'application/pdf' && options.ocr) {
    await options.onOcr?.(blank);
    fillOcrPages(text, await options.ocr.ocrPages(bytes, blank), options.ocr.engine);
  } else if (blank.length && type === 'application/pdf' && options.deferredOcr) {
    // The text layer is kept; the pipeline stops here until the OCR job reports back.
    return { ...text, pendingOcr: blank };
  }
  requireText(text, name, type === 'application/pdf' && !options.ocr && !options.deferredOcr);
  return text;
}

/** Puts what OCR read in place of the pages that had no text layer. */
export function fillOcrPages(text: ExtractedText, results: OcrPageText[], engine: string): ExtractedText {
  for (const result of results) {
    const page = text.pages.find((p) => p.number === result.number);
    if (!page) continue;
    page.lines = result.lines.map((line) => ({ text: restoreBullet(line) }));
    page.ocr = { confidence: result.confidence, engine };
  }
  const { pendingOcr: _done, ...complete } = text;
  return complete;
}

/** Fails a document whose text, OCR included, holds no letter at all. */
export function requireText(text: ExtractedText, name: string, ocrWasOff = false): void {
  const letters = text.pages.reduce((n, p) => n + p.lines.reduce((m, l) => m + l.text.length, 0), 0);
  if (letters > 0) return;
  throw new DocumentRejectedError(
    'NO_TEXT',
    `${name}: no text could be read${ocrWasOff ? ' (scanned pages need OCR, which is turned off)' : ''}`,
  );
}

/** OCR reads a round bullet as "e", "«", "°" or "©"; a list item is what was printed. */
function restoreBullet(line: string): string {
  return line.replace(/^[e«°©o*»]\s+(?=\p{Lu})/u, '• ');
}
