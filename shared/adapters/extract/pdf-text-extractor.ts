import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { DocumentRejectedError } from '../../domain/errors.ts';
import { DEFAULT_LIMITS } from '../../ingest/extract.ts';
import type {
  ExtractedPage,
  ExtractedText,
  TextExtractor,
  TextLine,
} from '../../ports/text-extractor.port.ts';
import { embeddedFileNames } from './pdf-parts.ts';

const BOLD_FONT = /bold|black|heavy|semibold|demi/i;
const require = createRequire(import.meta.url);

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<{ lib: PdfJs; fontNamesInStyles: boolean }> | null = null;

/**
 * pdf.js, loaded on first use (a command that reads no PDF never pays for it), with the font's
 * real name (…-Bold) in the styles of its text content. Stock pdf.js gives only a generic family
 * there, and the name otherwise needs `getOperatorList()`, which builds every drawing operation
 * and decodes every image of a page: 1.4× the cost of the text alone. pdf.js runs its "worker" in
 * this thread in Node, so the worker's source is loaded here with the name added to the styles; a
 * pdf.js whose source differs (or no writable temporary folder) falls back to the operator list,
 * with the same names.
 *
 * The library itself is loaded without the canvas (@napi-rs/canvas, 20 MB resident in every
 * reader) until a page is drawn: stock pdf.js loads it at import for DOMMatrix, Path2D and
 * ImageData, which reading text never uses. Here those three load it when first touched (OCR
 * rendering a page), so a reader of born-digital PDFs never does.
 */
export function loadPdfJs(): Promise<{ lib: PdfJs; fontNamesInStyles: boolean }> {
  pdfjs ??= (async () => {
    const global = globalThis as { pdfjsWorker?: unknown };
    let fontNamesInStyles = false;
    let library: string | null = null;
    if (!global.pdfjsWorker) {
      const worker = await patched('pdf.worker.mjs', 'fontname-1', addFontNames);
      if (worker) {
        global.pdfjsWorker = await import(pathToFileURL(worker).href);
        fontNamesInStyles = true;
        // Only beside the worker set above: the copy's own worker path points nowhere.
        library = await patched('pdf.mjs', 'lazycanvas-1', loadCanvasWhenDrawing);
      }
    }
    const lib = (await (library
      ? import(pathToFileURL(library).href)
      : import('pdfjs-dist/legacy/build/pdf.mjs'))) as PdfJs;
    return { lib, fontNamesInStyles };
  })();
  return pdfjs;
}

/** The worker's source with each font's real name added to the text styles. */
function addFontNames(code: string): string | null {
  const marker = 'fontFamily: font.fallbackName,';
  if (code.split(marker).length !== 2) return null;
  return code.replace(marker, `${marker} protokolFontName: font.name,`);
}

const CANVAS_POLYFILL =
  /\n {2}let canvas;\n {2}try \{\n[\s\S]*?\n(?= {2}if \(!globalThis\.navigator\?\.language\) \{)/;
const SCALE_MATRIX = 'const SCALE_MATRIX = new DOMMatrix();';

/**
 * The library's source with the canvas loaded when DOMMatrix, Path2D or ImageData is first
 * used instead of at import, and its one matrix made at module level made when first needed.
 */
function loadCanvasWhenDrawing(code: string): string | null {
  const polyfills = code.match(new RegExp(CANVAS_POLYFILL, 'g'));
  if (polyfills?.length !== 1 || code.split(SCALE_MATRIX).length !== 2) return null;
  const lazy = `
  let canvas;
  const loadCanvas = () => {
    if (canvas === undefined) {
      try {
        canvas = process.getBuiltinModule("module").createRequire(import.meta.url)("@napi-rs/canvas");
      } catch (ex) {
        canvas = null;
        warn(\`Cannot load "@napi-rs/canvas" package: "\${ex}".\`);
      }
    }
    return canvas;
  };
  for (const name of ["DOMMatrix", "ImageData", "Path2D"]) {
    if (globalThis[name]) continue;
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() {
        const value = loadCanvas()?.[name];
        Object.defineProperty(globalThis, name, { value, writable: true, configurable: true });
        return value;
      },
      set(value) {
        Object.defineProperty(globalThis, name, { value, writable: true, configurable: true });
      },
    });
  }
`;
  return code
    .replace(CANVAS_POLYFILL, lazy)
    .replace(SCALE_MATRIX, 'let scaleMatrix = null;')
    .replace(/\bSCALE_MATRIX\b/g, '(scaleMatrix ??= new DOMMatrix())');
}

/**
 * The path of a copy of one of pdf.js's build files changed by `patch`, written once per pdf.js
 * version into node_modules/.cache (imported from a file, it costs what the stock file costs;
 * from a data: URL the worker held 30 MB more). Not the shared temporary folder: code run from
 * there could have been put there by another user. Null when the source is not as expected, or
 * there is no pdf.js package on disk (a Lambda bundle) or no writable cache folder.
 */
async function patched(
  file: string,
  change: string,
  patch: (code: string) => string | null,
): Promise<string | null> {
  try {
    const source = require.resolve(`pdfjs-dist/legacy/build/${file}`);
    const { version } = require('pdfjs-dist/package.json') as { version: string };
    const cache = join(dirname(require.resolve('pdfjs-dist/package.json')), '..', '.cache', 'protokol');
    const target = join(cache, `${file.replace(/\.mjs$/, '')}-${version}-${change}.mjs`);
    if (existsSync(target)) return target;
    const code = patch(await readFile(source, 'utf8'));
    if (code === null) return null;
    const tmp = `${target}.${process.pid}.tmp`;
    await mkdir(cache, { recursive: true });
    await writeFile(tmp, code);
    await rename(tmp, target);
    return target;
  } catch {
    return null;
  }
}

/**
 * Reads PDF text with its typography through pdf.js, the engine inside pdf-parse: pdf-parse's own
 * getText() gives plain text per page, and headings are told apart by bold face and size.
 */
export class PdfTextExtractor implements TextExtractor {
  readonly mediaTypes = ['application/pdf'] as const;
  readonly #maxPages: number;

  constructor(limits: { maxPages?: number } = {}) {
    this.#maxPages = limits.maxPages ?? DEFAULT_LIMITS.maxPages;
  }

  async extract(bytes: Uint8Array, name: string): Promise<ExtractedText> {
    const { fontNamesInStyles } = await loadPdfJs();
    const doc = await openPdf(bytes, name);
    try {
      // Refused before a page is read: the count is in the file's page tree.
      if (doc.numPages > this.#maxPages)
        throw new DocumentRejectedError(
          'TOO_LARGE',
          `${name}: the PDF has ${doc.numPages.toLocaleString('en')} pages, more than the ${this.#maxPages.toLocaleString('en')} pages read`,
        );
      const pages: ExtractedPage[] = [];
      for (let n = 1; n <= doc.numPages; n++) pages.push(await readPage(doc, n, fontNamesInStyles));
      // Named here, in the reader that has the file at hand; taken out only once it is placed.
      const embeddedFiles = await embeddedFileNames(bytes);
      return { mediaType: 'application/pdf', pages, ...(embeddedFiles.length ? { embeddedFiles } : {}) };
    } finally {
      await doc.destroy();
    }
  }
}

/** Opens a PDF, turning pdf.js failures into reasons a person can act on. */
export async function openPdf(bytes: Uint8Array, name: string): Promise<PDFDocumentProxy> {
  const { lib } = await loadPdfJs();
  try {
    // pdf.js takes ownership of the buffer it is given; hand it a copy.
    return await lib.getDocument({
      data: new Uint8Array(bytes),
      verbosity: 0,
      isEvalSupported: false,
      useSystemFonts: false,
      stopAtErrors: false,
    }).promise;
  } catch (error) {
    const err = error as { name?: string; message?: string };
    if (err.name === 'PasswordException') {
      throw new DocumentRejectedError('ENCRYPTED_FILE', `${name}: the PDF is encrypted with a password`, {
        cause: error,
      });
    }
    if (err.name === 'InvalidPDFException' || /Invalid PDF|startxref|XRef|trailer/i.test(err.message ?? '')) {
      throw new DocumentRejectedError(
        'TRUNCATED_FILE',
        `${name}: the PDF is damaged or cut short (${err.message})`,
        {
          cause: error,
        },
      );
    }
    throw new DocumentRejectedError('CORRUPT_FILE', `${name}: the PDF cannot be read (${err.message})`, {
      cause: error,
    });
  }
}

interface Run {
  str: string;
  x: number;
  y: number;
  size: number;
  bold: boolean;
  width: number;
}

async function readPage(
  doc: PDFDocumentProxy,
  number: number,
  fontNamesInStyles: boolean,
): Promise<ExtractedPage> {
  const page = await doc.getPage(number);
  try {
    // Without the names in the styles, the operator list loads the fonts so they can be read.
    if (!fontNamesInStyles) await page.getOperatorList();
    const content = await page.getTextContent();
    const height = page.view[3] ?? 842;
    const runs: Run[] = [];
    for (const item of content.items) {
      if (!('str' in item)) continue;
      const t = item as TextItem;
      if (!t.str) continue;
      const fontName = fontNameOf(page, content.styles, t.fontName, fontNamesInStyles);
      runs.push({
        str: t.str,
        x: t.transform[4] ?? 0,
        y: t.transform[5] ?? 0,
        size: Math.hypot(t.transform[2] ?? 0, t.transform[3] ?? 0) || t.height,
        bold: BOLD_FONT.test(fontName),
        width: t.width,
      });
    }
    return { number, lines: groupLines(runs, height) };
  } finally {
    page.cleanup();
  }
}

function fontNameOf(
  page: PDFPageProxy,
  styles: Record<string, { fontFamily?: string; protokolFontName?: string }>,
  id: string,
  fontNamesInStyles: boolean,
): string {
  const style = styles[id];
  if (fontNamesInStyles) return style?.protokolFontName ?? style?.fontFamily ?? '';
  try {
    return (page.commonObjs.get(id) as { name?: string } | undefined)?.name ?? '';
  } catch {
    return style?.fontFamily ?? '';
  }
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
  return lines.map((line) => {
    line.sort((a, b) => a.x - b.x);
    let text = '';
    let end = Number.NEGATIVE_INFINITY;
    for (const run of line) {
      // A visible gap between runs is a space the PDF did not write as a character.
      if (text && run.x - end > run.size * 0.2 && !text.endsWith(' ') && !run.str.startsWith(' '))
        text += ' ';
      text += run.str;
      end = run.x + run.width;
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
