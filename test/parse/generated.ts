import type { ExtractedText } from '../../shared/ports/text-extractor.port.ts';

/**
 * Minutes of any length, page by page as a PDF extractor gives them: a running header, an item
 * heading, sections, long paragraphs of wrapped and hyphenated lines (what made joining lines
 * quadratic), a numbered list in the body, a page number at the foot.
 */
export function generatedMinutes(pages: number): ExtractedText {
  return {
    mediaType: 'application/pdf',
    pages: Array.from({ length: pages }, (_, p) => {
      const n = p + 1;
      const body = Array.from({ length: 36 }, (_, i) => ({
        text: `linje ${i} i sagens fremstilling om vejen og budgettet for ${n}, som fortsæt-`,
        size: 11,
        top: 0.22 + i * 0.018,
      }));
      return {
        number: n,
        lines: [
          { text: 'Teknik- og Miljøudvalget', size: 8, top: 0.04 },
          { text: `Referat · Side ${n}`, size: 8, top: 0.05 },
          ...(n === 1
            ? [
                { text: 'Referat', bold: true, size: 20, top: 0.1 },
                { text: 'Teknik- og Miljøudvalget', size: 11, top: 0.12 },
                { text: 'Mandag den 26. juni 2023 kl. 16.00 til 19.15', size: 11, top: 0.13 },
              ]
            : []),
          { text: `${n % 999 || 999}. Sag nummer ${n} om vejene`, bold: true, size: 14, top: 0.15 },
          { text: 'Sagsfremstilling', bold: true, size: 11, top: 0.18 },
          ...body,
          { text: '1. første punkt i en liste', size: 11, top: 0.88 },
          { text: 'Beslutning', bold: true, size: 11, top: 0.9 },
          { text: 'Godkendt.', size: 11, top: 0.92 },
          { text: `${n}`, size: 8, top: 0.97 },
        ],
      };
    }),
  };
}

/**
 * One item whose text runs over every page without a sentence ending: one paragraph of
 * `pages × 40` lines, where the old line joining re-tested a growing string (1,000 pages: 76 s).
 */
export function longItem(pages: number): ExtractedText {
  return {
    mediaType: 'application/pdf',
    pages: Array.from({ length: pages }, (_, p) => ({
      number: p + 1,
      lines: [
        ...(p === 0
          ? [
              { text: 'Punkt 1: Lang sag om vejene', bold: true, size: 14 },
              { text: 'Sagsfremstilling', bold: true, size: 11 },
            ]
          : []),
        ...Array.from({ length: 40 }, (_, i) => ({
          text: `linje ${i} på side ${p + 1} i en sagsfremstilling der fortsætter uden ende og`,
          size: 11,
        })),
      ],
    })),
  };
}
