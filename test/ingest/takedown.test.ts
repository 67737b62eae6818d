import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HtmlTextExtractor } from '../../shared/adapters/extract/html-text-extractor.ts';
import { FsDocumentStore } from '../../shared/adapters/fs/fs-document-store.ts';
import { SqliteAgendaIndex } from '../../shared/adapters/sqlite/sqlite-agenda-index.ts';
import { SqliteMeetingStore } from '../../shared/adapters/sqlite/sqlite-meeting-store.ts';
import { createApi } from '../../shared/api/app.ts';
import { addUploadRoutes } from '../../shared/api/uploads.ts';
import { createLocalHome, localUploads } from '../../shared/composition/local.ts';
import { readLocalConfig } from '../../shared/config.ts';
import { Archive, documentId } from '../../shared/ingest/ingest.ts';
import type { MeetingStore } from '../../shared/ports/meeting-store.port.ts';
import type { TextExtractor } from '../../shared/ports/text-extractor.port.ts';
import { query } from '../index/agenda-index.contract.ts';
import { itemDocument } from '../support/documents.ts';
import { tempDir } from '../support/fixtures.ts';

/** A point the pipeline stops at until the test lets it go on. */
function gate() {
  let reach!: () => void;
  let open!: () => void;
  const reached = new Promise<void>((r) => {
    reach = r;
  });
  const opened = new Promise<void>((r) => {
    open = r;
  });
  return {
    reached,
    open,
    async pass() {
      reach();
      await opened;
    },
  };
}

async function setup(hooks: { extracting?: () => Promise<void>; placing?: () => Promise<void> } = {}) {
  const dir = await tempDir();
  const html = new HtmlTextExtractor();
  const extractor: TextExtractor = {
    mediaTypes: html.mediaTypes,
    async extract(bytes) {
      await hooks.extracting?.();
      return html.extract(bytes);
    },
  };
  const real = new SqliteMeetingStore(dir);
  const meetings: MeetingStore = {
    putContribution: async (...args) => {
      await hooks.placing?.();
      return real.putContribution(...args);
    },
    removeContribution: (...args) => real.removeContribution(...args),
    contributions: (...args) => real.contributions(...args),
    meetingsOf: (...args) => real.meetingsOf(...args),
    getMeeting: (...args) => real.getMeeting(...args),
    putMeeting: (...args) => real.putMeeting(...args),
    listMeetings: (...args) => real.listMeetings(...args),
    claimIdentity: (...args) => real.claimIdentity(...args),
    changeToken: () => real.changeToken(),
    changedSince: (...args) => real.changedSince(...args),
  };
  const store = new FsDocumentStore(dir);
  const index = new SqliteAgendaIndex(':memory:');
  const archive = new Archive({ store, meetings, index, extraction: { extractors: [extractor] } });
  const bytes = itemDocument(7);
  const id = documentId(bytes);
  /** What a user would look for: the text in search, the record, the files, the document's part of its meeting. */
  const leftBehind = async () => ({
    searchable: (await index.search(query({ text: 'vejsag7ord' }))).total,
    record: await store.getRecord(id),
    files: existsSync(join(dir, 'documents', id)),
    contributions: await real.meetingsOf(id),
    meetingSources: (await real.getMeeting('teknisk-udvalg-2025-03-03'))?.value.meeting?.sources.length ?? 0,
  });
  const nothing = { searchable: 0, record: null, files: false, contributions: [], meetingSources: 0 };
  return { archive, store, index, bytes, id, leftBehind, nothing, dir };
}

describe('a takedown wins against processing in flight', () => {
  it('while queued: processing finds it gone and does nothing', async () => {
    const t = await setup();
    await t.archive.enqueue({ name: 'punkt-7.html', bytes: t.bytes });
    expect(await t.archive.remove(t.id)).toBe(true);
    expect(await t.archive.process(t.id)).toMatchObject({ code: 'REMOVED' });
    expect(await t.leftBehind()).toEqual(t.nothing);
  });

  it('while extracting: the text read after the takedown is thrown away', async () => {
    const g = gate();
    const t = await setup({ extracting: () => g.pass() });
    const running = t.archive.ingest({ name: 'punkt-7.html', bytes: t.bytes });
    await g.reached;
    expect((await t.store.getRecord(t.id))!.status).toBe('extracting');
    expect(await t.archive.remove(t.id)).toBe(true);
    g.open();
    expect(await running).toMatchObject({ status: 'failed', code: 'REMOVED' });
    expect(await t.leftBehind()).toEqual(t.nothing);
  });

  it('while parsing and placing: the part it wrote to its meeting is taken out again', async () => {
    const g = gate();
    const t = await setup({ placing: () => g.pass() });
    const running = t.archive.ingest({ name: 'punkt-7.html', bytes: t.bytes });
    await g.reached;
    expect((await t.store.getRecord(t.id))!.status).toBe('parsing');
    expect(await t.archive.remove(t.id)).toBe(true);
    g.open();
    expect(await running).toMatchObject({ code: 'REMOVED' });
    expect(await t.leftBehind()).toEqual(t.nothing);
  });

  it('once indexed: out of search, its meeting keeps the other documents', async () => {
    const t = await setup();
    await t.archive.ingest({ name: 'punkt-8.html', bytes: itemDocument(8) });
    await t.archive.ingest({ name: 'punkt-7.html', bytes: t.bytes });
    expect((await t.index.search(query({ text: 'vejsag7ord' }))).total).toBe(1);
    expect(await t.archive.remove(t.id)).toBe(true);
    expect(await t.leftBehind()).toEqual({ ...t.nothing, meetingSources: 1 });
    expect((await t.index.search(query({ text: 'vejsag8ord' }))).total).toBe(1);
  });

  it('during a reindex: the rebuilt index does not bring it back', async () => {
    const t = await setup();
    await t.archive.ingest({ name: 'punkt-8.html', bytes: itemDocument(8) });
    await t.archive.ingest({ name: 'punkt-7.html', bytes: t.bytes });
    const target = new SqliteAgendaIndex(':memory:');
    let removal: Promise<boolean> | null = null;
    await t.archive.reindexInto(target, {
      onDocument: () => {
        removal ??= t.archive.remove(t.id);
      },
      swap: async () => {
        await removal;
      },
    });
    expect((await target.search(query({ text: 'vejsag7ord' }))).total).toBe(0);
    expect((await target.search(query({ text: 'vejsag8ord' }))).total).toBe(1);
  });

  it('the same bytes uploaded again after a takedown are taken in anew', async () => {
    const t = await setup();
    await t.archive.ingest({ name: 'punkt-7.html', bytes: t.bytes });
    await t.archive.remove(t.id);
    expect(await t.archive.ingest({ name: 'punkt-7.html', bytes: t.bytes })).toMatchObject({
      status: 'indexed',
    });
    expect((await t.index.search(query({ text: 'vejsag7ord' }))).total).toBe(1);
  });
});

describe('DELETE /api/documents/{id}', () => {
  it('answers 404 for a removed document, and a second DELETE can always finish the job', async () => {
    const data = await tempDir();
    const home = createLocalHome(readLocalConfig({}, { dataDir: data, ocr: false, uploadToken: 'hemmelig' }));
    try {
      const app = createApi({ index: home.archive.index, store: home.archive.store });
      const uploads = await localUploads(home);
      addUploadRoutes(app, uploads);
      const bytes = itemDocument(7);
      const id = documentId(bytes);
      await home.archive.ingest({ name: 'punkt-7.html', bytes });
      const auth = { authorization: 'Bearer hemmelig' };
      expect((await app.request(`/api/documents/${id}`, { method: 'DELETE', headers: auth })).status).toBe(
        204,
      );
      expect((await app.request(`/api/documents/${id}`, { headers: auth })).status).toBe(404);
      expect((await app.request(`/api/documents/${id}`, { method: 'DELETE', headers: auth })).status).toBe(
        204,
      );
      expect((await home.archive.index.search(query({ text: 'vejsag7ord' }))).total).toBe(0);
      await uploads.queue.idle?.();
    } finally {
      await home.close();
    }
  });
});
