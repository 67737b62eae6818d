import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** PDFium's functions this reader calls, as the WebAssembly module exports them. */
export interface PdfiumExports {
  memory: WebAssembly.Memory;
  malloc(size: number): number;
  free(ptr: number): void;
  PDFiumExt_Init(): void;
  FPDF_LoadMemDocument(data: number, size: number, password: number): number;
  FPDF_CloseDocument(doc: number): void;
  FPDF_GetLastError(): number;
  FPDF_GetPageCount(doc: number): number;
  FPDF_LoadPage(doc: number, index: number): number;
  FPDF_ClosePage(page: number): void;
  FPDF_GetPageBoundingBox(page: number, rect: number): number;
  FPDFText_LoadPage(page: number): number;
  FPDFText_ClosePage(textPage: number): void;
  FPDFText_CountChars(textPage: number): number;
  FPDFText_GetText(textPage: number, start: number, count: number, buffer: number): number;
  FPDFText_GetTextObject(textPage: number, index: number): number;
  FPDFText_GetLooseCharBox(textPage: number, index: number, rect: number): number;
  FPDFPage_CountObjects(page: number): number;
  FPDFPage_GetObject(page: number, index: number): number;
  FPDFFormObj_CountObjects(form: number): number;
  FPDFFormObj_GetObject(form: number, index: number): number;
  FPDFPageObj_GetType(obj: number): number;
  FPDFPageObj_GetMatrix(obj: number, matrix: number): number;
  FPDFPageObj_GetBounds(obj: number, left: number, bottom: number, right: number, top: number): number;
  FPDFTextObj_GetText(obj: number, textPage: number, buffer: number, length: number): number;
  FPDFTextObj_GetFontSize(obj: number, size: number): number;
  FPDFTextObj_GetFont(obj: number): number;
  FPDFFont_GetBaseFontName(font: number, buffer: number, length: number): number;
  FPDFDoc_GetAttachmentCount(doc: number): number;
  FPDFDoc_GetAttachment(doc: number, index: number): number;
  FPDFAttachment_GetName(attachment: number, buffer: number, length: number): number;
  FPDFPage_GetAnnotCount(page: number): number;
  FPDFPage_GetAnnot(page: number, index: number): number;
  FPDFPage_CloseAnnot(annot: number): void;
  FPDFAnnot_GetSubtype(annot: number): number;
  FPDFAnnot_GetFileAttachment(annot: number): number;
}

/** One PDFium instance: its exports, and the bytes of its memory seen through a current view. */
export interface Pdfium {
  readonly wasm: PdfiumExports;
  /** The memory as bytes; a new view after the memory grew. */
  heap(): Uint8Array;
}

let compiled: Promise<WebAssembly.Module> | null = null;
let instance: Promise<Pdfium> | null = null;

/**
 * The wasm file: in the package when there is one on disk, beside the bundle in a Lambda (the
 * bundling copies it there; see infra/constructs/protokol-function.ts).
 */
function wasmPath(): string {
  try {
    return require.resolve('@embedpdf/pdfium/pdfium.wasm');
  } catch {
    const beside = fileURLToPath(new URL('./pdfium.wasm', import.meta.url));
    if (existsSync(beside)) return beside;
    throw new Error('pdfium.wasm is neither in node_modules/@embedpdf/pdfium nor beside the bundle');
  }
}

/**
 * PDFium, compiled once per process and instantiated on first use. A document that made it trap
 * (or run out of memory) leaves the instance in an unknown state: `discardPdfium` drops it, and
 * the next document gets a fresh one from the same compiled module (a few milliseconds).
 */
export function pdfium(): Promise<Pdfium> {
  instance ??= (async () => {
    compiled ??= readFile(wasmPath()).then((bytes) => WebAssembly.compile(bytes));
    const module = await compiled;
    const { init } = await import('@embedpdf/pdfium');
    const wrapped = await init({
      // The emscripten glue's own imports, instantiated from the module compiled above.
      instantiateWasm(
        imports: WebAssembly.Imports,
        receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
      ) {
        const created = new WebAssembly.Instance(module, imports);
        receive(created, module);
        return created.exports;
      },
      // PDFium's complaints about a damaged file go nowhere: the reason reaches the user as the
      // document's error.
      print() {},
      printErr() {},
    } as Parameters<typeof init>[0]);
    const wasm = wrapped.pdfium.wasmExports as unknown as PdfiumExports;
    wasm.PDFiumExt_Init();
    let view = new Uint8Array(wasm.memory.buffer);
    return {
      wasm,
      heap() {
        if (view.buffer !== wasm.memory.buffer) view = new Uint8Array(wasm.memory.buffer);
        return view;
      },
    };
  })();
  instance.catch(() => {
    instance = null;
  });
  return instance;
}

/** Drops the current instance (after a trap, or when its memory grew large); the next use makes another. */
export function discardPdfium(): void {
  instance = null;
}
