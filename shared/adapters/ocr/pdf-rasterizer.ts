import { DEFAULT_LIMITS } from '../../ingest/extract.ts';
import type { PageImage } from '../../ports/text-extractor.port.ts';
import { openPdf } from '../extract/pdf-js.ts';

/**
 * Renders PDF pages to PNG with pdf-parse's screenshot support, at a resolution OCR reads well,
 * and never more than `maxPixels` a page: a 4000×4000 pt page at 200 dpi would be 123 M pixels
 * (half a GB before the OCR engine copies it); it is rendered at a lower resolution instead.
 */
export class PdfParseRasterizer {
  readonly dpi: number;
  readonly maxPixels: number;

  constructor(dpi = 200, maxPixels = DEFAULT_LIMITS.maxOcrPixels) {
    this.dpi = dpi;
    this.maxPixels = maxPixels;
  }

  async render(bytes: Uint8Array, pages: number[]): Promise<PageImage[]> {
    const images: PageImage[] = [];
    for await (const image of this.images(bytes, pages)) images.push(image);
    return images;
  }

  /** The pages one at a time, each at its own scale: only one page image is held at once. */
  async *images(bytes: Uint8Array, pages: number[]): AsyncGenerator<PageImage> {
    const scales = await this.#scales(bytes, pages);
    const { PDFParse } = await import('pdf-parse');
    const parser = new PDFParse({ data: new Uint8Array(bytes) });
    try {
      for (const number of pages) {
        const shots = await parser.getScreenshot({
          partial: [number],
          scale: scales.get(number) ?? this.dpi / 72,
          imageBuffer: true,
          imageDataUrl: false,
        });
        for (const p of shots.pages) yield { number: p.pageNumber, png: p.data };
      }
    } finally {
      await parser.destroy();
    }
  }

  async #scales(bytes: Uint8Array, pages: number[]): Promise<Map<number, number>> {
    const doc = await openPdf(bytes, 'the PDF');
    try {
      const scales = new Map<number, number>();
      for (const number of pages) {
        const [x0 = 0, y0 = 0, x1 = 612, y1 = 792] = (await doc.getPage(number)).view;
        const points = Math.abs((x1 - x0) * (y1 - y0)) || 1;
        scales.set(number, Math.min(this.dpi / 72, Math.sqrt(this.maxPixels / points)));
      }
      return scales;
    } finally {
      await doc.destroy();
    }
  }
}
