import { describe, expect, it } from 'vitest';
import { FsDocumentStore } from '../../shared/adapters/fs/fs-document-store.ts';
import { SqliteAgendaIndex } from '../../shared/adapters/sqlite/sqlite-agenda-index.ts';
import { SqliteMeetingStore } from '../../shared/adapters/sqlite/sqlite-meeting-store.ts';
import { localExtraction } from '../../shared/composition/local.ts';
import { Archive } from '../../shared/ingest/ingest.ts';
import { query } from '../index/agenda-index.contract.ts';
import { fixture, tempDir } from '../support/fixtures.ts';
import { archiveWith } from '../support/memory-archive.ts';

const MEETING = 'sundhedsdirektoerkredsen-2023-10-04';

describe('bilag', () => {
  it('links a bilag that arrives before its minutes, and leads a hit in it to the item', async () => {
    const archive = await archiveWith(['bilag/Innovationspartnerskab – oplæg.pdf']);
    // On its own it is searchable as a document of unknown meeting.
    const before = await archive.index.search(query({ text: 'videokonsultationer' }));
    expect(before.hits[0]).toMatchObject({ committee: null, bilag: null });

    await archive.ingest({
      name: 'moede.pdf',
      bytes: fixture('minutes/moede-2023-10-04-sundhedsdirektoerkredsen.pdf'),
    });
    const after = await archive.index.search(query({ text: 'videokonsultationer' }));
    expect(after.total).toBe(1);
    expect(after.hits[0]).toMatchObject({
      meetingId: MEETING,
      number: 9,
      bilag: { name: 'Innovationspartnerskab – oplæg.pdf' },
    });
    const meeting = await archive.index.getMeeting(MEETING);
    const documentId = meeting!.items.find((i) => i.number === 9)!.attachments[0]!.documentId!;
    expect(documentId).toMatch(/^[a-f0-9]{64}$/);
    // Linked, its record no longer warns that it names no committee or date: no bilag does.
    const record = await archive.store.getRecord(documentId);
    expect(record).toMatchObject({ kind: 'bilag', linkedItem: { meetingId: MEETING, number: '9' } });
    expect(record!.warnings).toEqual([]);
  });

  it('matches a bilag name across case, extension and suffixes such as "(åben)"', async () => {
    const archive = await archiveWith(['minutes/moede-2023-10-04-sundhedsdirektoerkredsen.html']);
    const outcome = await archive.ingest({
      name: 'KL-OPLÆG OM FORBEHOLDT VIRKSOMDHEDSOMRÅDE (åben).PDF',
      bytes: fixture('bilag/KL-oplæg om forbeholdt virksomdhedsområde.pdf'),
    });
    expect(outcome).toMatchObject({ status: 'indexed', kind: 'bilag', meetingId: MEETING });
    expect((await archive.store.getRecord(outcome.id))!.warnings).toEqual([]);
    const hit = (await archive.index.search(query({ text: 'delegationspraksis' }))).hits[0];
    expect(hit).toMatchObject({
      number: 3,
      bilag: { name: 'KL-OPLÆG OM FORBEHOLDT VIRKSOMDHEDSOMRÅDE (åben).PDF' },
    });
  });
});

describe('one meeting, many documents', () => {
  it('merges the web page, its printout and the referat: items once, sections from every source', async () => {
    const archive = await archiveWith([
      'minutes/moede-2022-11-17-sundhedsdirektoerkredsen.html',
      'minutes/moede-2022-11-17-sundhedsdirektoerkredsen.pdf',
      'minutes/referat-2022-11-17-sundhedsdirektoerkredsen.pdf',
    ]);
    const meeting = (await archive.index.getMeeting('sundhedsdirektoerkredsen-2022-11-17'))!;
    expect(meeting.sources).toHaveLength(3);
    expect(meeting.items.map((i) => i.number)).toEqual([1, 2, 3, 4, 5]);
    const headings = meeting.items[0]!.sections.map((s) => s.heading.toLowerCase());
    expect(headings).toEqual(
      expect.arrayContaining(['beslutning', 'referat', 'resumé', 'indstilling', 'sagsfremstilling']),
    );
    expect(meeting).toMatchObject({ end: '2022-11-17T11:30:00+01:00', published: '2022-11-25' });
    // The citizen is sent to a PDF page, not to the web page.
    expect(meeting.items[1]!.page).toBeGreaterThan(0);
    const hits = await archive.index.search(query({ text: 'telemedicin' }));
    expect(hits.hits.filter((h) => h.meetingId === meeting.id)).toHaveLength(1);
  });

  it('lets a referat that follows its dagsorden update the same items', async () => {
    const archive = await archiveWith([]);
    const dagsorden = new TextEncoder().encode(
      '<html><body><h1>Dagsorden</h1><p>Udvalg: Teknisk Udvalg</p><p>Mødedato: 3. marts 2025 kl. 15.00</p><h2>1. Cykelsti langs Ringvejen</h2><h3>Indstilling</h3><p>Det indstilles, at cykelstien anlægges.</p></body></html>',
    );
    const referat = new TextEncoder().encode(
      '<html><body><h1>Referat</h1><p>Udvalg: Teknisk Udvalg</p><p>Mødedato: 3. marts 2025 kl. 15.00</p><h2>1. Cykelsti langs Ringvejen</h2><h3>Beslutning</h3><p>Godkendt med ændringer.</p></body></html>',
    );
    await archive.ingest({ name: 'dagsorden.html', bytes: dagsorden });
    await archive.ingest({ name: 'referat.html', bytes: referat });
    const meeting = (await archive.index.getMeeting('teknisk-udvalg-2025-03-03'))!;
    expect(meeting.kind).toBe('referat');
    expect(meeting.items).toHaveLength(1);
    expect(meeting.items[0]).toMatchObject({ decision: 'Godkendt med ændringer.' });
    expect(meeting.items[0]!.sections.map((s) => s.heading)).toEqual(['Beslutning', 'Indstilling']);
  });

  it('removes one source of a merged meeting and keeps what the others say', async () => {
    const archive = await archiveWith([
      'minutes/moede-2022-11-17-sundhedsdirektoerkredsen.pdf',
      'minutes/referat-2022-11-17-sundhedsdirektoerkredsen.pdf',
    ]);
    const referat = (await archive.store.listRecords()).find((r) => r.name.startsWith('referat'))!;
    expect(await archive.remove(referat.id)).toBe(true);
    const meeting = (await archive.index.getMeeting('sundhedsdirektoerkredsen-2022-11-17'))!;
    expect(meeting.sources.map((s) => s.name)).toEqual(['moede-2022-11-17-sundhedsdirektoerkredsen.pdf']);
    expect(meeting.items).toHaveLength(5);
    expect((await archive.index.search(query({ text: 'Delendorff', section: 'case' }))).total).toBe(0);
    expect(await archive.store.getRecord(referat.id)).toBeNull();
  });
});

describe('closed items', () => {
  it('keep their title searchable and their text out of the index', async () => {
    const archive = await archiveWith(['real/referat-aarhus-byraad-2025-08-27.pdf']);
    expect(
      (await archive.index.search(query({ text: 'landbrugsejendom' }))).hits.map((h) => h.number),
    ).toEqual([21]);
    // Were its text indexed, "Tilbagesendes" in it would make this match.
    const text = await archive.index.search(query({ text: '"Køb af landbrugsejendom" tilbagesendes' }));
    expect(text.total).toBe(0);
  });
});

describe('scanned documents', () => {
  it('are OCR’ed offline and parse like their born-digital twin, each page with its confidence', async () => {
    const extraction = localExtraction({ ocr: true });
    const dir = await tempDir();
    const archive = new Archive({
      store: new FsDocumentStore(dir),
      meetings: new SqliteMeetingStore(dir),
      index: new SqliteAgendaIndex(':memory:'),
      extraction,
    });
    try {
      const outcome = await archive.ingest({
        name: 'scannet.pdf',
        bytes: fixture('scanned/dagsorden-2022-02-07-forretningsudvalg-scannet.pdf'),
      });
      expect(outcome).toMatchObject({
        status: 'indexed',
        pages: 4,
        ocrPages: 4,
        meetingId: 'sundhedsdirektoerernes-forretningsudvalg-2022-02-07',
      });
      const record = (await archive.store.getRecord(outcome.id))!;
      expect(record.ocr).toHaveLength(4);
      for (const page of record.ocr!) expect(page.confidence).toBeGreaterThan(0.8);
      const hit = (await archive.index.search(query({ text: 'mødeplanlægning' }))).hits[0];
      expect(hit).toMatchObject({
        number: 4,
        title: 'Mødeplanlægning 2022 for Sundhedsdirektørernes Forretningsudvalg',
      });
    } finally {
      await extraction.reader?.close();
    }
  });
});

describe('a document whose structure is not found', () => {
  it('is searchable as one item, and its record says why', async () => {
    const archive = await archiveWith([]);
    const outcome = await archive.ingest({
      name: 'notat.html',
      bytes: new TextEncoder().encode(
        '<html><body><p>Notat om trafikforhold på Skolevej.</p><p>Vejen er smal, og der bør laves en cykelsti.</p></body></html>',
      ),
    });
    expect(outcome.status).toBe('indexed');
    expect((await archive.store.getRecord(outcome.id))!.warnings).toContain(
      'no agenda items or sections were found; the whole text is indexed as one item',
    );
    expect((await archive.index.search(query({ text: 'cykelsti' }))).total).toBe(1);
  });
});
