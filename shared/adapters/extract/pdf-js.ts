import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { DocumentRejectedError } from '../../domain/errors.ts';

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
