import { describe, expect, it } from 'vitest';
import { parseMinutes } from '../../shared/parse/parse-minutes.ts';
import type { TextLine } from '../../shared/ports/text-extractor.port.ts';
import { source } from '../support/layout.ts';

// Many generated minutes whose titles open like dates and times and whose bodies hold numbered
// lists and dates that look like item headings: the items are all found and none is invented.
let seed = 7;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
const TITLES = [
  'Godkendelse af dagsorden',
  'Temadag 7. marts kl. 12.30-14.00',
  'Budget 2025 - 2. behandling',
  'Marts-mødet flyttes',
  'Kl. 16-møder i fremtiden',
  'Orientering om 3. kvartal',
  'Salg af grund, Vestergade 12',
  'Eventuelt',
];
const BODY = [
  'Sagen blev drøftet.',
  'Mødet holdes 14.',
  'marts kl. 12.30-14.00 i salen.',
  '1. første punkt',
  '2. andet punkt',
  '3. tredje punkt',
  '12. april 2024 afholdes dialogmøde.',
];

describe('300 generated minutes with titles that look like dates', () => {
  it('finds at least 98% of the items and invents none', () => {
    let wanted = 0;
    let found = 0;
    let invented = 0;
    for (let d = 0; d < 300; d++) {
      const typed = random() < 0.5;
      const heading = (text: string): TextLine =>
        typed ? { text, bold: true, size: 13 } : { text, size: 11 };
      const lines: TextLine[] = [
        heading('Referat'),
        { text: 'Teknisk Udvalg' },
        { text: `Mødedato: ${1 + (d % 27)}. marts 2024 kl. 16.00` },
      ];
      const titles: string[] = [];
      for (let i = 1, n = 3 + Math.floor(random() * 8); i <= n; i++) {
        const title = pick(TITLES);
        titles.push(title);
        lines.push(heading(`${i}. ${title}`));
        for (let k = Math.floor(random() * 5); k > 0; k--) lines.push({ text: pick(BODY), size: 11 });
        if (random() < 0.7) lines.push(heading('Beslutning'), { text: 'Godkendt.', size: 11 });
      }
      const got = parseMinutes({ mediaType: 'application/pdf', pages: [{ number: 1, lines }] }, source);
      wanted += titles.length;
      found += titles.filter((t, i) => got.items.find((it) => it.number === i + 1)?.title === t).length;
      invented += got.items.filter((it) => titles[(it.number as number) - 1] !== it.title).length;
    }
    expect(found / wanted).toBeGreaterThanOrEqual(0.98);
    expect(invented).toBe(0);
  });
});
