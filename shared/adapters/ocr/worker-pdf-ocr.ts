import { Worker } from 'node:worker_threads';
import { ProtokolError } from '../../domain/errors.ts';
import type { PdfOcr } from '../../ports/text-extractor.port.ts';
import type { OcrReply } from './ocr-worker.ts';

/**
 * OCR of scanned PDF pages in a worker thread (tesseract.js with the Danish model, pages rendered
 * by pdf-parse): a server keeps answering while a scan is read. The worker starts on first use.
 */
export class WorkerPdfOcr implements PdfOcr {
  readonly engine = 'tesseract.js';
  #worker: Worker | null = null;
  #next = 1;
  readonly #waiting = new Map<number, (reply: OcrReply) => void>();

  async ocrPages(pdf: Uint8Array, pages: number[]) {
    const worker = this.#start();
    const id = this.#next++;
    // Keep the process alive while a page is being read; an idle worker does not hold it open.
    worker.ref();
    const reply = await new Promise<OcrReply>((resolve) => {
      this.#waiting.set(id, resolve);
      worker.postMessage({ id, pdf, pages });
    });
    if (this.#waiting.size === 0) worker.unref();
    if (!reply.ok) throw new ProtokolError('OCR_FAILED', `OCR failed: ${reply.message}`);
    return reply.pages;
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = null;
    if (!worker) return;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.postMessage('close');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000))]);
    await worker.terminate();
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(new URL('./ocr-worker.ts', import.meta.url));
    worker.on('message', (reply: OcrReply) => {
      this.#waiting.get(reply.id)?.(reply);
      this.#waiting.delete(reply.id);
    });
    const failAll = (message: string) => {
      for (const [id, resolve] of this.#waiting) resolve({ id, ok: false, message });
      this.#waiting.clear();
      this.#worker = null;
    };
    worker.on('error', (error) => failAll(error.message));
    worker.on('exit', (code) => {
      if (this.#waiting.size) failAll(`the OCR worker stopped (exit code ${code})`);
    });
    worker.unref();
    this.#worker = worker;
    return worker;
  }
}
