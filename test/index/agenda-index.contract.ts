import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Meeting, MeetingItem } from '../../shared/domain/model.ts';
import type { AgendaIndex, SearchQuery } from '../../shared/ports/agenda-index.port.ts';

/** A query with defaults, as the API would build it. */
export function query(overrides: Partial<SearchQuery> = {}): SearchQuery {
  return { text: '', committees: [], kinds: [], section: 'all', sort: 'relevance', limit: 20, ...overrides };
}

function item(
  number: number,
  title: string,
  decision: string,
  extra: Partial<MeetingItem> = {},
): MeetingItem {
  return {
    number,
    title,
    caseNumber: null,
    closed: false,
    decision,
    sections: [
      { heading: 'Indstilling', text: `Det indstilles, at ${title.toLowerCase()} drøftes.` },
      { heading: 'Beslutning', text: decision },
    ],
    attachments: [],
    page: number,
    sources: ['d'.repeat(64)],
    ...extra,
  };
}

/** Three meetings of two committees over two years: enough to tell filters and facets apart. */
export const MEETINGS: Meeting[] = [
  {
    id: 'sundhedsdirektoerkredsen-2022-11-17',
    committee: 'Sundhedsdirektørkredsen',
    title: 'Møde i Sundhedsdirektørkredsen',
    kind: 'referat',
    start: '2022-11-17T09:00:00+01:00',
    end: null,
    location: 'Vejle',
    published: null,
    participants: [],
    absent: [],
    guests: [],
    sources: [{ documentId: 'd'.repeat(64), name: 'referat.pdf', kind: 'referat' }],
    items: [
      item(
        1,
        'Drøftelse af politiske visioner for Sundhedsaftalen 2024-27',
        'Der var en bred drøftelse af sundhedsaftalen.',
      ),
      item(2, 'Fælles Telemedicin i Syd', 'Der var opbakning til telemedicin for KOL og hjerte.', {
        attachments: [{ name: 'Oplæg om videokonsultationer.pdf' }],
      }),
      item(3, 'Køb af ejendom', '', { closed: true, decision: null, sections: [] }),
    ],
  },
  {
    id: 'sundhedsdirektoerkredsen-2023-10-04',
    committee: 'Sundhedsdirektørkredsen',
    title: null,
    kind: 'referat',
    start: '2023-10-04T13:00:00+02:00',
    end: null,
    location: null,
    published: null,
    participants: [],
    absent: [],
    guests: [],
    sources: [{ documentId: 'e'.repeat(64), name: 'moede.html', kind: 'referat' }],
    items: [
      item(
        1,
        'Forbeholdt virksomhedsområde til sygeplejersker',
        'Sygeplejersker skal have et forbeholdt område.',
      ),
      item(2, 'Eventuelt', 'Ingen bemærkninger.'),
    ],
  },
  {
    id: 'oekonomiudvalget-2024-03-12',
    committee: 'Økonomiudvalget',
    title: null,
    kind: 'dagsorden',
    start: '2024-03-12T16:00:00+01:00',
    end: null,
    location: null,
    published: null,
    participants: [],
    absent: [],
    guests: [],
    sources: [{ documentId: 'f'.repeat(64), name: 'dagsorden.pdf', kind: 'dagsorden' }],
    items: [
      item(1, 'Aftale om budget 2025', 'Aftalen blev godkendt.'),
      item(2, 'Sundhedsaftalen i praksis', 'Godkendt.'),
    ],
  },
];

/**
 * The behaviour every AgendaIndex adapter owes the domain. Run it against each adapter that can
 * run here: `agendaIndexContract('SQLite', () => new SqliteAgendaIndex(':memory:'))`.
 */
export function agendaIndexContract(name: string, make: () => Promise<AgendaIndex> | AgendaIndex): void {
  describe(`AgendaIndex contract: ${name}`, () => {
    let index: AgendaIndex;
    beforeAll(async () => {
      index = await make();
      for (const m of MEETINGS) await index.putMeeting(m);
      await index.putBilag({
        documentId: 'b'.repeat(64),
        name: 'Oplæg om videokonsultationer.pdf',
        meetingId: 'sundhedsdirektoerkredsen-2022-11-17',
        itemNumber: '2',
        text: 'Videokonsultationer mellem borger og sygeplejerske kan spare kørsel.',
      });
    });
    afterAll(async () => {
      await index.close?.();
    });

    it('finds an item by a word of its title, with a marked snippet', async () => {
      const result = await index.search(query({ text: 'telemedicin' }));
      expect(result.hits[0]).toMatchObject({ meetingId: 'sundhedsdirektoerkredsen-2022-11-17', number: 2 });
      expect(result.hits[0]!.snippet).toContain('<mark>telemedicin</mark>');
    });

    it('finds inflected forms through Danish stemming', async () => {
      const result = await index.search(query({ text: 'sygeplejerske' }));
      expect(result.hits.map((h) => h.title)).toContain('Forbeholdt virksomhedsområde til sygeplejersker');
    });

    it('ranks whole-word matches above compound parts, and still finds the compounds', async () => {
      const result = await index.search(query({ text: 'aftale' }));
      const titles = result.hits.map((h) => h.title);
      expect(titles[0]).toBe('Aftale om budget 2025');
      expect(titles).toContain('Drøftelse af politiske visioner for Sundhedsaftalen 2024-27');
    });

    it('leads a hit in a bilag to the item that lists it, naming the bilag', async () => {
      const result = await index.search(query({ text: 'videokonsultationer' }));
      expect(result.hits).toHaveLength(1);
      expect(result.hits[0]).toMatchObject({
        number: 2,
        bilag: { name: 'Oplæg om videokonsultationer.pdf' },
      });
    });

    it('shows an item once even when both it and its bilag match', async () => {
      const result = await index.search(query({ text: 'sygeplejerske' }));
      const keys = result.hits.map((h) => `${h.meetingId}#${h.number}`);
      expect(new Set(keys).size).toBe(keys.length);
    });

    it('keeps the text of a closed item out of the index, but its title in', async () => {
      expect((await index.search(query({ text: 'ejendom' }))).hits.map((h) => h.number)).toEqual([3]);
      const meeting = await index.getMeeting('sundhedsdirektoerkredsen-2022-11-17');
      expect(meeting?.items[2]).toMatchObject({ closed: true, title: 'Køb af ejendom' });
    });

    it('narrows by committee and by date, and counts facets within the other filters', async () => {
      const byCommittee = await index.search(
        query({ text: 'sundhedsaftale', committees: ['Økonomiudvalget'] }),
      );
      expect(byCommittee.hits.map((h) => h.committee)).toEqual(['Økonomiudvalget']);
      expect(byCommittee.facets.committee.map((f) => f.value).sort()).toEqual([
        'Sundhedsdirektørkredsen',
        'Økonomiudvalget',
      ]);
      const byDate = await index.search(query({ from: '2023-01-01', to: '2023-12-31' }));
      expect(byDate.hits.map((h) => h.meetingId)).toEqual([
        'sundhedsdirektoerkredsen-2023-10-04',
        'sundhedsdirektoerkredsen-2023-10-04',
      ]);
      expect(byDate.facets.year).toEqual(
        expect.arrayContaining([
          { value: '2023', count: 2 },
          { value: '2022', count: 3 },
        ]),
      );
    });

    it('lists items newest first for an empty query, and pages with a cursor', async () => {
      const first = await index.search(query({ limit: 2 }));
      expect(first.total).toBe(7);
      expect(first.hits.map((h) => h.meetingId)).toEqual([
        'oekonomiudvalget-2024-03-12',
        'oekonomiudvalget-2024-03-12',
      ]);
      expect(first.next).toBeTruthy();
      const second = await index.search(query({ limit: 2, cursor: first.next! }));
      expect(second.hits.map((h) => h.meetingId)).toEqual([
        'sundhedsdirektoerkredsen-2023-10-04',
        'sundhedsdirektoerkredsen-2023-10-04',
      ]);
    });

    it('leaves out -excluded words and matches "phrases" in order', async () => {
      const excluded = await index.search(query({ text: 'drøftelse -sundhedsaftalen' }));
      expect(excluded.hits.map((h) => h.title)).not.toContain(
        'Drøftelse af politiske visioner for Sundhedsaftalen 2024-27',
      );
      const phrase = await index.search(query({ text: '"bred drøftelse"' }));
      expect(phrase.hits.map((h) => h.number)).toEqual([1]);
      const reversed = await index.search(query({ text: '"drøftelse bred"' }));
      expect(reversed.hits).toHaveLength(0);
    });

    it('searches only decisions when asked to', async () => {
      const all = await index.search(query({ text: 'indstilles' }));
      const decisions = await index.search(query({ text: 'indstilles', section: 'decision' }));
      expect(all.total).toBeGreaterThan(0);
      expect(decisions.total).toBe(0);
    });

    it('replaces a meeting wholly when it is indexed again, and removes it', async () => {
      const m = structuredClone(MEETINGS[2]!);
      m.items = [item(1, 'Ny titel om vejvedligeholdelse', 'Godkendt.')];
      await index.putMeeting(m);
      expect((await index.search(query({ text: 'budget' }))).hits).toHaveLength(0);
      expect((await index.search(query({ text: 'vejvedligeholdelse' }))).hits).toHaveLength(1);
      await index.removeMeeting(m.id);
      expect(await index.getMeeting(m.id)).toBeNull();
      expect((await index.search(query({ text: 'vejvedligeholdelse' }))).hits).toHaveLength(0);
      await index.putMeeting(MEETINGS[2]!);
    });

    it('lists committees with their meetings and first and last date', async () => {
      expect(await index.committees()).toEqual([
        {
          name: 'Sundhedsdirektørkredsen',
          meetings: 2,
          first: '2022-11-17T09:00:00+01:00',
          last: '2023-10-04T13:00:00+02:00',
        },
        {
          name: 'Økonomiudvalget',
          meetings: 1,
          first: '2024-03-12T16:00:00+01:00',
          last: '2024-03-12T16:00:00+01:00',
        },
      ]);
    });

    it('forgets a removed bilag', async () => {
      await index.removeBilag('b'.repeat(64));
      expect((await index.search(query({ text: 'videokonsultationer' }))).hits).toHaveLength(0);
    });
  });
}

const meetingOf = (
  id: string,
  committee: string | null,
  start: string | null,
  items: MeetingItem[],
): Meeting => ({
  id,
  committee,
  title: null,
  kind: 'referat',
  start,
  end: null,
  location: null,
  published: null,
  participants: [],
  absent: [],
  guests: [],
  sources: [{ documentId: id.padEnd(64, '0'), name: `${id}.pdf`, kind: 'referat' }],
  items: items.map((i) => ({ ...i, sources: [id.padEnd(64, '0')] })),
});

/** Meetings for what people type: compounds, stop words, prefixes, OR, case numbers, misspellings, copies. */
export const LANGUAGE_MEETINGS: Meeting[] = [
  meetingOf('teknisk-udvalg-2025-10-01', 'Teknisk Udvalg', '2025-10-01T15:00:00+02:00', [
    item(1, 'Klimaregnskab 2024', 'Klimaregnskabet blev taget til efterretning.', {
      caseNumber: 'EMN-2025-008468',
    }),
    item(2, 'Evaluering af rygestopkurser', 'Rygestopkurserne fortsætter.'),
    item(3, 'Politisk analyse af vejnettet', 'Analysen blev drøftet af udvalget.'),
  ]),
  meetingOf('byraadet-2025-10-29', 'Byrådet', '2025-10-29T17:00:00+01:00', [
    item(1, 'Klimaregnskab 2024', 'Byrådet godkendte klimaregnskabet.', { caseNumber: 'EMN-2025-008468' }),
    item(2, 'Vedligeholdelse af veje', 'Vejene vedligeholdes som planlagt.', { caseNumber: '24/03318' }),
    item(3, 'Bygningsvedligeholdelse 2026', 'Puljen til bygningsvedligeholdelse blev fordelt.'),
    item(4, 'Telemedicin i hjemmeplejen', 'Telemedicinske løsninger udbredes.'),
  ]),
  // A per-item PDF of the Byråd's item 3 that names no committee: the same item, not a second hit.
  meetingOf('dokument-0123456789abcdef', null, null, [
    item(3, 'Bygningsvedligeholdelse 2026', 'Puljen til bygningsvedligeholdelse blev fordelt.'),
  ]),
];

/**
 * What people type, owed by every adapter: compound parts at both ends, stop words left out,
 * prefix*, OR, case numbers as exact tokens and as a filter, "Mente du …", and copies of one item
 * as one hit. Run it beside agendaIndexContract.
 */
export function searchLanguageContract(name: string, make: () => Promise<AgendaIndex> | AgendaIndex): void {
  describe(`AgendaIndex search language: ${name}`, () => {
    let index: AgendaIndex;
    const titles = async (text: string, extra: Partial<SearchQuery> = {}) =>
      (await index.search(query({ text, ...extra }))).hits.map((h) => h.title);
    beforeAll(async () => {
      index = await make();
      for (const m of LANGUAGE_MEETINGS) await index.putMeeting(m);
    });
    afterAll(async () => {
      await index.close?.();
    });

    it('finds a compound by its first part and by its last, and never by a fragment that is no part', async () => {
      expect(await titles('klima')).toContain('Klimaregnskab 2024');
      expect(await titles('rygestop')).toEqual(['Evaluering af rygestopkurser']);
      expect(await titles('regnskab')).toContain('Klimaregnskab 2024');
      expect(await titles('tisk')).toEqual([]);
      expect(await titles('lyse')).toEqual([]);
    });

    it('ranks a whole word above the same word as part of a compound in the same place', async () => {
      const hits = await titles('vedligeholdelse');
      expect(hits.slice(0, 2)).toEqual(['Vedligeholdelse af veje', 'Bygningsvedligeholdelse 2026']);
    });

    it('leaves stop words out, and says so when nothing else was asked', async () => {
      const result = await index.search(query({ text: 'rygestop på af' }));
      expect(result.hits.map((h) => h.title)).toEqual(['Evaluering af rygestopkurser']);
      expect(result.hits[0]!.snippet).not.toContain('<mark>af</mark>');
      expect(result.ignored).toEqual(['på', 'af']);
      const only = await index.search(query({ text: 'og på af' }));
      expect(only).toMatchObject({ total: 0, hits: [], ignored: ['og', 'på', 'af'] });
    });

    it('finds words by prefix*, and either of two words with OR', async () => {
      expect(await titles('tele*')).toEqual(['Telemedicin i hjemmeplejen']);
      expect((await titles('rygestop OR telemedicin')).sort()).toEqual([
        'Evaluering af rygestopkurser',
        'Telemedicin i hjemmeplejen',
      ]);
    });

    it('finds every item of a case by its number, across committees, however it is written', async () => {
      const result = await index.search(query({ text: 'EMN-2025-008468' }));
      expect(result.hits.map((h) => `${h.committee}: ${h.title} [${h.caseNumber}]`).sort()).toEqual([
        'Byrådet: Klimaregnskab 2024 [EMN-2025-008468]',
        'Teknisk Udvalg: Klimaregnskab 2024 [EMN-2025-008468]',
      ]);
      expect(await titles('24-03318')).toEqual(['Vedligeholdelse af veje']);
      const filtered = await index.search(query({ caseNumber: 'EMN-2025-008468', sort: 'oldest' }));
      expect(filtered.hits.map((h) => h.meetingId)).toEqual([
        'teknisk-udvalg-2025-10-01',
        'byraadet-2025-10-29',
      ]);
      expect(await titles('klima', { caseNumber: '24/03318' })).toEqual([]);
    });

    it('suggests the word the index holds for a misspelled one that finds nothing', async () => {
      const result = await index.search(query({ text: 'telemedecin' }));
      expect(result.total).toBe(0);
      expect(result.suggestion).toBe('telemedicin');
      expect((await index.search(query({ text: 'telemedicin' }))).suggestion ?? null).toBeNull();
    });

    it('shows the items with most of the words when none has them all, and says so', async () => {
      const result = await index.search(query({ text: 'hvornår fortsætter rygestopkurserne' }));
      expect(result.relaxed).toBe(true);
      expect(result.hits[0]!.title).toBe('Evaluering af rygestopkurser');
      expect((await index.search(query({ text: 'rygestop kurser' }))).relaxed ?? false).toBe(false);
    });

    it('shows copies of one item as one hit naming both sources', async () => {
      const result = await index.search(query({ text: 'bygningsvedligeholdelse' }));
      expect(result.hits).toHaveLength(1);
      expect(result.total).toBe(1);
      expect(result.hits[0]!.sources.map((s) => s.name).sort()).toEqual([
        'byraadet-2025-10-29.pdf',
        'dokument-0123456789abcdef.pdf',
      ]);
    });
  });
}
