import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMinutes } from '../../shared/parse/parse-minutes.ts';
import type { ExtractedText, TextLine } from '../../shared/ports/text-extractor.port.ts';
import { source } from '../support/layout.ts';

// Pieces real minutes are made of, so random documents exercise the parser's rules and not only
// its handling of noise.
const piece = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.constantFrom(
    'Beslutning',
    'Referat:',
    'Indstilling',
    'Bilag',
    'Lukket punkt',
    'Åbent punkt',
    'Fraværende: Mette Hansen (A)',
    'Sagsnr.: 00.01.00-A00-1-24',
    'EMN-2025-003383',
    'Indholdsfortegnelse',
    'Mødedato Torsdag d. 17. november 2022 kl. 09:00',
    'Tid: Fredag den 7. februar 2022 kl. 14.00-16.00',
    '7. februar kl. 14.00-16.00',
    '• Visionspapir.pdf',
    'Side 2 af 9',
    'Godkendelse af dagsorden.......... 3',
  ),
  fc.tuple(fc.integer({ min: 0, max: 40 }), fc.string({ maxLength: 60 })).map(([n, t]) => `${n}. ${t}`),
  fc.tuple(fc.integer({ min: 0, max: 40 }), fc.string({ maxLength: 60 })).map(([n, t]) => `Punkt ${n}: ${t}`),
);
const line = fc.record({
  text: piece,
  bold: fc.boolean(),
  size: fc.constantFrom(10, 12, 14, 16),
  top: fc.double({ min: 0, max: 1, noNaN: true }),
});
const documents = fc.array(fc.array(line, { maxLength: 60 }), { minLength: 1, maxLength: 6 }).map(
  (pages): ExtractedText => ({
    mediaType: 'application/pdf',
    pages: pages.map((lines, i) => ({ number: i + 1, lines })),
  }),
);

function mutate(doc: ExtractedText, seed: number): ExtractedText {
  // Swap, drop and duplicate lines, as a bad scan or a broken export would.
  const lines = doc.pages.flatMap((p) => p.lines);
  const out: TextLine[] = [];
  for (const [i, l] of lines.entries()) {
    const r = (seed * (i + 7)) % 5;
    if (r === 0) continue;
    out.push(r === 1 ? { ...l, text: l.text.split('').reverse().join('') } : l);
    if (r === 2) out.push(l);
  }
  return { mediaType: doc.mediaType, pages: [{ number: 1, lines: out }] };
}

function expectContractShape(got: ReturnType<typeof parseMinutes>) {
  expect(typeof got.id).toBe('string');
  expect(['referat', 'dagsorden', 'punkt', 'bilag']).toContain(got.kind);
  for (const key of ['committee', 'title', 'start', 'end', 'location', 'published'] as const) {
    expect(got[key] === null || typeof got[key] === 'string').toBe(true);
  }
  if (got.start) expect(got.start).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00[+-]\d{2}:\d{2}$/);
  expect(Array.isArray(got.participants) && Array.isArray(got.absent) && Array.isArray(got.guests)).toBe(
    true,
  );
  expect(got.items.length).toBeGreaterThan(0);
  for (const item of got.items) {
    expect(item.number === null || typeof item.number === 'number' || typeof item.number === 'string').toBe(
      true,
    );
    expect(typeof item.title).toBe('string');
    expect(typeof item.closed).toBe('boolean');
    expect(item.decision === null || typeof item.decision === 'string').toBe(true);
    for (const s of item.sections)
      expect(typeof s.heading === 'string' && typeof s.text === 'string').toBe(true);
    for (const a of item.attachments) expect(typeof a.name).toBe('string');
    if (item.closed) expect(item.sections).toEqual([]);
  }
}

describe('the parser on random and mutated documents', () => {
  it('never throws and always returns the contract’s shape', () => {
    fc.assert(
      fc.property(documents, fc.integer({ min: 1, max: 1000 }), (doc, seed) => {
        expectContractShape(parseMinutes(doc, source));
        expectContractShape(parseMinutes(mutate(doc, seed), source));
      }),
      { numRuns: 300 },
    );
  });

  it('grows about linearly with the document: four times the pages take well under sixteen times as long', () => {
    const page = (n: number) => ({
      number: n,
      lines: [
        { text: `Punkt ${n}: Sag nummer ${n} om vejene`, bold: true, size: 14 },
        { text: 'Beslutning', bold: true, size: 12 },
        ...Array.from({ length: 40 }, (_, i) => ({
          text: `${i + 1}. linje med tekst om sagen og dens beslutning`,
          size: 12,
        })),
      ],
    });
    const doc = (pages: number): ExtractedText => ({
      mediaType: 'application/pdf',
      pages: Array.from({ length: pages }, (_, i) => page(i + 1)),
    });
    const time = (d: ExtractedText) => {
      const t0 = performance.now();
      for (let i = 0; i < 3; i++) parseMinutes(d, source);
      return performance.now() - t0;
    };
    time(doc(50));
    const small = time(doc(100));
    const large = time(doc(400));
    expect(large / small).toBeLessThan(10);
  });
});
