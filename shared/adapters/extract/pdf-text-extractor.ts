import { getDocument, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { DocumentRejectedError } from '../../domain/errors.ts';
import type {
  ExtractedPage,
  ExtractedText,
  TextExtractor,
  TextLine,
} from '../../ports/text-extractor.port.ts';

const BOLD_FONT = /bold|black|heavy|semibold|demi/i;

/**
 * Reads PDF text with its typography through pdf.js, the engine inside pdf-parse: pdf-parse's own
 * getText() gives plain text per page, and headings are told apart by bold face and size.
 */
export class PdfTextExtractor implements TextExtractor {
  readonly mediaTypes = ['application/pdf'] as const;

  async extract(bytes: Uint8Array, name: string): Promise<ExtractedText> {
    const doc = await openPdf(bytes, name);
    try {
      const pages: ExtractedPage[] = [];
      for (let n = 1; n <= doc.numPages; n++) pages.push(await readPage(doc, n));
      return { mediaType: 'application/pdf', pages };
    } finally {
      await doc.destroy();
    }
  }
}

/** Opens a PDF, turning pdf.js failures into reasons a person can act on. */
export async function openPdf(bytes: Uint8Array, name: string): Promise<PDFDocumentProxy> {
  try {
    // pdf.js takes ownership of the buffer it is given; hand it a copy.
    return await getDocument({
      data: new Uint8Array(bytes),
      verbosity: 0,
      isEvalSupported: false,
      useSystemFonts: false,
      stopAtErrors: false,
    }).promise;
  } catch (error) {
    const err = error as { name?: string; message?: string };
    if (err.name === 'PasswordException') {
      throw new DocumentRejectedError('ENCRYPTED_FILE', `${name}: the PDF is encrypted with a password`, {
        cause: error,
      });
    }
    if (err.name === 'InvalidPDFException' || /Invalid PDF|startxref|XRef|trailer/i.test(err.message ?? '')) {
      throw new DocumentRejectedError(
        'TRUNCATED_FILE',
        `${name}: the PDF is damaged or cut short (${err.message})`,
        {
          cause: error,
        },
      );
    }
    throw new DocumentRejectedError('CORRUPT_FILE', `${name}: the PDF cannot be read (${err.message})`, {
      cause: error,
    });
  }
}

interface Run {
  str: string;
  x: number;
  y: number;
  size: number;
  bold: boolean;
  width: number;
}

async function readPage(doc: PDFDocumentProxy, number: number): Promise<ExtractedPage> {
  const page = await doc.getPage(number);
  try {
    // The operator list loads the fonts, so their real names (…-Bold) can be read.
    await page.getOperatorList();
    const content = await page.getTextContent();
    const height = page.view[3] ?? 842;
    const runs: Run[] = [];
    for (const item of content.items) {
      if (!('str' in item)) continue;
      const t = item as TextItem;
      if (!t.str) continue;
      let fontName = '';
      try {
        fontName = (page.commonObjs.get(t.fontName) as { name?: string } | undefined)?.name ?? '';
      } catch {
        fontName = content.styles[t.fontName]?.fontFamily ?? '';
      }
      runs.push({
        str: t.str,
        x: t.transform[4] ?? 0,
        y: t.transform[5] ?? 0,
        size: Math.hypot(t.transform[2] ?? 0, t.transform[3] ?? 0) || t.height,
        bold: BOLD_FONT.test(fontName),
        width: t.width,
      });
    }
    return { number, lines: groupLines(runs, height) };
  } finally {
    page.cleanup();
  }
}

/** Groups text runs that share a baseline into lines, top to bottom and left to right. */
function groupLines(runs: Run[], pageHeight: number): TextLine[] {
  const sorted = [...runs].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: Run[][] = [];
  for (const run of sorted) {
    const current = lines.at(-1);
    const ref = current?.[0];
    if (current && ref && Math.abs(ref.y - run.y) <= Math.max(2, Math.min(ref.size, run.size) * 0.4)) {
      current.push(run);
    } else {
      lines.push([run]);
    }
  }
  return lines.map((line) => {
    line.sort((a, b) => a.x - b.x);
    let text = '';
    let end = Number.NEGATIVE_INFINITY;
    for (const run of line) {
      // A visible gap between runs is a space the PDF did not write as a character.
      if (text && run.x - end > run.size * 0.2 && !text.endsWith(' ') && !run.str.startsWith(' '))
        text += ' ';
      text += run.str;
      end = run.x + run.width;
    }
    const visible = line.filter((r) => r.str.trim());
    const chars = visible.reduce((n, r) => n + r.str.length, 0) || 1;
    const boldChars = visible.filter((r) => r.bold).reduce((n, r) => n + r.str.length, 0);
    const size = Math.max(...visible.map((r) => r.size), 0);
    return {
      text,
      bold: boldChars / chars > 0.6,
      size: Math.round(size * 10) / 10,
      top: 1 - (line[0]?.y ?? 0) / pageHeight,
    };
  });
}
