import { describe, expect, it } from 'vitest';
import { parseFixture } from '../support/fixtures.ts';

describe('the traps the answer keys name', () => {
  it('keeps item 4 when the body lists dates that look like items', async () => {
    const got = await parseFixture('minutes/dagsorden-2022-02-07-forretningsudvalg.pdf');
    expect(got.items.map((i) => i.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(got.items[3]!.title).toBe('Mødeplanlægning 2022 for Sundhedsdirektørernes Forretningsudvalg');
  });

  it('reports a weekday that contradicts the date, and keeps the date', async () => {
    const got = await parseFixture('minutes/dagsorden-2022-02-07-forretningsudvalg.pdf');
    expect(got.start).toBe('2022-02-07T14:00:00+01:00');
    expect(got.warnings.join(' ')).toMatch(/fredag.*2022-02-07.*mandag/);
  });

  it('calls a dagsorden whose items carry a Referat minutes', async () => {
    const got = await parseFixture('minutes/dagsorden-2022-02-07-forretningsudvalg.docx');
    expect(got.kind).toBe('referat');
  });

  it('does not take the table of contents for the item list', async () => {
    const got = await parseFixture('minutes/referat-2022-11-17-sundhedsdirektoerkredsen.pdf');
    expect(got.items).toHaveLength(5);
    expect(got.items[2]!.sections.map((s) => s.heading)).toContain('Beslutning');
  });

  it('keeps the publication order of items and their numbers', async () => {
    const got = await parseFixture('minutes/moede-2023-10-04-sundhedsdirektoerkredsen.pdf');
    expect(got.items.map((i) => i.number)).toEqual([4, 6, 1, 2, 5, 9, 8, 7, 3]);
  });

  it('keeps the title of a closed item and none of its text', async () => {
    const got = await parseFixture('real/referat-aarhus-byraad-2025-08-27.pdf');
    const closed = got.items.find((i) => i.number === 21)!;
    expect(closed).toMatchObject({
      title: 'Lukket: Køb af landbrugsejendom',
      closed: true,
      decision: null,
      sections: [],
    });
  });

  it('mends a title that lost its hyphen at a line break from the table of contents', async () => {
    const got = await parseFixture('real/referat-aarhus-byraad-2025-08-27.pdf');
    expect(got.items.find((i) => i.number === 7)!.title).toBe(
      'Afrapportering på klimaregnskab samt orientering om ny 2030-fremskrivning',
    );
  });

  it('does not take the case history of other meetings as attendance or items', async () => {
    const got = await parseFixture('real/referat-aarhus-teknisk-udvalg-2025-10-01.html');
    expect(got.items.map((i) => i.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(got.absent).toEqual([]);
    expect(got.items[1]!.attachments.length).toBe(30);
  });

  it('reads a lone item with no meeting header and says what it lacks', async () => {
    const got = await parseFixture('minutes/punkt-de-nye-sundhedsklynger.pdf');
    expect(got).toMatchObject({ committee: null, start: null, kind: 'punkt' });
    expect(got.items[0]!.sections.map((s) => s.heading)).toEqual([
      'REFERAT',
      'RESUMÉ',
      'INDSTILLING',
      'BAGGRUND',
      'Proces',
    ]);
    expect(got.warnings).toContain('the document names no committee');
  });
});

describe('the traps of the real eDoc and Acadre minutes', () => {
  it("places eDoc's one-item PDFs and the Acadre PDF and Word file in the meeting of their referat", async () => {
    const full = await parseFixture('realworld/edoc-ballerup-sfu-20121204.pdf');
    for (const n of [1, 3, 4]) {
      const item = await parseFixture(`realworld/edoc-ballerup-sfu-punkt${n}.pdf`);
      expect(item).toMatchObject({
        id: full.id,
        kind: 'punkt',
        committee: 'Sundheds- og Forebyggelsesudvalget',
      });
    }
    const pdf = await parseFixture('realworld/acadre-syddjurs-puk-20130620.pdf');
    const docx = await parseFixture('realworld/acadre-syddjurs-puk-20130620.docx');
    expect(docx.id).toBe(pdf.id);
  });

  it('takes the page header "Referat" for a running header, not for the decision', async () => {
    const got = await parseFixture('realworld/edoc-ballerup-sfu-20121204.pdf');
    expect(got.items.map((i) => i.decision?.split('\n')[0])).toEqual([
      'Taget til efterretning Følgende deltog ikke i behandlingen af punktet:',
      ...Array(7).fill(expect.any(String)),
    ]);
    expect(got.items.every((i) => !/Åbent referat|Side \d/.test(i.decision ?? ''))).toBe(true);
    expect(got.participants).not.toContain('Mie Helene Andresen');
  });
});
