import { describe, expect, it } from 'vitest';
import { htmlToLines } from '../../shared/adapters/extract/html-text-extractor.ts';
import { parseMinutes } from '../../shared/parse/parse-minutes.ts';
import { layout, source } from '../support/layout.ts';

// The evidence the parser reads structure by, one behaviour at a time, on documents written the
// way other publishing systems write them.

const items = `
# 1. Godkendelse af dagsorden
# Beslutning
Godkendt.
# 2. Budgetopfølgning
# Beslutning
Taget til efterretning.
`;

describe('a meeting header without labels', () => {
  it.each([
    [
      'Mandag den 26. juni 2023 kl. 16.00 til 19.15',
      '2023-06-26T16:00:00+02:00',
      '2023-06-26T19:15:00+02:00',
    ],
    ['Onsdag 3. april 2024 kl. 15:00', '2024-04-03T15:00:00+02:00', null],
    ['2. maj 2017 kl. 10:00', '2017-05-02T10:00:00+02:00', null],
    ['04-06-2020 09:00:00', '2020-06-04T09:00:00+02:00', null],
    ['Onsdag den 19-marts-2003', '2003-03-19T00:00:00+01:00', null],
  ])('reads "%s" under the committee as the meeting time', (date, start, end) => {
    const got = parseMinutes(
      layout(`# Beslutningsprotokol\nBørne- og Skoleudvalget\n${date}\nRådhuset, mødelokale 1\n${items}`),
      source,
    );
    expect(got).toMatchObject({
      committee: 'Børne- og Skoleudvalget',
      start,
      end,
      location: 'Rådhuset, mødelokale 1',
    });
  });

  it('reads "Mødedato: 14.03.2022, kl. 15:00" and a label whose value stands on the next line', () => {
    const got = parseMinutes(
      layout(
        `# Referat\nUDVALG\nKultur- og Fritidsudvalget\nMødedato: 14.03.2022, kl. 15:00\nSLUTTIDSPUNKT\n17:30\n${items}`,
      ),
      source,
    );
    expect(got).toMatchObject({
      committee: 'Kultur- og Fritidsudvalget',
      start: '2022-03-14T15:00:00+01:00',
      end: '2022-03-14T17:30:00+01:00',
    });
  });

  it('takes the end of the meeting from "Mødet blev hævet kl. 16.05"', () => {
    const got = parseMinutes(
      layout(
        `# Referat\nTeknik- og Miljøudvalget\nTirsdag den 5. marts 2024 kl. 14.00\n${items}\nMødet blev hævet kl. 16.05`,
      ),
      source,
    );
    expect(got.end).toBe('2024-03-05T16:05:00+01:00');
  });

  it('reads absence told in prose, and members printed in two columns', () => {
    const got = parseMinutes(
      layout(
        `# Referat\nSocialudvalget\n2. maj 2017 kl. 10:00\nMedlemmer\nJens Hansen (A) Mette Berg (V)\nOle Holm (C) Lise Dahl (F)\nAlle var mødt undtagen Ole Holm og Lise Dahl.\n${items}`,
      ),
      source,
    );
    expect(got.participants).toEqual(['Jens Hansen', 'Mette Berg', 'Ole Holm', 'Lise Dahl']);
    expect(got.absent).toEqual(['Ole Holm', 'Lise Dahl']);
  });

  it("does not take one decision block's own Fraværende for the meeting's", () => {
    const got = parseMinutes(
      layout(
        `# Referat\nSocialudvalget\n2. maj 2017 kl. 10:00\n# 1. Godkendelse af dagsorden\n# Beslutning\nGodkendt.\n# 2. Budget\n# Beslutning\nGodkendt.\nFraværende: Ole Holm\n# 3. Eventuelt\n# Beslutning\nIntet.`,
      ),
      source,
    );
    expect(got.absent).toEqual([]);
  });
});

describe('agenda items by their sequence', () => {
  it('keeps items with empty bodies and does not take a numbered list in a body for items', () => {
    const got = parseMinutes(
      layout(
        `# Referat\nSocialudvalget\n2. maj 2017 kl. 10:00
1. Godkendelse af dagsorden
Sagsnr.: 27.00.00-A00-1-17
Beslutning
Godkendt.
2. Orientering fra formanden
3. Handleplan for hjemmeplejen
Sagsnr.: 27.00.00-A00-2-17
Sagsfremstilling
Planen har tre indsatser:
1. Flere faste hjælpere
2. Kortere ventetid
3. Bedre dokumentation
4. Mere træning
Beslutning
Godkendt.
4. Eventuelt
Beslutning
Intet.`,
        { plain: true },
      ),
      source,
    );
    expect(got.items.map((i) => [i.number, i.title])).toEqual([
      [1, 'Godkendelse af dagsorden'],
      [2, 'Orientering fra formanden'],
      [3, 'Handleplan for hjemmeplejen'],
      [4, 'Eventuelt'],
    ]);
  });

  it('reads sub-items 1.1–2.3 and numbers that run from 91', () => {
    const sub = parseMinutes(
      layout(
        `# Referat\nSocialudvalget\n2. maj 2017 kl. 10:00\n# 1. Sager til beslutning\n# 1.1 Budget\n# Beslutning\nGodkendt.\n# 1.2 Takster\n# Beslutning\nGodkendt.\n# 2. Sager til orientering\n# 2.1 Status\n# Beslutning\nTaget til efterretning.`,
      ),
      source,
    );
    expect(sub.items.map((i) => i.number)).toEqual([1, '1.1', '1.2', 2, '2.1']);
    const running = parseMinutes(
      layout(
        `# Referat\nSocialudvalget\n2. maj 2017 kl. 10:00\n91. Godkendelse af dagsorden\nBeslutning\nGodkendt.\n92. Budget\nBeslutning\nGodkendt.\n93. Eventuelt\nBeslutning\nIntet.`,
        { plain: true },
      ),
      source,
    );
    expect(running.items.map((i) => i.number)).toEqual([91, 92, 93]);
  });

  it('does not take a group heading for an item, and gives a case number printed above its heading to that item', () => {
    const got = parseMinutes(
      layout(`# Referat\nSocialudvalget\n2. maj 2017 kl. 10:00
# Til beslutning - for åbne døre
Sagsnr.: 00.01.00-A00-1-17
# 1. Godkendelse af dagsorden
# Beslutning
Godkendt.
# Til efterretning - for åbne døre
Sagsnr.: 00.01.00-A00-2-17
# 2. Status på byggeriet
# Beslutning
Taget til efterretning.`),
      source,
    );
    expect(got.items.map((i) => [i.number, i.caseNumber, i.decision])).toEqual([
      [1, '00.01.00-A00-1-17', 'Godkendt.'],
      [2, '00.01.00-A00-2-17', 'Taget til efterretning.'],
    ]);
  });

  it('keeps a decision that reads like a group heading ("Til efterretning")', () => {
    const got = parseMinutes(
      layout(
        `# Referat\nSocialudvalget\n2. maj 2017 kl. 10:00\n# 1. Status\n# Beslutning\nTil efterretning\n# 2. Eventuelt\n# Beslutning\nIntet.`,
      ),
      source,
    );
    expect(got.items[0]!.decision).toBe('Til efterretning');
  });

  it('does not lose items to a body line that starts with a date', () => {
    const got = parseMinutes(
      layout(
        `# Referat\nSocialudvalget\n2. maj 2017 kl. 10:00
1. Godkendelse af dagsorden
Beslutning
Godkendt.
2. Temadag
Beslutning
Temadagen holdes den
3. marts kl. 12.30-14.00
4. marts kl. 12.30-14.00
3. Eventuelt
Beslutning
Intet.`,
        { plain: true },
      ),
      source,
    );
    expect(got.items.map((i) => i.title)).toEqual(['Godkendelse af dagsorden', 'Temadag', 'Eventuelt']);
  });
});

describe("this meeting's decision among earlier ones", () => {
  it("takes the decision dated this meeting (First Agenda: the fagudvalg's recommendation comes first)", () => {
    const got = parseMinutes(
      layout(`# Referat\nKommunalbestyrelsen\nOnsdag den 17. juni 2020 kl. 17.00\n# 1. Budget 2021
# Beslutning i Økonomiudvalget den 09-06-2020
Anbefalet.
# Beslutning i Kommunalbestyrelsen den 17-06-2020
Godkendt.`),
      source,
    );
    expect(got.items[0]!.decision).toBe('Godkendt.');
  });

  it('takes the current undated decision before the dated history (Region Hovedstaden)', () => {
    const got = parseMinutes(
      layout(`# Beslutningsprotokol\nRegionsrådet\n3. april 2024 kl. 17:00\n# 1. Budget 2025
# Beslutning
Indstillingen blev godkendt.
# Forretningsudvalgets beslutning den 19. marts 2024
Anbefalet.`),
      source,
    );
    expect(got.items[0]!.decision).toBe('Indstillingen blev godkendt.');
  });
});

describe('what kind of document it is', () => {
  it("reads a citizen's letter with numbered paragraphs as one text, not as an agenda", () => {
    const got = parseMinutes(
      layout(
        `Kære udvalg
Jeg skriver angående vejen ved min ejendom.
1. Vejen er i meget dårlig stand, og der er huller overalt.
2. Der kører mange lastbiler, som larmer hele natten.
3. Jeg beder om, at sagen bliver behandlet hurtigt.
Med venlig hilsen
Hans Jensen`,
        { plain: true },
      ),
      source,
    );
    expect(got.kind).toBe('bilag');
    expect(got.items).toHaveLength(1);
    expect(got.items[0]!.number).toBeNull();
  });

  it('reads a printed e-mail as a letter titled by its subject, whatever date it was sent', () => {
    const got = parseMinutes(
      layout(
        `Fra: Borgerforeningen <post@borgerforeningen.dk>
Sendt: 12. marts 2024 09:41
Til: Teknisk Udvalg
Emne: Stien langs åen før mødet den 14.03.2024
Kære udvalgsmedlemmer
1. Hvorfor er stien lukket, når alle andre stier i området har
været åbne hele vinteren uden problemer for nogen?
2. Kan kommunen sætte belysning op ved broen, som vi har
bedt om siden 2019?
Med venlig hilsen
Borgerforeningen`,
        { plain: true },
      ),
      source,
    );
    expect(got.kind).toBe('bilag');
    expect(got.title).toBe('Stien langs åen før mødet den 14.03.2024');
    expect(got.items).toHaveLength(1);
    expect(got.items[0]!.number).toBeNull();
    expect(got.items[0]!.sections[0]!.text).toContain('belysning op ved broen');
  });

  it('reads a list with no committee and no agenda as a document, not a dagsorden, though it is dated', () => {
    const got = parseMinutes(
      layout(`Til: Udvalget, Ældrerådet, Direktionen m.fl.
Ajourført: 29. august 2025
# Sager på vej
Sag Afd. Forventet fremsendt
Plejehjemsplan 2026 Sundhed oktober
Serviceniveau for hjemmepleje Borgervelfærd november`),
      source,
    );
    expect(got.kind).toBe('bilag');
    expect(got.items).toHaveLength(1);
  });

  it('calls an agenda page that says "Referat" but carries no decisions a dagsorden', () => {
    const got = parseMinutes(
      layout(
        `# Referat\nByrådet\n2. maj 2017 kl. 10:00\n# 1. Godkendelse af dagsorden\n# 2. Budget 2018\n# 3. Eventuelt`,
      ),
      source,
    );
    expect(got.kind).toBe('dagsorden');
    expect(got.items).toHaveLength(3);
  });

  it('places a single item published on its own in its meeting, by its decision heading', () => {
    const got = parseMinutes(
      layout(`# 4. Takstreduktion på aflastningstilbuddet
Sagsnr.: 2012-31673
# Sagsfremstilling
Taksten sænkes.
Sundheds- og Forebyggelsesudvalgets beslutning den 04.12.2012 Punkt 4
Indstillingen godkendt`),
      source,
    );
    expect(got).toMatchObject({ committee: 'Sundheds- og Forebyggelsesudvalget', kind: 'punkt' });
    expect(got.start?.slice(0, 10)).toBe('2012-12-04');
    expect(got.id).toBe('sundheds-og-forebyggelsesudvalget-2012-12-04');
  });
});

describe('tables of contents and running headers', () => {
  it('takes page numbers off titles in a table of contents and does not take its entries for items', () => {
    const got = parseMinutes(
      layout(`Socialudvalget Referat Side 1
# Referat
Socialudvalget
2. maj 2017 kl. 10:00
---page---
Socialudvalget Referat Side 2
# INDHOLDSFORTEGNELSE
131. Godkendelse af dagsorden 3
132. Budget 3
133. Evaluering af rygestopkurser 4
---page---
Socialudvalget Referat Side 3
# 131. Godkendelse af dagsorden
# Beslutning
Godkendt.
# 132. Budget
# Beslutning
Godkendt.
---page---
Socialudvalget Referat Side 4
# 133. Evaluering af rygestopkurser
# Beslutning
Taget til efterretning.`),
      source,
    );
    expect(got.items.map((i) => [i.number, i.title])).toEqual([
      [131, 'Godkendelse af dagsorden'],
      [132, 'Budget'],
      [133, 'Evaluering af rygestopkurser'],
    ]);
  });

  it('removes a running header with a section word in it before reading sections', () => {
    const page = (n: number, body: string) =>
      `# Sundhedsudvalget\nReferat\nDato: 04.12.2012\nSide ${n}\n${body}`;
    const got = parseMinutes(
      layout(
        [
          page(1, '# Referat\nSundhedsudvalget\ntirsdag den 4. december 2012, kl. 13:00'),
          page(2, '# 1. Meddelelser\nSagsnr.: 2011-29298\nOrientering om konferencer.'),
          page(
            3,
            'Sundhedsudvalgets beslutning den 04.12.2012 Punkt 1\nTaget til efterretning\n# 2. Evaluering\nSagsfremstilling\nKurserne virker.',
          ),
          page(4, 'Sundhedsudvalgets beslutning den 04.12.2012 Punkt 2\nIndstillingen godkendt'),
        ].join('\n---page---\n'),
      ),
      source,
    );
    expect(got.items.map((i) => i.decision)).toEqual(['Taget til efterretning', 'Indstillingen godkendt']);
    expect(got.committee).toBe('Sundhedsudvalget');
  });
});

describe('doubtful structure is said in the warnings', () => {
  it('warns when item numbers skip, and when an item is closed only by a line below its heading', () => {
    const got = parseMinutes(
      layout(
        `# Referat\nSocialudvalget\n2. maj 2017 kl. 10:00\n# 1. Godkendelse af dagsorden\n# Beslutning\nGodkendt.\n# 2. Budget\nLukket sag\n# Beslutning\nGodkendt.\n# 4. Eventuelt\n# Beslutning\nIntet.`,
      ),
      source,
    );
    expect(got.items.map((i) => i.number)).toEqual([1, 2, 4]);
    expect(got.warnings).toContain('item numbers skip 3–3: an item heading may not have been recognised');
    expect(got.warnings.join(' ')).toMatch(/items 2 are marked closed below their heading/);
  });
});

describe('web pages', () => {
  const html = (body: string) =>
    parseMinutes(
      {
        mediaType: 'text/html',
        pages: [{ number: 1, lines: htmlToLines(`<html><body>${body}</body></html>`) }],
      },
      source,
    );

  it('reads an agenda page whose items are a numbered list with no bodies, labelled Referat, as a dagsorden', () => {
    const titles = [
      'Godkendelse af dagsorden',
      'Meddelelser',
      'Budget 2025 - 1. behandling',
      'Lokalplan 1044',
      'Eventuelt',
    ];
    const got = html(
      `<h1>Referat</h1><h2>Byrådet</h2><p>Mødedato: 3. april 2024 kl. 17:00</p><ol>${titles.map((t, i) => `<li>${i + 1}. ${t}</li>`).join('')}</ol>`,
    );
    expect(got.kind).toBe('dagsorden');
    expect(got.items.map((i) => i.title)).toEqual(titles);
  });

  it('ends a bulleted Bilag list at the paragraph after it', () => {
    const got = html(
      `<p>Udvalg: Miljøudvalget</p><p>Mødedato: 04-06-2020 09:00:00</p><h3>Punkt 1. Affaldsordning</h3><h4>Beslutning</h4><p>Anbefales.</p><h4>Bilag</h4><ul><li>Affaldsplan.pdf</li><li>Notat.pdf</li></ul><p>Mødet blev hævet kl. 11.15</p>`,
    );
    expect(got.items[0]!.attachments.map((a) => a.name)).toEqual(['Affaldsplan.pdf', 'Notat.pdf']);
    expect(got.end).toBe('2020-06-04T11:15:00+02:00');
  });
});

describe('OCR text without typography or heights', () => {
  it('removes running headers and page numbers of short pages, and keeps the end of the meeting out of the decision', () => {
    const got = parseMinutes(
      layout(
        `Økonomiudvalget - Referat - 12. marts 2024
REFERAT
Økonomiudvalget
Tirsdag den 12. marts 2024 kl. 15.00
Mødelokale 2
1. Godkendelse af dagsorden
BESLUTNING: Godkendt.
2. Anlægsregnskab for Rådhuspladsen
Sagsnr. 02.34.00-G10-1-22
Side 1 af 3
---page---
Økonomiudvalget - Referat - 12. marts 2024
SAGSFREMSTILLING
Regnskabet udviser et mindreforbrug.
BESLUTNING: Godkendt.
3. Lukket sag: Erstatningskrav
Side 2 af 3
---page---
Økonomiudvalget - Referat - 12. marts 2024
4. Eventuelt
BESLUTNING: Intet.
Mødet sluttede kl. 16.20
Side 3 af 3`,
        { plain: true },
      ),
      source,
    );
    expect(got).toMatchObject({ location: 'Mødelokale 2', end: '2024-03-12T16:20:00+01:00' });
    expect(got.items.map((i) => [i.number, i.title, i.closed, i.decision])).toEqual([
      [1, 'Godkendelse af dagsorden', false, 'Godkendt.'],
      [2, 'Anlægsregnskab for Rådhuspladsen', false, 'Godkendt.'],
      [3, 'Lukket sag: Erstatningskrav', true, null],
      [4, 'Eventuelt', false, 'Intet.'],
    ]);
  });
});
