import { parentPort } from 'node:worker_threads';
import { ocrPdfPages } from './inline-pdf-ocr.ts';
import { PdfParseRasterizer } from './pdf-rasterizer.ts';
import { TesseractOcr } from './tesseract-ocr.ts';

// Runs inside a worker thread: renders the asked-for pages of a PDF and OCRs them, so neither
// the rasterising nor the recognition blocks the thread that serves requests.

export interface OcrRequest {
  id: number;
  pdf: Uint8Array;
  pages: number[];
}

export type OcrReply =
  | { id: number; ok: true; pages: { number: number; lines: string[]; confidence: number }[] }
  | { id: number; ok: false; message: string };

const rasterizer = new PdfParseRasterizer();
const ocr = new TesseractOcr();

parentPort?.on('message', async (request: OcrRequest | 'close') => {
  if (request === 'close') {
    await ocr.close();
    parentPort?.close();
    return;
  }
  try {
    const pages = await ocrPdfPages(rasterizer, ocr, request.pdf, request.pages);
    parentPort?.postMessage({ id: request.id, ok: true, pages } satisfies OcrReply);
  } catch (error) {
    parentPort?.postMessage({
      id: request.id,
      ok: false,
      message: (error as Error).message,
    } satisfies OcrReply);
  }
});
