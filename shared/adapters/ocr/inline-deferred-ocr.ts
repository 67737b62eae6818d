import type { DocumentStore } from '../../ports/document-store.port.ts';
import type { DeferredOcr, OcrPageText, PdfOcr } from '../../ports/text-extractor.port.ts';

/**
 * Deferred OCR on one machine, for running the AWS functions locally: the "job" is the document
 * id, and its results are read by the local OCR (tesseract.js) when the completion is handled.
 */
export class InlineDeferredOcr implements DeferredOcr {
  readonly #ocr: PdfOcr;
  readonly #store: DocumentStore;

  constructor(ocr: PdfOcr, store: DocumentStore) {
    this.#ocr = ocr;
    this.#store = store;
  }

  get engine(): string {
    return this.#ocr.engine;
  }

  async start(documentId: string): Promise<string> {
    return documentId;
  }

  async results(jobId: string, pages: number[]): Promise<OcrPageText[]> {
    return this.#ocr.ocrPages(await this.#store.getOriginal(jobId), pages);
  }
}
