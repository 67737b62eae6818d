import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import {
  SqliteAgendaIndex,
  type SqliteIndexOptions,
} from '../../shared/adapters/sqlite/sqlite-agenda-index.ts';
import type { Meeting } from '../../shared/domain/model.ts';
import {
  agendaIndexContract,
  LANGUAGE_MEETINGS,
  MEETINGS,
  query,
  searchLanguageContract,
} from './agenda-index.contract.ts';

agendaIndexContract('SQLite FTS5', () => new SqliteAgendaIndex(':memory:'));
searchLanguageContract('SQLite FTS5', () => new SqliteAgendaIndex(':memory:'));
// The cheap ranking of compound parts a large archive gets for frequent compounds owes the same.
searchLanguageContract(
  'SQLite FTS5, compound parts ranked by tier',
  () => new SqliteAgendaIndex(':memory:', { partScoringLimit: 0 }),
);
// And so does the ranking by tier a large archive gets for its most frequent words.
searchLanguageContract(
  'SQLite FTS5, frequent words ranked by tier',
  () => new SqliteAgendaIndex(':memory:', { wordScoringLimit: 0 }),
);

const [first, second, third] = MEETINGS as [Meeting, Meeting, Meeting];
const dirs: string[] = [];
const open: SqliteAgendaIndex[] = [];

/** A fresh index file; every connection to it opened with `connect` is closed after the test. */
function indexFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'protokol-sqlite-'));
  dirs.push(dir);
  return join(dir, 'index.sqlite');
}

function connect(path: string, options?: SqliteIndexOptions): SqliteAgendaIndex {
  const index = new SqliteAgendaIndex(path, options);
  open.push(index);
  return index;
}

afterEach(async () => {
  for (const index of open.splice(0)) await index.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

// Searches group, filter and count from columns held in memory (sqlite-entry-columns.ts); these
// hold them to what is in the file, whoever wrote it.
describe('SQLite index: what a search sees after writes', () => {
  it('sees meetings another process adds and removes', async () => {
    const path = indexFile();
    const server = connect(path);
    const loader = connect(path);
    await loader.putMeeting(first);
    expect((await server.search(query({ text: 'telemedicin' }))).total).toBe(1);

    await loader.putMeeting(third);
    const result = await server.search(query({ text: 'aftale' }));
    expect(result.hits.map((h) => h.meetingId)).toContain(third.id);
    expect(result.facets.committee).toEqual(
      expect.arrayContaining([{ value: 'Økonomiudvalget', count: expect.any(Number) }]),
    );

    await loader.removeMeeting(third.id);
    expect((await server.search(query({ committees: ['Økonomiudvalget'] }))).total).toBe(0);
  });

  it('sees, through a read-only connection (a search worker), what the writer adds, moves and removes', async () => {
    const path = indexFile();
    const writer = connect(path);
    await writer.putMeeting(first);
    const worker = connect(path, { readOnly: true });
    expect((await worker.search(query({ text: 'telemedicin' }))).total).toBe(1);

    await writer.putMeeting(third);
    expect((await worker.search(query({ committees: [third.committee!] }))).total).toBe(third.items.length);
    await writer.putMeeting({ ...third, committee: 'Klimaudvalget' });
    const moved = await worker.search(query({ committees: ['Klimaudvalget'] }));
    expect(moved.total).toBe(third.items.length);
    expect((await worker.search(query({ committees: [third.committee!] }))).total).toBe(0);

    await writer.removeMeeting(third.id);
    expect((await worker.search(query({ committees: ['Klimaudvalget'] }))).total).toBe(0);
    expect((await worker.search(query({ text: 'telemedicin' }))).total).toBe(1);
    await expect(worker.putMeeting(third)).rejects.toThrow(/readonly/);
  });

  it('counts a re-indexed meeting once, under its new committee and date', async () => {
    const index = connect(indexFile());
    await index.putMeeting(first);
    await index.putMeeting(second);
    expect((await index.search(query())).total).toBe(5);

    await index.putMeeting({
      ...first,
      committee: 'KKR Syddanmark',
      start: '2021-05-06T10:00:00+02:00',
      items: first.items.slice(0, 2),
    });
    const result = await index.search(query());
    expect(result.total).toBe(4);
    expect(result.facets.committee).toEqual([
      { value: 'KKR Syddanmark', count: 2 },
      { value: 'Sundhedsdirektørkredsen', count: 2 },
    ]);
    expect(result.facets.year).toEqual([
      { value: '2023', count: 2 },
      { value: '2021', count: 2 },
    ]);
    expect((await index.search(query({ text: 'telemedicin', to: '2021-12-31' }))).hits).toHaveLength(1);
  });

  it('moves a bilag hit with its meeting when the meeting is re-indexed', async () => {
    const index = connect(indexFile());
    await index.putMeeting(first);
    await index.putBilag({
      documentId: 'b'.repeat(64),
      name: 'Oplæg om videokonsultationer.pdf',
      meetingId: first.id,
      itemNumber: '2',
      text: 'Videokonsultationer mellem borger og sygeplejerske.',
    });
    await index.search(query({ text: 'videokonsultationer' }));
    await index.putMeeting({ ...first, committee: 'KKR Syddanmark' });
    const result = await index.search(query({ text: 'videokonsultationer' }));
    expect(result.hits[0]).toMatchObject({
      committee: 'KKR Syddanmark',
      bilag: { name: 'Oplæg om videokonsultationer.pdf' },
    });
    expect(result.facets.committee).toEqual([{ value: 'KKR Syddanmark', count: 1 }]);
  });

  it('lists a meeting with no date last in both orders, outside any date range, and alone when undated', async () => {
    const index = connect(indexFile());
    await index.putMeeting(first);
    await index.putMeeting({ ...third, id: 'udateret', start: null, items: third.items.slice(0, 1) });
    const newest = await index.search(query({ sort: 'newest' }));
    expect(newest.hits.map((h) => [h.meetingId, h.number])).toEqual([
      [first.id, 1],
      [first.id, 2],
      [first.id, 3],
      ['udateret', 1],
    ]);
    const oldest = await index.search(query({ sort: 'oldest' }));
    expect(oldest.hits.map((h) => h.meetingId)).toEqual([first.id, first.id, first.id, 'udateret']);
    expect((await index.search(query({ undated: true }))).hits.map((h) => h.meetingId)).toEqual(['udateret']);
    expect(newest.facets.year).toEqual([
      { value: 'ukendt', count: 1 },
      { value: '2022', count: 3 },
    ]);
    expect((await index.search(query({ to: '2030-01-01' }))).total).toBe(3);
  });
});

describe('SQLite index: cached results', () => {
  it('answers a repeated question from the cache until anyone changes the index', async () => {
    const path = indexFile();
    const server = connect(path, { cachedResults: 10 });
    const loader = connect(path);
    await server.putMeeting(first);
    const ask = () =>
      server.search(
        query({ text: 'sundhedsaftale', committees: ['Økonomiudvalget', 'Sundhedsdirektørkredsen'] }),
      );
    const before = await ask();
    expect(before.total).toBe(1);
    // The same question, its filters in another order: the same answer, not computed again.
    expect(
      await server.search(
        query({ text: 'sundhedsaftale', committees: ['Sundhedsdirektørkredsen', 'Økonomiudvalget'] }),
      ),
    ).toBe(before);

    await loader.putMeeting(third);
    expect((await ask()).total).toBe(2);
    await server.putMeeting(second);
    await server.removeMeeting(first.id);
    expect((await ask()).total).toBe(1);
  });

  it('keeps no results when told to keep none', async () => {
    const index = connect(indexFile(), { cachedResults: 0 });
    await index.putMeeting(first);
    const once = await index.search(query({ text: 'telemedicin' }));
    expect(await index.search(query({ text: 'telemedicin' }))).not.toBe(once);
    expect(await index.search(query({ text: 'telemedicin' }))).toEqual(once);
  });
});

describe('SQLite index: refining a search', () => {
  it('answers a refined search as if asked afresh, and follows writes in between', async () => {
    const path = indexFile();
    const refining = connect(path);
    const afresh = connect(path, { recentMatches: 0 });
    const loader = connect(path);
    for (const m of [first, second]) await loader.putMeeting(m);
    const refinements = [
      query({ text: 'aftale' }),
      query({ text: 'aftale', committees: ['Sundhedsdirektørkredsen'] }),
      query({ text: 'aftale', sort: 'oldest', limit: 1 }),
      query({ text: 'aftale', to: '2022-12-31' }),
    ];
    for (const q of refinements) expect(await refining.search(q)).toEqual(await afresh.search(q));

    await loader.putMeeting(third);
    const economy = query({ text: 'aftale', committees: ['Økonomiudvalget'] });
    expect((await refining.search(economy)).hits.map((h) => h.title)).toEqual([
      'Aftale om budget 2025',
      'Sundhedsaftalen i praksis',
    ]);
    await refining.removeMeeting(third.id);
    expect((await refining.search(economy)).total).toBe(0);
  });
});

describe('SQLite index: a page out of many hits', () => {
  it('pages through hundreds of items in the same order as one long list, whichever order they were indexed in', async () => {
    const index = connect(indexFile());
    // Days shuffled, so neither indexing order nor entry ids follow the dates; the newest last.
    const days = [...Array.from({ length: 60 }, (_, i) => (i * 37) % 60).filter((d) => d !== 59), 59];
    for (const day of days) {
      const start = new Date(Date.UTC(2020, 0, 1 + day)).toISOString().slice(0, 10);
      await index.putMeeting({
        ...third,
        id: `moede-${start}`,
        start: `${start}T16:00:00+01:00`,
        items: [0, 1, 2].map((n) => ({ ...third.items[0]!, number: n + 1, page: n + 1 })),
      });
    }
    for (const sort of ['newest', 'oldest', 'relevance'] as const) {
      const text = sort === 'relevance' ? 'budget' : '';
      const whole = (await index.search(query({ text, sort, limit: 200 }))).hits;
      expect(whole).toHaveLength(180);
      const paged = [];
      let cursor: string | undefined;
      do {
        const result = await index.search(query({ text, sort, limit: 7, cursor }));
        paged.push(...result.hits);
        cursor = result.next ?? undefined;
      } while (cursor);
      expect(paged.map((h) => [h.meetingId, h.number])).toEqual(whole.map((h) => [h.meetingId, h.number]));
    }
    const newest = (await index.search(query({ sort: 'newest', limit: 4 }))).hits;
    expect(newest.map((h) => [h.start?.slice(0, 10), h.number])).toEqual([
      ['2020-02-29', 1],
      ['2020-02-29', 2],
      ['2020-02-29', 3],
      ['2020-02-28', 1],
    ]);
  });
});

describe('SQLite index: a file of an older version', () => {
  it('is indexed again from the meetings and bilag it holds when opened, so compounds and cases are found', async () => {
    const path = indexFile();
    const writer = connect(path);
    for (const m of LANGUAGE_MEETINGS) await writer.putMeeting(m);
    await writer.putBilag({
      documentId: 'b'.repeat(64),
      name: 'Bilag om rygning.pdf',
      meetingId: 'teknisk-udvalg-2025-10-01',
      itemNumber: '2',
      text: 'Rygeafvænning i grupper.',
    });
    await writer.close();
    // What a file written before compound parts and case numbers were stored looks like.
    const old = new DatabaseSync(path);
    old.exec('DELETE FROM entries_fts; PRAGMA user_version = 1');
    old.close();

    const reader = connect(path);
    expect((await reader.search(query({ text: 'rygestop' }))).hits.map((h) => h.title)).toEqual([
      'Evaluering af rygestopkurser',
    ]);
    expect((await reader.search(query({ text: 'rygeafvænning' }))).hits[0]).toMatchObject({
      bilag: { name: 'Bilag om rygning.pdf' },
    });
    expect((await reader.search(query({ caseNumber: 'EMN-2025-008468' }))).total).toBe(2);
  });
});

// A connection starts from the columns a writer saved in the file (EntryColumns.save), then reads
// the entries changed after them. These hold a search started that way to what is in the file.
describe('SQLite index: starting from the saved columns', () => {
  /** The saved copy's change number and the last change in the file, read as another process would. */
  function savedAndLast(path: string): { saved: number | null; last: number } {
    const db = new DatabaseSync(path, { readOnly: true });
    try {
      const saved = db.prepare('SELECT seq FROM entry_columns').get() as { seq: number } | undefined;
      const { last } = db.prepare('SELECT max(seq) AS last FROM entry_changes').get() as { last: number };
      return { saved: saved ? Number(saved.seq) : null, last: Number(last) };
    } finally {
      db.close();
    }
  }

  /** An index file a writer put these meetings in and closed, which saves its columns. */
  async function closedIndexOf(...meetings: Meeting[]): Promise<string> {
    const path = indexFile();
    const writer = new SqliteAgendaIndex(path);
    for (const m of meetings) await writer.putMeeting(m);
    await writer.close();
    return path;
  }

  /** What a fresh process (a search worker of the next `serve`) finds. */
  async function afterRestart(path: string, q: Parameters<typeof query>[0]) {
    const worker = connect(path, { readOnly: true });
    return worker.search(query(q));
  }

  it('saves the columns when a writer closes, reflecting every change it made', async () => {
    const path = await closedIndexOf(first, third);
    const { saved, last } = savedAndLast(path);
    expect(saved).toBe(last);
    expect((await afterRestart(path, { committees: [third.committee!] })).total).toBe(third.items.length);
  });

  it('finds a meeting another connection added after the columns were saved', async () => {
    const path = await closedIndexOf(first);
    // Another process adds a meeting and closes: a few changes do not rewrite the copy.
    const other = new SqliteAgendaIndex(path);
    await other.putMeeting(third);
    await other.close();
    const { saved, last } = savedAndLast(path);
    expect(saved).toBeLessThan(last);

    const result = await afterRestart(path, { text: 'aftale' });
    expect(result.hits.map((h) => h.meetingId)).toContain(third.id);
    expect(result.facets.committee).toEqual(
      expect.arrayContaining([{ value: third.committee, count: expect.any(Number) }]),
    );
  });

  it('leaves out a meeting removed after the columns were saved, and counts a moved one under its new committee', async () => {
    const path = await closedIndexOf(first, second, third);
    const other = new SqliteAgendaIndex(path);
    await other.removeMeeting(third.id);
    await other.putMeeting({ ...first, committee: 'KKR Syddanmark' });
    await other.close();
    expect(savedAndLast(path).saved).toBeLessThan(savedAndLast(path).last);

    expect((await afterRestart(path, { committees: [third.committee!] })).total).toBe(0);
    expect((await afterRestart(path, { text: 'aftale' })).hits.map((h) => h.meetingId)).not.toContain(
      third.id,
    );
    const all = await afterRestart(path, {});
    expect(all.total).toBe(first.items.length + second.items.length);
    expect(all.facets.committee).toEqual([
      { value: 'KKR Syddanmark', count: first.items.length },
      { value: 'Sundhedsdirektørkredsen', count: second.items.length },
    ]);
  });

  it('finds what a writer that is still open has committed since the columns were saved', async () => {
    const path = await closedIndexOf(first);
    const server = connect(path);
    await server.putMeeting(third);
    await server.putBilag({
      documentId: 'b'.repeat(64),
      name: 'Oplæg om videokonsultationer.pdf',
      meetingId: first.id,
      itemNumber: '2',
      text: 'Videokonsultationer mellem borger og sygeplejerske.',
    });
    expect((await afterRestart(path, { committees: [third.committee!] })).total).toBe(third.items.length);
    expect((await afterRestart(path, { text: 'videokonsultationer' })).hits[0]).toMatchObject({
      bilag: { name: 'Oplæg om videokonsultationer.pdf' },
    });
  });

  it('reads every entry when the log no longer reaches back to the saved columns', async () => {
    const path = await closedIndexOf(first, ...LANGUAGE_MEETINGS);
    const other = new SqliteAgendaIndex(path);
    await other.putMeeting(third);
    await other.close();
    // What pruning the log leaves: the first changes after the saved copy are gone.
    const { saved } = savedAndLast(path);
    const db = new DatabaseSync(path);
    db.prepare('DELETE FROM entry_changes WHERE seq <= ?').run(saved! + 1);
    db.close();

    const result = await afterRestart(path, { committees: [third.committee!] });
    expect(result.total).toBe(third.items.length);
  });

  it('answers every search as a connection that read every entry does', async () => {
    const path = indexFile();
    const writer = new SqliteAgendaIndex(path);
    for (const m of [...MEETINGS, ...LANGUAGE_MEETINGS]) await writer.putMeeting(m);
    await writer.putBilag({
      documentId: 'b'.repeat(64),
      name: 'Bilag om rygning.pdf',
      meetingId: 'teknisk-udvalg-2025-10-01',
      itemNumber: '2',
      text: 'Rygeafvænning i grupper.',
    });
    // Removed before the save: its items are not in the copy, and the others keep their places.
    await writer.removeMeeting(second.id);
    await writer.close();
    const other = new SqliteAgendaIndex(path);
    await other.putMeeting(second);
    await other.close();

    const queries = [
      query(),
      query({ sort: 'newest' }),
      query({ sort: 'oldest', limit: 3 }),
      query({ text: 'aftale' }),
      query({ text: 'rygeafvænning' }),
      query({ committees: ['Sundhedsdirektørkredsen'] }),
      query({ from: '2023-01-01', to: '2024-12-31' }),
    ];
    const started = await Promise.all(queries.map((q) => afterRestart(path, q)));
    // A file without the copy: every entry is read.
    const db = new DatabaseSync(path);
    db.exec('DELETE FROM entry_columns');
    db.close();
    const readAll = connect(path, { readOnly: true });
    for (const [i, q] of queries.entries()) expect(started[i]).toEqual(await readAll.search(q));
  });

  it('passes over saved columns of another layout, or cut short', async () => {
    const path = await closedIndexOf(first);
    const db = new DatabaseSync(path);
    const { data } = db.prepare('SELECT data FROM entry_columns').get() as { data: Uint8Array };
    // The layout number is the copy's first four bytes.
    db.exec('UPDATE entry_columns SET data = zeroblob(64)');
    expect((await afterRestart(path, {})).total).toBe(first.items.length);
    db.prepare('UPDATE entry_columns SET data = ?').run(data.subarray(0, 40));
    db.close();
    expect((await afterRestart(path, {})).total).toBe(first.items.length);
  });
});
