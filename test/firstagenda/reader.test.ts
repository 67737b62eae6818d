import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localExtraction } from '../../shared/composition/local.ts';
import type { ParsedDocument } from '../../shared/domain/model.ts';
import type { FirstAgendaAnswer } from '../../shared/firstagenda/answer.ts';
import { readItemHtml } from '../../shared/firstagenda/item-html.ts';
import { authorityFromHost, committeeName } from '../../shared/firstagenda/names.ts';
import { detectType } from '../../shared/ingest/detect-type.ts';
import { extractText } from '../../shared/ingest/extract.ts';
import { documentId } from '../../shared/ingest/ingest.ts';
import { readStructure } from '../../shared/ingest/read-structure.ts';
import { fixtures } from '../support/fixtures.ts';

const GREVE = join(fixtures, 'firstagenda', 'greve');
const WRITTEN = join(fixtures, 'firstagenda', 'written');
const files = readdirSync(GREVE).filter((f) => f.endsWith('.json'));

async function read(path: string): Promise<{ answer: FirstAgendaAnswer; parsed: ParsedDocument }> {
  const bytes = readFileSync(path);
  const name = path.split('/').pop()!;
  const text = await extractText(bytes, name, localExtraction({ ocr: false }));
  const parsed = await readStructure(text, {
    name,
    sha256: documentId(bytes),
    pages: text.pages.length,
    ocrPages: 0,
  });
  return { answer: JSON.parse(bytes.toString('utf8')), parsed };
}

/** Text compared letter by letter: white space (which HTML leaves open) and list bullets aside. */
const squash = (s: string) => s.replace(/[•\s\u00a0]+/g, '');
/** Text compared as words: white space made one, the reader's list bullets left out. */
const clean = (s: string) =>
  s
    .replace(/•/g, ' ')
    .replace(/[\s\u00a0]+/g, ' ')
    .replace(/ (?=[,.;:)])/g, '')
    .trim();
/** The text of an HTML fragment, by a means other than the reader's: tags out, entities decoded. */
function plain(html: string): string {
  return clean(
    html
      .replace(/<br\s*\/?>/gi, ' ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&nbsp;/g, ' ')
      .replace(/&amp;/g, '&')
      .replace(
        /&([A-Za-z]+);/g,
        (_, e: string) =>
          ({
            Oslash: 'Ø',
            oslash: 'ø',
            aring: 'å',
            Aring: 'Å',
            aelig: 'æ',
            AElig: 'Æ',
            quot: '"',
            lt: '<',
            gt: '>',
          })[e] ?? ' ',
      ),
  );
}
/** The Beslutning block of an item's HTML, found by its markup. */
const decisionBlock = (html: string) =>
  /<div><h3>Beslutning<\/h3>\s*<span>([\s\S]*?)<\/span>\s*<\/div>\s*(?:<h3>|$)/.exec(html)?.[1];
const historyBlock = (html: string) => /<span class='sagsforloeb'>([\s\S]*)<\/span>/.exec(html)?.[1];
const isSignatureSheet = (title: string) => /^underskriftsark/i.test(title.trim());
const isClosed = (title: string) => /^lukket/i.test(title.trim());

describe('the FirstAgenda reader over the 105 real Greve answers', () => {
  it('is chosen by the content, not the name', () => {
    const bytes = readFileSync(join(GREVE, files[0]!));
    expect(detectType(bytes, 'no-extension')).toBe('application/vnd.firstagenda+json');
    expect(() => detectType(Buffer.from('{"name": "not a meeting"}'), 'other.json')).toThrow(
      /other\.json: a JSON file that is not a FirstAgenda meeting/,
    );
    expect(() => detectType(Buffer.from('{"Id": "x", "Udvalg": {'), 'cut.json')).toThrow(
      /cut\.json: a JSON file that cannot be read/,
    );
  });

  it('reads every meeting with its items once each, in order, with their titles, numbers and case numbers', async () => {
    let items = 0;
    for (const file of files) {
      const { answer, parsed } = await read(join(GREVE, file));
      const expected = answer.Dagsordenpunkter.filter((i) => !isSignatureSheet(i.Navn ?? ''));
      expect(
        parsed.items.map((i) => i.title),
        file,
      ).toEqual(expected.map((i) => clean(i.Navn!)));
      expect(
        parsed.items.map((i) => String(i.number)),
        file,
      ).toEqual(expected.map((i) => i.Punktnummer));
      expect(
        parsed.items.map((i) => i.caseNumber),
        file,
      ).toEqual(expected.map((i) => clean(i.SagsNummer ?? '') || null));
      expect(
        parsed.items.map((i) => i.sourceId),
        file,
      ).toEqual(expected.map((i) => i.Id));
      expect(parsed.sourceMeetingId).toBe(answer.Id);
      expect(parsed.start, file).toBe(answer.Moede.Dato);
      expect(parsed.kind, file).toBe('referat');
      expect(parsed.authority).toBe('Greve Kommune');
      items += parsed.items.length;
    }
    expect(files.length).toBe(105);
    expect(items).toBe(1466 - 104); // every item but the 104 signature sheets
  });

  it("takes each decision from the item's own Beslutning, never from Sagens forløb", async () => {
    let withHistory = 0;
    for (const file of files) {
      const { answer, parsed } = await read(join(GREVE, file));
      const expected = answer.Dagsordenpunkter.filter((i) => !isSignatureSheet(i.Navn ?? ''));
      for (const [n, raw] of expected.entries()) {
        const item = parsed.items[n]!;
        const html = raw.Felter?.[0]?.Html ?? '';
        if (isClosed(raw.Navn ?? '')) continue;
        const own = decisionBlock(html);
        expect(item.decision === null ? null : squash(item.decision), `${file} ${item.number}`).toBe(
          own === undefined ? null : squash(plain(own)) || null,
        );
        const history = historyBlock(html);
        if (history) {
          withHistory++;
          const past = item.sections.find((s) => s.heading === 'Sagens forløb');
          expect(squash(past?.text ?? ''), `${file} ${item.number}`).toBe(squash(plain(history)));
          expect(squash(item.decision ?? '')).not.toContain(squash(plain(history)));
          // The earlier committees' words reach the decision only where this meeting repeated them.
          if (!own) expect(item.decision).toBeNull();
        }
      }
    }
    expect(withHistory).toBeGreaterThan(500);
  });

  it('keeps a closed item to its number and title, whatever IsOpen says and whatever the portal sent', async () => {
    let closed = 0;
    for (const file of files) {
      const { answer, parsed } = await read(join(GREVE, file));
      for (const item of parsed.items.filter((i) => isClosed(i.title))) {
        closed++;
        expect(item).toMatchObject({ closed: true, decision: null, sections: [], attachments: [] });
      }
      expect(parsed.items.filter((i) => i.closed).length).toBe(
        answer.Dagsordenpunkter.filter((i) => isClosed(i.Navn ?? '')).length,
      );
    }
    expect(closed).toBe(92);
  });

  it('reads sections under h2, h3 and h4 alike, with no empty headings and none ending in a space', async () => {
    const headings = new Map<string, number>();
    for (const file of files) {
      const { parsed } = await read(join(GREVE, file));
      for (const item of parsed.items)
        for (const s of item.sections) headings.set(s.heading, (headings.get(s.heading) ?? 0) + 1);
    }
    for (const heading of headings.keys()) {
      expect(heading).toBe(heading.trim());
      expect(heading).not.toMatch(/^$|\u00a0|\s{2}/);
    }
    for (const common of [
      'Beslutning',
      'Resume',
      'Indstilling',
      'Sagsbeskrivelse',
      'Sagens forløb',
      'Økonomiske konsekvenser',
    ])
      expect(headings.get(common), common).toBeGreaterThan(100);
    // The h4 template of 2024 and 2025.
    const { parsed } = await read(join(GREVE, files.find((f) => f.includes('2025-09-24'))!));
    const strand = parsed.items.find((i) => i.title === 'Strandparken I/S årsregnskab 2024')!;
    expect(strand.sections.map((s) => s.heading)).toEqual(
      expect.arrayContaining(['Sagsprocedure', 'Resume', 'Indstilling', 'Sagsbeskrivelse']),
    );
    expect(strand.decision).toBe(
      'Økonomiudvalget anbefaler overfor Byrådet, at administrationens indstilling godkendes.',
    );
    expect(strand.attachments).toEqual([{ name: 'Bilag 1. Strandparken årsrapport 2024' }]);
  });

  it("maps participants, the meeting's absentees and the absentees of one item", async () => {
    const { parsed } = await read(
      join(GREVE, files.find((f) => f.startsWith('Byraad-2022-2025-2022-12-12'))!),
    );
    expect(parsed.absent).toEqual(['John T. Olsen', 'Marc Genning']);
    expect(parsed.participants).not.toContain('Marc Genning');
    expect(parsed.participants.length).toBeGreaterThan(15);
    expect(parsed.location).toBe('Byrådssalen');
    const oek = await read(join(GREVE, files.find((f) => f.startsWith('Oekonomiudvalget-2022-02-28'))!));
    expect(oek.parsed.items[0]!.absent).toEqual(['Brigitte Klintskov Jerkel']);
  });

  it('files "Byråd 2022-2025" under Byrådet with its election period', async () => {
    const { parsed } = await read(join(GREVE, files.find((f) => f.startsWith('Byraad'))!));
    expect(parsed).toMatchObject({ committee: 'Byrådet', committeePeriod: '2022-2025', title: 'Referat' });
    expect(committeeName('.Spørgsmål / Svar til Byrådet 2022-2025')).toEqual({
      name: 'Spørgsmål / Svar til Byrådet',
      period: '2022-2025',
    });
    expect(committeeName('Økonomiudvalget')).toEqual({ name: 'Økonomiudvalget', period: null });
    expect(committeeName('Kommunalbestyrelsen 2018 - 2021')).toEqual({
      name: 'Kommunalbestyrelsen',
      period: '2018-2021',
    });
    expect(authorityFromHost('dagsordener.greve.dk')).toBe('Greve Kommune');
    expect(authorityFromHost('dagsordener.regionsyddanmark.dk')).toBe('Region Syddanmark');
    expect(authorityFromHost('127.0.0.1:8080')).toBeNull();
  });
});

describe('item HTML of templates not seen yet', () => {
  it("keeps an earlier committee's Beslutning under Sagens forløb out of the decision, with or without the portal's markup", () => {
    const unmarked = readItemHtml(
      '<h3>Fremstilling</h3><h4>Resume</h4><p>Sagen handler om p-pladser.</p>' +
        '<h3>Sagens forløb</h3><h4>Beslutning</h4><p>Økonomiudvalget anbefaler sagen.</p>',
    );
    expect(unmarked.decision).toBeNull();
    expect(unmarked.sections.map((s) => s.heading)).toEqual(['Resume', 'Sagens forløb']);
    expect(unmarked.sections[1]!.text).toBe('Beslutning\nØkonomiudvalget anbefaler sagen.');
    const after = readItemHtml(
      '<h2>Sagens forløb</h2><h3>Beslutning</h3><p>Økonomiudvalget anbefaler.</p><h2>Beslutning&nbsp;</h2><p>Byrådet godkendte.</p><h2> </h2>',
    );
    expect(after.decision).toBe('Byrådet godkendte.');
    const marked = readItemHtml(
      "<div><h3>Beslutning</h3><span>Godkendt.</span></div><h3>Sagens forløb</h3><span class='sagsforloeb'><h3>Beslutning</h3><div>Anbefales.</div></span>",
    );
    expect(marked.decision).toBe('Godkendt.');
    expect(marked.sections.at(-1)).toEqual({ heading: 'Sagens forløb', text: 'Beslutning\nAnbefales.' });
  });
});

describe('unseen answers in the 2023–2025 template', () => {
  it('come in whole: decision, sections under h4 (one ending in nbsp, one empty), history apart, closed item bare, no signature sheet', async () => {
    const { parsed } = await read(join(WRITTEN, 'Byraad-2022-2025-2025-09-08T19-00-00-02-00-ordinaer.json'));
    expect(parsed.items.map((i) => i.title)).toEqual([
      'Godkendelse af dagsorden',
      'Lokalplan 2.77 for boliger ved Hundige Strandvej',
      'Lukket: Salg af grund ved Greve Main',
    ]);
    const plan = parsed.items[1]!;
    expect(plan.decision).toBe('Byrådet vedtog lokalplan 2.77 endeligt.');
    expect(plan.sections.find((s) => s.heading === 'Sagens forløb')?.text).toMatch(
      /anbefaler overfor Byrådet at lokalplanen forkastes/,
    );
    expect(plan.absent).toEqual(['Marc Genning']);
    expect(JSON.stringify(parsed.items[2])).not.toMatch(/Brøndsted|12,4/);
    const budget = (await read(join(WRITTEN, 'Byraad-2022-2025-2025-09-08T17-00-00-02-00-budget.json')))
      .parsed;
    expect(budget.items[1]!.sections.map((s) => s.heading)).toEqual([
      'Beslutning',
      'Sagsprocedure',
      'Resume',
      'Indstilling',
      'Økonomiske konsekvenser',
      'Sagens forløb',
    ]);
    expect(budget.absent).toEqual(['Bjarke Abel']);
    expect(budget.id).not.toBe(parsed.id);
    expect(budget.start).toBe('2025-09-08T17:00:00+02:00');
  });

  it('reads an agenda not yet held as a dagsorden with no decisions', async () => {
    const { parsed } = await read(join(WRITTEN, 'Oekonomiudvalget-2025-10-22-dagsorden.json'));
    expect(parsed.kind).toBe('dagsorden');
    expect(parsed.title).toBe('Dagsorden');
    expect(parsed.items.every((i) => i.decision === null)).toBe(true);
  });
});
