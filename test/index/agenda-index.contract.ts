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
