import type { OcrPageText, PdfOcr } from '../../ports/text-extractor.port.ts';
import { PdfParseRasterizer } from './pdf-rasterizer.ts';
import { TesseractOcr } from './tesseract-ocr.ts';

/**
 * OCR of scanned PDF pages in this process: pages rendered one at a time (no larger than
 * `maxPixels`), read by tesseract.js. For a process that is a sandbox already (a reader of the
 * pool); a server uses the pool, or `WorkerPdfOcr`, to keep its own thread free.
 */
export class InlinePdfOcr implements PdfOcr {
  readonly engine = 'tesseract.js';
  readonly #rasterizer: PdfParseRasterizer;
  readonly #ocr = new TesseractOcr();

  constructor(options: { maxPixels?: number } = {}) {
    this.#rasterizer = new PdfParseRasterizer(200, options.maxPixels);
  }

  async ocrPages(pdf: Uint8Array, pages: number[]): Promise<OcrPageText[]> {
    return ocrPdfPages(this.#rasterizer, this.#ocr, pdf, pages);
  }

  close(): Promise<void> {
    return this.#ocr.close();
  }
}

/** Renders and reads the pages one by one, so one page image at a time is held. */
export async function ocrPdfPages(
  rasterizer: PdfParseRasterizer,
  ocr: TesseractOcr,
  pdf: Uint8Array,
  pages: number[],
): Promise<OcrPageText[]> {
  const results: OcrPageText[] = [];
  for await (const image of rasterizer.images(pdf, pages))
    results.push({ number: image.number, ...(await ocr.recognize(image)) });
  return results;
}
