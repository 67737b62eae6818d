import { describe, expect, it } from 'vitest';
import { parseMinutes } from '../../shared/parse/parse-minutes.ts';
import { layout, source } from '../support/layout.ts';

// Every marking of a closed item seen in Danish minutes: the title stays public, its text never
// reaches sections or the decision (and so never the index). When in doubt, closed.
const SECRET = 'Købesummen er 4,1 mio. kr. og sælger er Hansen';

const headings = [
  'Lukket punkt: Salg af ejendom',
  'Lukket: Salg af ejendom',
  '(Lukket) Salg af ejendom',
  'Salg af ejendom (lukket)',
  'Salg af ejendom - lukket punkt',
  'LUKKET - Salg af ejendom',
  'Lukket sag: Salg af ejendom',
  'FORTROLIG - Salg af ejendom',
  'Fortrolig: Salg af ejendom',
  '[Lukket] Salg af ejendom',
  'Salg af ejendom (fortroligt)',
  'Salg af ejendom (Lukket punkt)',
  'Salg af ejendom, lukket dagsorden',
];

function minutes(second: string, below = ''): ReturnType<typeof parseMinutes> {
  return parseMinutes(
    layout(`
# Referat
Økonomiudvalget
Mødedato: 12. marts 2024 kl. 16:00
# 1. Godkendelse af dagsorden
# Beslutning
Godkendt.
# 2. ${second}
${below}
# Sagsfremstilling
${SECRET}.
# Beslutning
Godkendt som indstillet. ${SECRET}.
# 3. Eventuelt
# Beslutning
Intet.
`),
    source,
  );
}

describe('closed items in every marking', () => {
  it.each(headings)('"%s" closes the item and keeps its title', (heading) => {
    const got = minutes(heading);
    expect(got.items.map((i) => i.number)).toEqual([1, 2, 3]);
    const closed = got.items[1]!;
    expect(closed).toMatchObject({
      title: heading,
      closed: true,
      decision: null,
      sections: [],
      attachments: [],
    });
    expect(JSON.stringify(got)).not.toContain('Hansen');
    expect(got.items[0]!.closed).toBe(false);
    expect(got.items[2]!.closed).toBe(false);
  });

  it.each([
    'Lukket punkt',
    'Lukket sag',
    'Fortroligt',
    '(Lukket)',
    'J.nr.: 01.02.03-P20-1-20 Sagsid.: 123 Initialer: AB Lukket sag',
  ])('a line "%s" below the heading closes the item', (below) => {
    const got = minutes('Salg af ejendom', below);
    expect(got.items[1]).toMatchObject({
      title: 'Salg af ejendom',
      closed: true,
      decision: null,
      sections: [],
    });
    expect(JSON.stringify(got)).not.toContain('Hansen');
  });

  it('keeps an open item open when its packed case line says "Åben sag", and takes only the case number', () => {
    const got = minutes('Salg af ejendom', 'J.nr.: 01.02.03-P20-1-20 Sagsid.: 123 Initialer: AB Åben sag');
    expect(got.items[1]).toMatchObject({ closed: false, caseNumber: '01.02.03-P20-1-20' });
    expect(got.items[1]!.decision).toContain('Godkendt som indstillet');
  });

  it('does not index a closed bilag listed under an open item', () => {
    const got = parseMinutes(
      layout(`
# Referat
Økonomiudvalget
Mødedato: 12. marts 2024 kl. 16:00
# 1. Budget 2025
# Beslutning
Godkendt.
# Bilag
1 Åben Budgetnotat 2025 222359/12
2 Lukket Lønoplysninger for direktionen 73288/09
`),
      source,
    );
    expect(got.items[0]!.attachments.map((a) => a.name)).toEqual(['Budgetnotat 2025']);
  });
});
