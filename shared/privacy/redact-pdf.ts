import { PDFDocument, PDFName, rgb, StandardFonts } from 'pdf-lib';
import type { BlankReason } from './public-copy.ts';

const NOTICE: Record<BlankReason, string[]> = {
  closed: ['Siden er udeladt i den offentlige udgave:', 'den hører til et lukket punkt.'],
  cpr: ['Siden er udeladt i den offentlige udgave:', 'den indeholder et CPR-nummer.'],
};

/**
 * A new PDF with the pages of the original, except that the pages in `blank` are replaced by an
 * empty page of the same size saying why. It is built from scratch, so nothing of a blanked page
 * (text, images, fonts) and nothing document-wide (metadata, attachments, scripts, forms) is
 * carried over; kept pages lose their automatic actions.
 */
export async function blankPdfPages(
  original: Uint8Array,
  blank: ReadonlyMap<number, BlankReason>,
  title: string,
): Promise<Uint8Array> {
  const source = await PDFDocument.load(original, { updateMetadata: false });
  const out = await PDFDocument.create();
  const font = await out.embedFont(StandardFonts.Helvetica);
  const count = source.getPageCount();
  const keep = [...Array(count).keys()].filter((i) => !blank.has(i + 1));
  const copied = await out.copyPages(source, keep);
  let next = 0;
  for (let i = 0; i < count; i++) {
    const why = blank.get(i + 1);
    if (!why) {
      const page = copied[next++]!;
      page.node.delete(PDFName.of('AA'));
      out.addPage(page);
      continue;
    }
    const { width, height } = source.getPage(i).getSize();
    const page = out.addPage([width, height]);
    const size = Math.max(10, Math.min(16, width / 40));
    NOTICE[why].forEach((line, n) => {
      page.drawText(line, {
        x: width * 0.1,
        y: height * 0.6 - n * size * 1.5,
        size,
        font,
        color: rgb(0.2, 0.2, 0.2),
      });
    });
  }
  out.setTitle(`Offentlig udgave: ${title}`);
  out.setProducer('protokol');
  out.setCreator('protokol');
  return out.save();
}
