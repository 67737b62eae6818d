import type { SourceInfo } from '../../shared/domain/model.ts';
import type { ExtractedText, TextLine } from '../../shared/ports/text-extractor.port.ts';

/**
 * Builds extracted text from a compact description: pages split by a line "---page---", a line
 * starting with "# " is set in bold at 14 pt, others in regular 11 pt; `plain` drops all typography,
 * as OCR text has none.
 */
export function layout(text: string, options: { plain?: boolean } = {}): ExtractedText {
  const pages = text.trim().split(/\n---page---\n/);
  return {
    mediaType: 'application/pdf',
    pages: pages.map((page, p) => {
      const rows = page.split('\n').filter((l) => l.trim());
      return {
        number: p + 1,
        lines: rows.map((row, i): TextLine => {
          const bold = row.startsWith('# ');
          const text = bold ? row.slice(2) : row;
          // First and last lines sit at the page's edges, where running headers and footers live.
          const top =
            rows.length === 1
              ? 0.5
              : i === 0
                ? 0.05
                : i === rows.length - 1
                  ? 0.95
                  : 0.15 + (0.7 * i) / rows.length;
          return options.plain ? { text } : { text, bold, size: bold ? 14 : 11, top };
        }),
      };
    }),
  };
}

export const source: SourceInfo = { name: 'test.pdf', sha256: 'a'.repeat(64), pages: 1, ocrPages: 0 };
