import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createWorker, OEM, type Worker } from 'tesseract.js';
import { ProtokolError } from '../../domain/errors.ts';
import type { Ocr, PageImage } from '../../ports/text-extractor.port.ts';

const require = createRequire(import.meta.url);

/**
 * OCR with tesseract.js and the Danish model from npm (@tesseract.js-data/dan), fully offline.
 * tesseract.js runs the recognition in a worker thread, so a server stays responsive meanwhile.
 */
export class TesseractOcr implements Ocr {
  readonly engine = 'tesseract.js';
  #worker: Promise<Worker> | null = null;

  async recognize(image: PageImage): Promise<{ lines: string[]; confidence: number }> {
    try {
      const worker = await this.#start();
      const { data } = await worker.recognize(Buffer.from(image.png));
      const lines = data.text
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      return { lines, confidence: Math.round(data.confidence) / 100 };
    } catch (error) {
      throw new ProtokolError(
        'OCR_FAILED',
        `OCR of page ${image.number} failed: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = null;
    if (worker) await (await worker).terminate();
  }

  #start(): Promise<Worker> {
    this.#worker ??= createWorker('dan', OEM.LSTM_ONLY, {
      langPath: join(dirname(require.resolve('@tesseract.js-data/dan/package.json')), '4.0.0_best_int'),
      gzip: true,
      cacheMethod: 'none',
    });
    return this.#worker;
  }
}
