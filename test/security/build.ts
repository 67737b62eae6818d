import { PDFDocument, StandardFonts } from 'pdf-lib';

/**
 * A PDF made here, page by page: a line starting with "# " is set in bold at 14 pt (a heading,
 * as the parser reads typography), other lines regular at 11 pt.
 */
export async function pdfOf(pages: string[][]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  for (const lines of pages) {
    const page = doc.addPage([595, 842]);
    let y = 780;
    for (const line of lines) {
      const heading = line.startsWith('# ');
      page.drawText(heading ? line.slice(2) : line, {
        x: 60,
        y,
        size: heading ? 14 : 11,
        font: heading ? bold : regular,
      });
      y -= heading ? 26 : 18;
    }
  }
  return doc.save();
}

export const utf8 = (text: string) => new TextEncoder().encode(text);

/** An HTML referat: a header, then items as <h2>, their sections as <h3>. */
export function htmlMinutes(opts: {
  committee: string;
  date: string;
  items: { title: string; sections: [string, string][]; bilag?: string[] }[];
  extra?: string;
}): Uint8Array {
  const items = opts.items
    .map(
      (item, i) =>
        `<h2>${i + 1}. ${item.title}</h2>${item.sections.map(([h, t]) => `<h3>${h}</h3><p>${t}</p>`).join('')}${
          item.bilag?.length
            ? `<h3>Bilag</h3><ul>${item.bilag.map((b) => `<li>${b}</li>`).join('')}</ul>`
            : ''
        }`,
    )
    .join('\n');
  return utf8(
    `<!doctype html><html><head><meta charset="utf-8"><title>Referat</title></head><body><h1>Referat</h1>` +
      `<p>Udvalg: ${opts.committee}</p><p>Dato: ${opts.date}</p>${opts.extra ?? ''}\n${items}</body></html>`,
  );
}
