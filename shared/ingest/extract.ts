import { DocumentRejectedError } from '../domain/errors.ts';
import type { DocumentReader } from '../ports/document-reader.port.ts';
import type {
  DeferredOcr,
  ExtractedText,
  OcrPageText,
  PdfOcr,
  PdfParts,
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
  /**
   * Where documents are read: a pool of sandboxed processes (local home). Without it they are read
   * in this process by `extractors` and `ocr` (Lambda, and inside a reader of the pool itself).
   */
  reader?: DocumentReader;
  /** Splits the bilag out of a PDF (appended pages, embedded files) where no reader does it. */
  parts?: PdfParts;
  /** Limits on what one document may cost; the defaults where not given. */
  limits?: Partial<ExtractionLimits>;
}

/** What one document may cost to read; past a limit it fails with a reason naming the limit. */
export interface ExtractionLimits {
  /** Bytes the parts of a Word file that are read (its XML) may unpack to, declared or actual. */
  maxInflatedBytes: number;
  /** Markup of an HTML file, embedded images left out. */
  maxHtmlBytes: number;
  /** Pages of a PDF. */
  maxPages: number;
  /** Characters of text in the whole document. */
  maxTextChars: number;
  /** Pixels of one page rendered for OCR; a larger page is rendered at a lower resolution. */
  maxOcrPixels: number;
}

/**
 * Generous for minutes (a 300-page referat has ~1 M characters; an A4 page at 200 dpi is 3.9 M
 * pixels), far below what takes a reader's memory: a 300 MB document.xml, 5,000 pages.
 */
export const DEFAULT_LIMITS: ExtractionLimits = {
  maxInflatedBytes: 64 * 1024 * 1024,
  maxHtmlBytes: 8 * 1024 * 1024,
  maxPages: 2000,
  maxTextChars: 20_000_000,
  maxOcrPixels: 16_000_000,
};

/** The limits in force: the given ones over the defaults. */
export function limitsOf(options: Pick<ExtractionOptions, 'limits'>): ExtractionLimits {
  return { ...DEFAULT_LIMITS, ...options.limits };
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
  // A reader OCRs in its own sandbox; OCR deferred to a job elsewhere (Textract) is read here.
  if (options.reader && !options.deferredOcr)
    return options.reader.extract(bytes, name, { onOcr: options.onOcr });
  const type = detectType(bytes, name);
  const extractor = options.extractors.find((e) => e.mediaTypes.includes(type));
  if (!extractor) throw new DocumentRejectedError('UNSUPPORTED_TYPE', `${name}: no extractor reads ${type}`);
  const text = await extractor.extract(bytes, name);
  requireWithinTextLimit(text, name, limitsOf(options).maxTextChars);
  const blank = text.pages.filter((p) => !hasLetters(p.lines, MIN_LETTERS)).map((p) => p.number);
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

/** Whether lines hold at least `min` letters: counted until there are, not every letter of the page. */
function hasLetters(lines: readonly { text: string }[], min: number): boolean {
  let letters = 0;
  for (const line of lines) for (const _ of line.text.matchAll(/\p{L}/gu)) if (++letters >= min) return true;
  return false;
}

/** Fails a document whose text is past the limit, before it is parsed, stored and indexed. */
export function requireWithinTextLimit(text: ExtractedText, name: string, maxChars: number): void {
  let chars = 0;
  for (const page of text.pages) for (const line of page.lines) chars += line.text.length;
  if (chars > maxChars)
    throw new DocumentRejectedError(
      'TOO_LARGE',
      `${name}: the document holds ${chars.toLocaleString('en')} characters of text, more than the ${maxChars.toLocaleString('en')} read`,
    );
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
