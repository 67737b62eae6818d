import { PDFParse } from 'pdf-parse';
import type { PageImage } from '../../ports/text-extractor.port.ts';

/** Renders PDF pages to PNG with pdf-parse's screenshot support, at a resolution OCR reads well. */
export class PdfParseRasterizer {
  readonly dpi: number;
  constructor(dpi = 200) {
    this.dpi = dpi;
  }

  async render(bytes: Uint8Array, pages: number[]): Promise<PageImage[]> {
    const parser = new PDFParse({ data: new Uint8Array(bytes) });
    try {
      const shots = await parser.getScreenshot({
        partial: pages,
        scale: this.dpi / 72,
        imageBuffer: true,
        imageDataUrl: false,
      });
      return shots.pages.map((p) => ({ number: p.pageNumber, png: p.data }));
    } finally {
      await parser.destroy();
    }
  }
}
