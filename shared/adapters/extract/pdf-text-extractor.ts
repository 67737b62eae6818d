import { DocumentRejectedError } from '../../domain/errors.ts';
import { DEFAULT_LIMITS } from '../../ingest/extract.ts';
import type {
  ExtractedPage,
  ExtractedText,
  TextExtractor,
  TextLine,
} from '../../ports/text-extractor.port.ts';
import { discardPdfium, type Pdfium, pdfium } from './pdfium.ts';

const BOLD_FONT = /bold|black|heavy|semibold|demi/i;

/** FPDF_GetLastError's codes. */
const ERR_PASSWORD = 4;
const ERR_SECURITY = 5;
const ERR_FORMAT = 3;
/** FPDF_ANNOT_FILEATTACHMENT. */
const FILE_ATTACHMENT = 17;
/** PDFium's memory past which the instance is dropped after a document, giving it back. */
const KEEP_HEAP_BYTES = 256 * 1024 * 1024;

/**
 * Reads PDF text with its typography through PDFium compiled to WebAssembly: the characters of a
 * page's text page (form XObjects included) give a run per text object with its position, size
 * and font name, and headings are told apart by bold face and size. PDFium also names the embedded files, from the
 * same parse. pdf.js did this before, with twice the CPU a page (README, "Ingest benchmark").
 */
export class PdfTextExtractor implements TextExtractor {
  readonly mediaTypes = ['application/pdf'] as const;
  readonly #maxPages: number;

  constructor(limits: { maxPages?: number } = {}) {
    this.#maxPages = limits.maxPages ?? DEFAULT_LIMITS.maxPages;
  }

  async extract(bytes: Uint8Array, name: string): Promise<ExtractedText> {
    const engine = await pdfium();
    try {
      return read(engine, bytes, name, this.#maxPages);
    } catch (error) {
      if (error instanceof DocumentRejectedError) throw error;
      // A trap (or out of memory) inside PDFium: the instance cannot be trusted with another file.
      discardPdfium();
      throw new DocumentRejectedError(
        'CORRUPT_FILE',
        `${name}: the PDF cannot be read (PDFium stopped: ${(error as Error).message})`,
        { cause: error },
      );
    } finally {
      if (engine.wasm.memory.buffer.byteLength > KEEP_HEAP_BYTES) discardPdfium();
    }
  }
}

interface Run {
  str: string;
  x: number;
  y: number;
  size: number;
  bold: boolean;
  /** Where the run ends on the x axis. */
  end: number;
}

/** Scratch memory in one instance: a text buffer and room for a matrix, a size and a box. */
interface Scratch {
  text: number;
  textBytes: number;
  /** Font and file names, apart from the page's text that is read while they are. */
  name: number;
  floats: number;
}
const NAME_BYTES = 1024;

const utf16 = new TextDecoder('utf-16le');
const SPACES = /\s{2,}/g;

function read(engine: Pdfium, bytes: Uint8Array, name: string, maxPages: number): ExtractedText {
  const { wasm } = engine;
  const data = wasm.malloc(bytes.byteLength || 1);
  const scratch: Scratch = {
    text: wasm.malloc(4096),
    textBytes: 4096,
    name: wasm.malloc(NAME_BYTES),
    floats: wasm.malloc(96),
  };
  let doc = 0;
  try {
    if (!data || !scratch.text || !scratch.name || !scratch.floats) throw new Error('out of memory');
    engine.heap().set(bytes, data);
    doc = wasm.FPDF_LoadMemDocument(data, bytes.byteLength, 0);
    if (!doc) throw openError(wasm.FPDF_GetLastError(), name);
    const count = wasm.FPDF_GetPageCount(doc);
    // Refused before a page is read: the count is in the file's page tree.
    if (count > maxPages)
      throw new DocumentRejectedError(
        'TOO_LARGE',
        `${name}: the PDF has ${count.toLocaleString('en')} pages, more than the ${maxPages.toLocaleString('en')} pages read`,
      );
    if (count <= 0)
      throw new DocumentRejectedError(
        'TRUNCATED_FILE',
        `${name}: the PDF is damaged or cut short (no pages)`,
      );
    const pages: ExtractedPage[] = [];
    const attached: string[] = [];
    const fonts = new Map<number, boolean>();
    for (let n = 1; n <= count; n++) pages.push(readPage(engine, scratch, doc, name, n, fonts, attached));
    const embeddedFiles = [...treeNames(engine, scratch, doc), ...attached];
    return { mediaType: 'application/pdf', pages, ...(embeddedFiles.length ? { embeddedFiles } : {}) };
  } finally {
    if (doc) wasm.FPDF_CloseDocument(doc);
    wasm.free(scratch.floats);
    wasm.free(scratch.name);
    wasm.free(scratch.text);
    wasm.free(data);
  }
}

function openError(code: number, name: string): DocumentRejectedError {
  if (code === ERR_PASSWORD || code === ERR_SECURITY)
    return new DocumentRejectedError('ENCRYPTED_FILE', `${name}: the PDF is encrypted with a password`);
  if (code === ERR_FORMAT)
    return new DocumentRejectedError(
      'TRUNCATED_FILE',
      `${name}: the PDF is damaged or cut short (PDFium finds no document structure in it)`,
    );
  return new DocumentRejectedError('CORRUPT_FILE', `${name}: the PDF cannot be read (PDFium error ${code})`);
}

function readPage(
  engine: Pdfium,
  scratch: Scratch,
  doc: number,
  name: string,
  number: number,
  fonts: Map<number, boolean>,
  attached: string[],
): ExtractedPage {
  const { wasm } = engine;
  const page = wasm.FPDF_LoadPage(doc, number - 1);
  if (!page) throw new DocumentRejectedError('CORRUPT_FILE', `${name}: PDFium cannot load page ${number}`);
  let textPage = 0;
  try {
    textPage = wasm.FPDFText_LoadPage(page);
    const f = scratch.floats;
    const height = wasm.FPDF_GetPageBoundingBox(page, f) ? (floats(engine, f, 4)[1] ?? 842) : 842;
    const runs = textPage ? pageRuns(engine, scratch, textPage, fonts) : [];
    fileAttachments(engine, scratch, page, attached);
    return { number, lines: groupLines(runs, height) };
  } finally {
    if (textPage) wasm.FPDFText_ClosePage(textPage);
    wasm.FPDF_ClosePage(page);
  }
}

function floats(engine: Pdfium, ptr: number, count: number): Float32Array {
  return new Float32Array(engine.heap().buffer, ptr, count);
}

/**
 * The text runs of a page: the text page's characters (in the order they are drawn, form XObjects
 * included, overprinted duplicates of fake bold dropped), one run per text object. The spaces and
 * line breaks PDFium generates where it sees gaps are kept only inside a text object (a wide
 * kerning gap in one TJ); between objects the lines are grouped as before, by the gap on the page.
 */
function pageRuns(engine: Pdfium, scratch: Scratch, textPage: number, fonts: Map<number, boolean>): Run[] {
  const { wasm } = engine;
  const count = wasm.FPDFText_CountChars(textPage);
  if (count <= 0) return [];
  const bytes = 2 * (count + 1);
  if (bytes > scratch.textBytes) {
    wasm.free(scratch.text);
    scratch.textBytes = bytes;
    scratch.text = wasm.malloc(bytes);
    if (!scratch.text) throw new Error('out of memory');
  }
  const written = wasm.FPDFText_GetText(textPage, 0, count, scratch.text);
  const chars = new Uint16Array(
    engine.heap().buffer,
    scratch.text,
    Math.min(count, Math.max(0, written - 1)),
  );
  // Each object's characters, as ranges of `chars`, by the object. A gap PDFium filled with a
  // generated space inside one object starts a new range: whether it is a space is for the gap on
  // the page to say, as between objects.
  const pieces = new Map<number, number[]>();
  let last = 0;
  let gap = -1;
  for (let i = 0; i < chars.length; i++) {
    const obj = wasm.FPDFText_GetTextObject(textPage, i);
    if (!obj) {
      if (gap < 0) gap = i;
      continue;
    }
    let ranges = pieces.get(obj);
    if (!ranges) {
      ranges = [];
      pieces.set(obj, ranges);
    }
    if (obj === last && gap < 0 && ranges.length) ranges[ranges.length - 1] = i + 1;
    else ranges.push(i, i + 1);
    last = obj;
    gap = -1;
  }
  const f = scratch.floats;
  const runs: Run[] = [];
  for (const [obj, ranges] of pieces) {
    // a b c d e f, then the font size.
    wasm.FPDFPageObj_GetMatrix(obj, f);
    wasm.FPDFTextObj_GetFontSize(obj, f + 24);
    const m = floats(engine, f, 7);
    const x = m[4] ?? 0;
    const y = m[5] ?? 0;
    const size = (m[6] ?? 0) * Math.hypot(m[2] ?? 0, m[3] ?? 0);
    const font = wasm.FPDFTextObj_GetFont(obj);
    let bold = fonts.get(font);
    if (bold === undefined) {
      bold = BOLD_FONT.test(fontName(engine, scratch, font));
      fonts.set(font, bold);
    }
    for (let k = 0; k < ranges.length; k += 2) {
      const start = ranges[k]!;
      const end = ranges[k + 1]!;
      // pdf.js wrote one space for a gap, however many the PDF drew.
      const str = normalizeUnicode(textIn(chars, start, end)).replace(SPACES, ' ');
      if (!str) continue;
      const first = k === 0;
      runs.push({
        str,
        x: first ? x : charBox(engine, scratch, textPage, start)[0],
        y,
        size,
        bold,
        end: charBox(engine, scratch, textPage, end - 1)[1],
      });
    }
  }
  return runs;
}

/**
 * Left and right of one character's advance on the page (the loose box: its width as set, not its
 * glyph's ink), where pdf.js measured a gap from.
 */
function charBox(engine: Pdfium, scratch: Scratch, textPage: number, index: number): [number, number] {
  const r = scratch.floats + 48;
  engine.wasm.FPDFText_GetLooseCharBox(textPage, index, r);
  const box = floats(engine, r, 4);
  return [box[0] ?? 0, box[2] ?? 0];
}

/** A line break PDFium generated inside one object, and its mark of a hyphen at a line's end. */
const MARKS = /\r?\n|\ufffe/g;

/** The characters from `start` to `end`: a generated line break read as a space, a hyphen as "-". */
function textIn(chars: Uint16Array, start: number, end: number): string {
  const text = utf16.decode(chars.subarray(start, end));
  return text.includes('\n') || text.includes('\ufffe')
    ? text.replace(MARKS, (m) => (m === '\ufffe' ? '-' : ' '))
    : text;
}

function fontName(engine: Pdfium, scratch: Scratch, font: number): string {
  const n = engine.wasm.FPDFFont_GetBaseFontName(font, scratch.name, NAME_BYTES);
  if (n <= 1 || n > NAME_BYTES) return '';
  return Buffer.from(engine.heap().buffer, scratch.name, n - 1).toString('latin1');
}

/** The names of the files in the document's EmbeddedFiles name tree. */
function treeNames(engine: Pdfium, scratch: Scratch, doc: number): string[] {
  const { wasm } = engine;
  const names: string[] = [];
  const count = wasm.FPDFDoc_GetAttachmentCount(doc);
  for (let k = 0; k < count; k++) {
    const attachment = wasm.FPDFDoc_GetAttachment(doc, k);
    names.push(
      (attachment && attachmentName(engine, scratch, attachment)) || `vedhæftet fil ${names.length + 1}`,
    );
  }
  return names;
}

/** The names of the files of a page's file-attachment annotations (paperclips). */
function fileAttachments(engine: Pdfium, scratch: Scratch, page: number, out: string[]): void {
  const { wasm } = engine;
  const count = wasm.FPDFPage_GetAnnotCount(page);
  for (let k = 0; k < count; k++) {
    const annot = wasm.FPDFPage_GetAnnot(page, k);
    if (!annot) continue;
    try {
      if (wasm.FPDFAnnot_GetSubtype(annot) !== FILE_ATTACHMENT) continue;
      const attachment = wasm.FPDFAnnot_GetFileAttachment(annot);
      if (attachment)
        out.push(attachmentName(engine, scratch, attachment) || `vedhæftet fil ${out.length + 1}`);
    } finally {
      wasm.FPDFPage_CloseAnnot(annot);
    }
  }
}

function attachmentName(engine: Pdfium, scratch: Scratch, attachment: number): string {
  const n = engine.wasm.FPDFAttachment_GetName(attachment, scratch.name, NAME_BYTES);
  if (n <= 2 || n > NAME_BYTES) return '';
  const text = utf16.decode(engine.heap().subarray(scratch.name, scratch.name + n - 2)).trim();
  return text.split(/[\\/]/).pop() ?? text;
}

/**
 * Compatibility characters as pdf.js folds them (NFKC: the ﬁ ligature to "fi", a no-break space
 * to a space), so the same words are indexed as before.
 */
const NORMALIZE =
  /([\u00a0\u00b5\u037e\u0eb3\u2000-\u200a\u202f\u2126\ufb00-\ufb04\ufb06\ufb20-\ufb36\ufb38-\ufb3c\ufb3e\ufb40-\ufb41\ufb43-\ufb44\ufb46-\ufba1\ufba4-\ufba9\ufbae-\ufbb1\ufbd3-\ufbdc\ufbde-\ufbe7\ufbea-\ufbf8\ufbfc-\ufbfd\ufc00-\ufc5d\ufc64-\ufcf1\ufcf5-\ufd3d\ufd88\ufdf4\ufdfa-\ufdfb\ufe71\ufe77\ufe79\ufe7b\ufe7d]+)|(\ufb05+)/gu;
const NOT_ASCII = /[\u0080-\uffff]/;

function normalizeUnicode(text: string): string {
  if (!NOT_ASCII.test(text)) return text;
  return text.replace(NORMALIZE, (_, compat: string | undefined, st: string) =>
    compat ? compat.normalize('NFKC') : '\u017ft'.repeat(st.length),
  );
}

/** Groups text runs that share a baseline into lines, top to bottom and left to right. */
function groupLines(runs: Run[], pageHeight: number): TextLine[] {
  const sorted = [...runs].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: Run[][] = [];
  for (const run of sorted) {
    const current = lines.at(-1);
    const ref = current?.[0];
    if (current && ref && Math.abs(ref.y - run.y) <= Math.max(2, Math.min(ref.size, run.size) * 0.4)) {
      current.push(run);
    } else {
      lines.push([run]);
    }
  }
  // A line of nothing but spaces (an empty paragraph of a word processor) is no line.
  return lines
    .filter((line) => line.some((r) => r.str.trim()))
    .map((line) => {
      line.sort((a, b) => a.x - b.x);
      let text = '';
      let end = Number.NEGATIVE_INFINITY;
      for (const run of line) {
        // A visible gap between runs is a space the PDF did not write as a character.
        if (text && run.x - end > run.size * 0.2 && !text.endsWith(' ') && !run.str.startsWith(' '))
          text += ' ';
        text += text.endsWith(' ') && run.str.startsWith(' ') ? run.str.slice(1) : run.str;
        end = run.end;
      }
      const visible = line.filter((r) => r.str.trim());
      const chars = visible.reduce((n, r) => n + r.str.length, 0) || 1;
      const boldChars = visible.filter((r) => r.bold).reduce((n, r) => n + r.str.length, 0);
      const size = Math.max(...visible.map((r) => r.size), 0);
      return {
        text,
        bold: boldChars / chars > 0.6,
        size: Math.round(size * 10) / 10,
        top: 1 - (line[0]?.y ?? 0) / pageHeight,
      };
    });
}
