import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FsDocumentStore } from '../../shared/adapters/fs/fs-document-store.ts';
import { SqliteAgendaIndex } from '../../shared/adapters/sqlite/sqlite-agenda-index.ts';
import { IndexDirectory } from '../../shared/adapters/sqlite/swappable-sqlite-index.ts';
import { coverageOf } from '../../shared/api/coverage.ts';
import { createLocalHome } from '../../shared/composition/local.ts';
import { startLocalServer } from '../../shared/composition/local-server.ts';
import { readLocalConfig } from '../../shared/config.ts';
import type { ParsedDocument, SourceDocument } from '../../shared/domain/model.ts';
import { mergeMeeting } from '../../shared/ingest/merge.ts';
import { query } from '../index/agenda-index.contract.ts';
import { itemDocument } from '../support/documents.ts';
import { tempDir } from '../support/fixtures.ts';

/**
 * A data folder of the older layout, as the archive wrote it before the meeting store: a
 * record.json beside each original, and merged meetings only in the index, where two meetings of
 * one committee on one day had been merged into one (their id was committee + date).
 */
async function oldLayoutFolder(): Promise<string> {
  // The documents are read by today's pipeline, then laid out as the old one left them.
  const scratch = await tempDir();
  const home = createLocalHome(readLocalConfig({}, { dataDir: scratch, ocr: false }));
  const morning = await home.archive.ingest({ name: 'formiddag.html', bytes: itemDocument(1, '9.00') });
  const afternoon = await home.archive.ingest({ name: 'eftermiddag.html', bytes: itemDocument(2, '16.00') });
  const records = await home.archive.store.listRecords();
  await home.close();

  const data = await tempDir();
  const OLD_ID = 'teknisk-udvalg-2025-03-03';
  const parsed: ParsedDocument[] = [];
  for (const [n, outcome] of [morning, afternoon].entries()) {
    const record = records.find((r) => r.id === outcome.id)!;
    const dir = join(data, 'documents', record.id);
    mkdirSync(dir, { recursive: true });
    const fromDir = join(scratch, 'documents', record.id);
    for (const file of ['original', 'text.json', 'parsed.json'])
      writeFileSync(join(dir, file), (await import('node:fs')).readFileSync(join(fromDir, file)));
    const old: SourceDocument = {
      ...record,
      meetingId: OLD_ID,
      createdAt: `2024-01-0${n + 1}T00:00:00.000Z`,
    };
    writeFileSync(join(dir, 'record.json'), JSON.stringify(old, null, 1));
    parsed.push(JSON.parse((await import('node:fs')).readFileSync(join(fromDir, 'parsed.json'), 'utf8')));
  }
  const index = new SqliteAgendaIndex(new IndexDirectory(data).current());
  await index.putMeeting(
    mergeMeeting(
      parsed.map((p, i) => ({
        documentId: [morning, afternoon][i]!.id,
        name: p.source.name,
        mediaType: 'text/html',
        parsed: { ...p, id: OLD_ID },
      })),
    ),
  );
  await index.close();
  return data;
}

describe('a data folder of the older layout', () => {
  it('keeps working: records and meetings are taken into the meeting store when it is opened', async () => {
    const data = await oldLayoutFolder();
    const home = createLocalHome(readLocalConfig({}, { dataDir: data, ocr: false }));
    try {
      await home.archive.open();
      const records = await home.archive.store.listRecords();
      expect(records.map((r) => r.name)).toEqual(['formiddag.html', 'eftermiddag.html']);
      // The two meetings the old id had merged come apart, in the store, the records and the index.
      expect(records.map((r) => r.meetingId)).toEqual([
        'teknisk-udvalg-2025-03-03',
        'teknisk-udvalg-2025-03-03-1600',
      ]);
      const morning = (await home.archive.index.getMeeting('teknisk-udvalg-2025-03-03'))!;
      expect(morning.items.map((i) => i.title)).toEqual(['Vejsag 1']);
      const hit = (await home.archive.index.search(query({ text: 'vejsag2ord' }))).hits[0];
      expect(hit).toMatchObject({
        meetingId: 'teknisk-udvalg-2025-03-03-1600',
        start: '2025-03-03T16:00:00+01:00',
      });
      // And it goes on taking documents: a third joins the morning meeting.
      const third = await home.archive.ingest({ name: 'formiddag-2.html', bytes: itemDocument(3, '9.00') });
      expect(third.meetingId).toBe('teknisk-udvalg-2025-03-03');
      expect((await home.archive.index.getMeeting('teknisk-udvalg-2025-03-03'))!.sources).toHaveLength(2);
    } finally {
      await home.close();
    }
  });
});

describe('an archive of 20,000 documents', () => {
  it('lists its records a page at a time and serves at once, the old layout included', async () => {
    const data = await tempDir();
    // 20,000 records in the old layout: opening every file at once ran out of file handles.
    const committees = ['Teknisk Udvalg', 'Børne- og Ungeudvalget', 'Økonomiudvalget'];
    for (let n = 0; n < 20_000; n++) {
      const id = n.toString(16).padStart(64, '0');
      const dir = join(data, 'documents', id);
      mkdirSync(dir, { recursive: true });
      const failed = n % 1000 === 0;
      const record: SourceDocument = {
        id,
        name: `dokument-${n}.pdf`,
        mediaType: 'application/pdf',
        size: 1,
        status: failed ? 'failed' : 'indexed',
        reason: failed ? `dokument-${n}.pdf: the file is empty` : null,
        errorCode: failed ? 'EMPTY_FILE' : null,
        pages: 1,
        ocrPages: 0,
        kind: 'referat',
        meetingId: null,
        linkedItem: null,
        metadata: { committee: committees[n % 3]! },
        createdAt: new Date(Date.UTC(2020, 0, 1) + n * 60_000).toISOString(),
        updatedAt: new Date(Date.UTC(2020, 0, 1) + n * 60_000).toISOString(),
      };
      writeFileSync(join(dir, 'record.json'), JSON.stringify(record));
    }
    const opened = performance.now();
    const store = new FsDocumentStore(data);
    const openMs = performance.now() - opened;
    const listed = performance.now();
    const all = await store.listRecords();
    const listMs = performance.now() - listed;
    expect(all).toHaveLength(20_000);
    expect(all[0]!.name).toBe('dokument-0.pdf');
    const page = await store.pageRecords({ limit: 100, status: ['failed'] });
    expect(page.records).toHaveLength(20);
    expect(page.next).toBeNull();
    // The files are read once; after that the folder's record.json files no longer matter.
    rmSync(join(data, 'documents', all[1]!.id, 'record.json'));
    expect(await new FsDocumentStore(data).getRecord(all[1]!.id)).not.toBeNull();

    const home = createLocalHome(readLocalConfig({}, { dataDir: data, ocr: false, port: 0 }));
    const started = performance.now();
    const { server } = await startLocalServer(home, 0);
    const serveMs = performance.now() - started;
    try {
      const coverage = await coverageOf('Teknisk Udvalg', home.archive.index, home.archive.store);
      expect(coverage.failed).toHaveLength(7);
      const again = performance.now();
      await coverageOf('Teknisk Udvalg', home.archive.index, home.archive.store);
      const cachedMs = performance.now() - again;
      console.log(
        `20,000 records: taken from record.json files in ${openMs.toFixed(0)} ms, listed in ${listMs.toFixed(0)} ms, serve ready in ${serveMs.toFixed(0)} ms, coverage again in ${cachedMs.toFixed(1)} ms`,
      );
    } finally {
      await new Promise((r) => server.close(r));
      await home.close();
    }
  }, 120_000);
});
