import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FsDocumentStore } from '../../shared/adapters/fs/fs-document-store.ts';
import { SqliteAgendaIndex } from '../../shared/adapters/sqlite/sqlite-agenda-index.ts';
import { SqliteMeetingStore } from '../../shared/adapters/sqlite/sqlite-meeting-store.ts';
import { createApi } from '../../shared/api/app.ts';
import { parseSearchParams } from '../../shared/api/search-params.ts';
import { localExtraction } from '../../shared/composition/local.ts';
import type { Meeting, MeetingItem } from '../../shared/domain/model.ts';
import type { FirstAgendaAnswer } from '../../shared/firstagenda/answer.ts';
import { htmlText } from '../../shared/firstagenda/item-html.ts';
import { Archive } from '../../shared/ingest/ingest.ts';
import { danishStem, words } from '../../shared/search/danish-stemmer.ts';
import { query } from '../index/agenda-index.contract.ts';
import { fixtures, tempDir } from '../support/fixtures.ts';

const GREVE = join(fixtures, 'firstagenda', 'greve');
const WRITTEN = join(fixtures, 'firstagenda', 'written');
const files = readdirSync(GREVE).filter((f) => f.endsWith('.json'));

async function newArchive(): Promise<Archive> {
  const dir = await tempDir();
  return new Archive({
    store: new FsDocumentStore(dir),
    meetings: new SqliteMeetingStore(dir),
    index: new SqliteAgendaIndex(':memory:'),
    extraction: localExtraction({ ocr: false }),
  });
}
const ingestFile = (archive: Archive, dir: string, name: string, metadata = {}) =>
  archive.ingest({ name, bytes: readFileSync(join(dir, name)), metadata });

describe('the 105 Greve answers in the archive', () => {
  let archive: Archive;
  const answers = new Map<string, FirstAgendaAnswer>();
  beforeAll(async () => {
    archive = await newArchive();
    for (const file of files) {
      const outcome = await ingestFile(archive, GREVE, file);
      expect(outcome.status, `${file}: ${outcome.reason}`).toBe('indexed');
      answers.set(outcome.meetingId!, JSON.parse(readFileSync(join(GREVE, file), 'utf8')));
    }
  }, 240_000);

  it('holds 105 meetings, one per answer', async () => {
    expect(answers.size).toBe(105);
    const committees = await archive.index.committees();
    expect(committees.reduce((n, c) => n + c.meetings, 0)).toBe(105);
    expect(committees.map((c) => c.name)).toContain('Byrådet');
    expect(committees.map((c) => c.name)).not.toContain('Byråd 2022-2025');
  });

  it('finds every open item by a word of its own text, and every closed item by its title only', async () => {
    const meetings: Meeting[] = [];
    for (const id of answers.keys()) meetings.push((await archive.index.getMeeting(id))!);
    // How many items each word occurs in: the rarest word of an item is its own.
    const itemsWith = new Map<string, number>();
    const ownWords = (item: MeetingItem) =>
      new Set(
        words([item.title, ...item.sections.map((s) => s.text)].join(' ')).filter((w) =>
          /^\p{L}{5,}$/u.test(w),
        ),
      );
    for (const m of meetings)
      for (const item of m.items)
        for (const w of ownWords(item)) itemsWith.set(w, (itemsWith.get(w) ?? 0) + 1);
    let checked = 0;
    for (const meeting of meetings) {
      for (const item of meeting.items) {
        const [word] = [...ownWords(item)].sort(
          (a, b) => itemsWith.get(a)! - itemsWith.get(b)! || b.length - a.length,
        );
        expect(word, `${meeting.id} ${item.number} has a word`).toBeDefined();
        const day = meeting.start!.slice(0, 10);
        const result = await archive.index.search(
          query({ text: word!, committees: [meeting.committee!], from: day, to: day, limit: 100 }),
        );
        expect(
          result.hits.some((h) => h.meetingId === meeting.id && String(h.number) === String(item.number)),
          `${meeting.id} item ${item.number} by "${word}"`,
        ).toBe(true);
        checked++;
      }
    }
    expect(checked).toBe(1362);
  }, 120_000);

  it('lets nothing of a closed item reach search or the meeting: not the decision the portal sent for it', async () => {
    let probed = 0;
    let closed = 0;
    for (const [meetingId, answer] of answers) {
      const meeting = (await archive.index.getMeeting(meetingId))!;
      const day = meeting.start!.slice(0, 10);
      for (const [position, raw] of answer.Dagsordenpunkter.entries()) {
        if (!/^lukket/i.test(raw.Navn ?? '')) continue;
        closed++;
        const body = (raw.Felter ?? []).map((f) => htmlText(f.Html ?? '')).join(' ');
        // The title is public: a word of the closed text that shares a stem with it may find the item.
        const title = words(raw.Navn ?? '').map(danishStem);
        const own = (w: string) => title.some((t) => t.includes(danishStem(w)) || danishStem(w).includes(t));
        for (const word of new Set(words(body).filter((w) => w.length >= 6 && !own(w)))) {
          // Searched within its meeting's day: the closed item must never be the hit.
          const result = await archive.index.search(query({ text: word, from: day, to: day, limit: 100 }));
          const leaked = result.hits.some(
            (h) => h.meetingId === meetingId && String(h.number) === String(raw.Punktnummer),
          );
          expect(leaked, `${meetingId} item ${position + 1} found by "${word}"`).toBe(false);
          probed++;
        }
        const kept = meeting.items.find((i) => String(i.number) === String(raw.Punktnummer))!;
        expect(kept).toMatchObject({ closed: true, decision: null, sections: [], attachments: [] });
      }
    }
    expect(closed).toBe(92);
    expect(probed).toBeGreaterThan(500);
  }, 120_000);

  it('keeps the authority, the election period and the portal ids on the meeting', async () => {
    const [id] = [...answers.entries()].find(([, a]) => a.Udvalg.Navn === 'Byråd 2022-2025')!;
    const meeting = (await archive.index.getMeeting(id))!;
    const answer = answers.get(id)!;
    expect(meeting).toMatchObject({
      authority: 'Greve Kommune',
      committee: 'Byrådet',
      committeePeriod: '2022-2025',
      sourceMeetingId: answer.Id,
      kind: 'referat',
    });
    expect(meeting.items[0]!.sourceId).toBe(answer.Dagsordenpunkter[0]!.Id);
  });
});

describe('the authority as a facet and a filter', () => {
  it('counts, filters and names the authority of every hit, and the API takes it as a parameter', async () => {
    const archive = await newArchive();
    await ingestFile(archive, WRITTEN, 'Byraad-2022-2025-2025-09-08T19-00-00-02-00-ordinaer.json');
    await ingestFile(archive, WRITTEN, 'Byraad-2022-2025-2025-09-08T17-00-00-02-00-budget.json', {
      authority: 'Aarhus Kommune',
    });
    const all = await archive.index.search(query({ text: 'indstiller' }));
    expect(all.facets.authority).toEqual([
      { value: 'Aarhus Kommune', count: 2 },
      { value: 'Greve Kommune', count: 2 },
    ]);
    const greve = await archive.index.search(query({ text: 'indstiller', authorities: ['Greve Kommune'] }));
    expect(greve.total).toBe(2);
    expect(greve.hits.every((h) => h.authority === 'Greve Kommune')).toBe(true);
    // Each facet counts within the other filters, as the committee facet does.
    expect(greve.facets.authority).toHaveLength(2);
    expect(parseSearchParams(new URLSearchParams('q=x&authority=Greve+Kommune')).authorities).toEqual([
      'Greve Kommune',
    ]);
    const api = createApi({ index: archive.index, store: archive.store });
    const answer = (await (
      await api.request('/api/search?q=indstiller&authority=Aarhus%20Kommune')
    ).json()) as {
      total: number;
      hits: { authority: string }[];
    };
    expect(answer.total).toBe(2);
    expect(answer.hits[0]!.authority).toBe('Aarhus Kommune');
  });
});

describe('answers of one portal over time', () => {
  it('replaces the agenda with the minutes of the same meeting, and keeps the minutes when the agenda comes again', async () => {
    const archive = await newArchive();
    const agenda = await ingestFile(archive, WRITTEN, 'Oekonomiudvalget-2025-10-22-dagsorden.json');
    expect(agenda.kind).toBe('dagsorden');
    expect((await archive.index.search(query({ text: 'kladdeudgave' }))).total).toBe(1);
    const minutes = await ingestFile(archive, WRITTEN, 'Oekonomiudvalget-2025-10-22-referat.json');
    expect(minutes.meetingId).toBe(agenda.meetingId);
    const meeting = (await archive.index.getMeeting(minutes.meetingId!))!;
    expect(meeting.kind).toBe('referat');
    expect(meeting.sources.map((s) => s.name)).toEqual(['Oekonomiudvalget-2025-10-22-referat.json']);
    expect(meeting.items[1]!.decision).toBe(
      'Økonomiudvalget anbefaler overfor Byrådet, at takstbladet godkendes.',
    );
    // The agenda's draft wording is gone: the minutes replaced it rather than merging with it.
    expect((await archive.index.search(query({ text: 'kladdeudgave' }))).total).toBe(0);
    expect((await archive.index.search(query({ text: 'genbrugspladser' }))).total).toBe(1);
    // An agenda of the same meeting arriving after the minutes (sent again, a byte different) does not come back.
    const late = Buffer.concat([
      readFileSync(join(WRITTEN, 'Oekonomiudvalget-2025-10-22-dagsorden.json')),
      Buffer.from('\n'),
    ]);
    expect((await archive.ingest({ name: 'late-agenda.json', bytes: late })).meetingId).toBe(
      minutes.meetingId,
    );
    expect((await archive.index.getMeeting(minutes.meetingId!))!.kind).toBe('referat');
    expect((await archive.index.search(query({ text: 'kladdeudgave' }))).total).toBe(0);
    await archive.reindexInto(archive.index, { swap: async () => {} });
    expect((await archive.index.search(query({ text: 'kladdeudgave' }))).total).toBe(0);
    expect((await archive.index.getMeeting(minutes.meetingId!))!.sources).toHaveLength(1);
  });

  it('keeps the two Byråd meetings of 2025-09-08 apart', async () => {
    const archive = await newArchive();
    const a = await ingestFile(archive, WRITTEN, 'Byraad-2022-2025-2025-09-08T17-00-00-02-00-budget.json');
    const b = await ingestFile(archive, WRITTEN, 'Byraad-2022-2025-2025-09-08T19-00-00-02-00-ordinaer.json');
    expect(a.meetingId).not.toBe(b.meetingId);
    const [byraadet] = await archive.index.committees();
    expect(byraadet).toMatchObject({ name: 'Byrådet', meetings: 2 });
    const hit = (await archive.index.search(query({ text: 'lokalplan' }))).hits[0]!;
    expect(hit).toMatchObject({
      meetingId: b.meetingId,
      decision: 'Byrådet vedtog lokalplan 2.77 endeligt.',
    });
    expect((await archive.index.search(query({ text: 'Brøndsted' }))).total).toBe(0);
    expect((await archive.index.search(query({ text: 'underskriftsblad' }))).total).toBe(0);
  });

  it('joins a supplementary agenda to its meeting when told the meeting', async () => {
    const archive = await newArchive();
    const main = await ingestFile(archive, WRITTEN, 'Oekonomiudvalget-2025-10-22-referat.json');
    const supplement = await ingestFile(
      archive,
      WRITTEN,
      'Oekonomiudvalget-2025-10-22-tillaegsdagsorden.json',
      {
        meetingId: main.meetingId,
      },
    );
    expect(supplement.meetingId).toBe(main.meetingId);
    const meeting = (await archive.index.getMeeting(main.meetingId!))!;
    expect(meeting.items.map((i) => i.title)).toEqual([
      'Godkendelse af dagsorden',
      'Takstblad for affaldsordningen 2026',
      'Tillægsbevilling til vinterberedskab',
    ]);
    expect(meeting.sources).toHaveLength(2);
  });

  it('takes the authority from upload metadata over the portal host', async () => {
    const archive = await newArchive();
    const outcome = await ingestFile(archive, WRITTEN, 'Oekonomiudvalget-2025-10-22-referat.json', {
      authority: 'Testkommune',
    });
    expect((await archive.index.getMeeting(outcome.meetingId!))!.authority).toBe('Testkommune');
  });
});
