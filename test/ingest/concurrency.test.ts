import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteAgendaIndex } from '../../shared/adapters/sqlite/sqlite-agenda-index.ts';
import { IndexDirectory } from '../../shared/adapters/sqlite/swappable-sqlite-index.ts';
import { createLocalHome } from '../../shared/composition/local.ts';
import { readLocalConfig } from '../../shared/config.ts';
import { query } from '../index/agenda-index.contract.ts';
import { protokol } from '../support/cli.ts';
import { itemDocument } from '../support/documents.ts';
import { root, tempDir } from '../support/fixtures.ts';

function run(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'bin', 'protokol.mjs'), ...args], {
      env: { ...process.env, PROTOKOL_OCR: 'off' },
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('two writers on one data folder', () => {
  it('two `protokol load` runs at once, 40 + 40 documents of one meeting: all 80 are searchable', async () => {
    const data = await tempDir();
    const dirs = [await tempDir(), await tempDir()];
    for (const [d, dir] of dirs.entries()) {
      mkdirSync(dir, { recursive: true });
      for (let i = 1; i <= 40; i++) {
        const n = d * 40 + i;
        writeFileSync(join(dir, `punkt-${n}.html`), itemDocument(n));
      }
    }
    const [a, b] = await Promise.all(
      dirs.map((dir) => run(['load', dir, '--data', data, '--concurrency', '4'])),
    );
    expect(a!.code, a!.out).toBe(0);
    expect(b!.code, b!.out).toBe(0);
    const home = createLocalHome(readLocalConfig({}, { dataDir: data, ocr: false }));
    try {
      const meeting = (await home.archive.index.getMeeting('teknisk-udvalg-2025-03-03'))!;
      expect(meeting.sources).toHaveLength(80);
      expect(meeting.items).toHaveLength(80);
      const missing: number[] = [];
      for (let n = 1; n <= 80; n++) {
        const found = await home.archive.index.search(query({ text: `vejsag${n}ord` }));
        if (found.total !== 1) missing.push(n);
      }
      expect(missing).toEqual([]);
    } finally {
      await home.close();
    }
  });
});

describe('a reindex while uploads come in', () => {
  it('loses none of the documents uploaded during the rebuild, nor one written just before the swap', async () => {
    const data = await tempDir();
    const config = readLocalConfig({}, { dataDir: data, ocr: false });
    // The server: one process with the index open, taking uploads.
    const server = createLocalHome(config);
    // The reindex: another home on the same folder, as `protokol reindex` is.
    const rebuilder = createLocalHome(config);
    try {
      for (let n = 1; n <= 10; n++)
        await server.archive.ingest({ name: `punkt-${n}.html`, bytes: itemDocument(n) });
      const files = new IndexDirectory(data);
      const path = files.next();
      const target = new SqliteAgendaIndex(path);
      let uploads: Promise<unknown> | null = null;
      await rebuilder.archive.reindexInto(target, {
        onDocument: () => {
          // Five uploads while the rebuild reads the store.
          uploads ??= Promise.all(
            [11, 12, 13, 14, 15].map((n) =>
              server.archive.ingest({ name: `punkt-${n}.html`, bytes: itemDocument(n) }),
            ),
          );
        },
        swap: async () => {
          await uploads;
          // And one that lands in the old index in the very instant of the swap.
          await server.archive.ingest({ name: 'punkt-16.html', bytes: itemDocument(16) });
          files.swapTo(path);
        },
        settle: () => new Promise((r) => setTimeout(r, 1_200)),
      });
      await target.close();
      await new Promise((r) => setTimeout(r, 1_100));
      const missing: number[] = [];
      for (let n = 1; n <= 16; n++) {
        const found = await server.archive.index.search(query({ text: `vejsag${n}ord` }));
        if (found.total !== 1) missing.push(n);
      }
      expect(missing).toEqual([]);
      expect((await server.archive.index.getMeeting('teknisk-udvalg-2025-03-03'))!.sources).toHaveLength(16);
    } finally {
      await rebuilder.close();
      await server.close();
    }
  });

  it('`protokol reindex` rebuilds from the meeting store and every document stays searchable', async () => {
    const data = await tempDir();
    const home = createLocalHome(readLocalConfig({}, { dataDir: data, ocr: false }));
    for (let n = 1; n <= 3; n++)
      await home.archive.ingest({ name: `punkt-${n}.html`, bytes: itemDocument(n) });
    await home.close();
    const reindex = protokol(['reindex', '--data', data]);
    expect(reindex.code, reindex.stderr).toBe(0);
    expect(reindex.stdout).toMatch(
      /reindexed 3 documents in .* \(1 meetings\); now serving .*index-2\.sqlite/,
    );
    const search = JSON.parse(protokol(['search', 'vejsag2ord', '--json', '--data', data]).stdout);
    expect(search.total).toBe(1);
  });
});

describe('two meetings of one committee on one day', () => {
  it('stay two meetings, and the referat of the afternoon one joins it', async () => {
    const data = await tempDir();
    const home = createLocalHome(readLocalConfig({}, { dataDir: data, ocr: false }));
    try {
      const morning = await home.archive.ingest({ name: 'formiddag.html', bytes: itemDocument(1, '9.00') });
      const afternoon = await home.archive.ingest({
        name: 'eftermiddag.html',
        bytes: itemDocument(2, '16.00'),
      });
      const referat = await home.archive.ingest({
        name: 'referat-eftermiddag.html',
        bytes: new TextEncoder().encode(
          '<html><body><h1>Referat</h1><p>Udvalg: Teknisk Udvalg</p><p>Mødedato: 3. marts 2025 kl. 16.00</p>' +
            '<h2>Punkt 2: Vejsag 2</h2><h3>Beslutning</h3><p>Godkendt.</p></body></html>',
        ),
      });
      expect(morning.meetingId).toBe('teknisk-udvalg-2025-03-03');
      expect(afternoon.meetingId).toBe('teknisk-udvalg-2025-03-03-1600');
      expect(referat.meetingId).toBe(afternoon.meetingId);
      const hits = (await home.archive.index.search(query({ text: 'vejsag' }))).hits;
      expect(hits.map((h) => [h.meetingId, h.start]).sort()).toEqual([
        ['teknisk-udvalg-2025-03-03', '2025-03-03T09:00:00+01:00'],
        ['teknisk-udvalg-2025-03-03-1600', '2025-03-03T16:00:00+01:00'],
      ]);
      const evening = (await home.archive.index.getMeeting('teknisk-udvalg-2025-03-03-1600'))!;
      expect(evening.items[0]!.decision).toBe('Godkendt.');
    } finally {
      await home.close();
    }
  });

  it('lets the source’s own meeting id keep two meetings apart even at the same time', async () => {
    const data = await tempDir();
    const home = createLocalHome(readLocalConfig({}, { dataDir: data, ocr: false }));
    try {
      const a = await home.archive.ingest({
        name: 'a.html',
        bytes: itemDocument(1),
        metadata: { sourceMeetingId: 'fa-9001' },
      });
      const b = await home.archive.ingest({
        name: 'b.html',
        bytes: itemDocument(2),
        metadata: { sourceMeetingId: 'fa-9002' },
      });
      const c = await home.archive.ingest({
        name: 'c.html',
        bytes: itemDocument(3),
        metadata: { sourceMeetingId: 'fa-9002' },
      });
      expect(a.meetingId).not.toBe(b.meetingId);
      expect(c.meetingId).toBe(b.meetingId);
    } finally {
      await home.close();
    }
  });
});
