import type { ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsDocumentStore } from '../../shared/adapters/fs/fs-document-store.ts';
import { SqliteAgendaIndex } from '../../shared/adapters/sqlite/sqlite-agenda-index.ts';
import { PooledSqliteIndex, SqliteSearchPool } from '../../shared/adapters/sqlite/sqlite-search-pool.ts';
import { createApi } from '../../shared/api/app.ts';
import type { Meeting } from '../../shared/domain/model.ts';
import { protokol, startServe } from '../support/cli.ts';
import { tempDir } from '../support/fixtures.ts';

const TOKEN = 'soege-test-noegle';

/** A small minutes page naming one word no other document has. */
function minutes(word: string, day: number): File {
  const html =
    `<html><body><h1>Referat</h1><p>Udvalg: Teknisk Udvalg</p><p>Dato: ${day}. marts 2024 kl. 10.00</p>` +
    `<h2>1. Renovering af ${word}</h2><h3>Beslutning</h3><p>Godkendt: ${word} renoveres i 2025.</p></body></html>`;
  return new File([html], `referat-${word}.html`, { type: 'text/html' });
}

describe('protokol serve computes searches in worker threads', () => {
  let server: ChildProcess;
  let base: string;

  beforeAll(async () => {
    ({ server, url: base } = await startServe(['--data', await tempDir()], {
      PROTOKOL_UPLOAD_TOKEN: TOKEN,
      PROTOKOL_SEARCH_WORKERS: '2',
      PROTOKOL_PUBLIC_URL: '',
    }));
  }, 60_000);
  afterAll(() => {
    server?.kill('SIGTERM');
  });

  const search = async (q: string) => (await fetch(`${base}/api/search?q=${encodeURIComponent(q)}`)).json();

  /** Uploads one file and waits until the server has indexed it. */
  async function upload(file: File): Promise<void> {
    const body = new FormData();
    body.append('file', file);
    const res = await fetch(`${base}/api/documents`, {
      method: 'POST',
      body,
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.status).toBe(202);
    const { documents } = (await res.json()) as { documents: { statusUrl: string }[] };
    for (let tries = 0; tries < 300; tries++) {
      const record = await (
        await fetch(`${base}${documents[0]!.statusUrl}`, { headers: { authorization: `Bearer ${TOKEN}` } })
      ).json();
      if (record.status === 'indexed') return;
      expect(record.status).not.toBe('failed');
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the upload was not indexed within 30 s');
  }

  it('finds an upload in the search right after it is indexed, though the same search found nothing before', async () => {
    // Asked before: nothing, and that answer is what the result cache holds.
    expect((await search('klokketårnet')).total).toBe(0);
    await upload(minutes('klokketårnet', 4));
    const after = await search('klokketårnet');
    expect(after.total).toBe(1);
    expect(after.hits[0].title).toBe('Renovering af klokketårnet');
    // Every worker sees the new write, whichever answers: ask more often than there are workers.
    await upload(minutes('vandtårnet', 5));
    const answers = await Promise.all(Array.from({ length: 6 }, () => search('vandtårnet')));
    expect(answers.map((a) => a.total)).toEqual([1, 1, 1, 1, 1, 1]);
  }, 60_000);

  it('answers a bad parameter found by a worker with 400 and its name', async () => {
    const res = await fetch(`${base}/api/search?q=tårnet&cursor=ikke-en-markør`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'INVALID_ARGUMENT', parameter: 'cursor' });
  });
});

// The workers of a new `serve` start from the columns the last writer saved in the index file
// and read the entries changed after: what other processes wrote and removed since must show.
describe('protokol serve started again', () => {
  type Found = { total: number; hits: { documentId: string }[] };
  const env = { PROTOKOL_UPLOAD_TOKEN: TOKEN, PROTOKOL_SEARCH_WORKERS: '2', PROTOKOL_PUBLIC_URL: '' };

  async function serving<T>(
    data: string,
    work: (search: (q: string) => Promise<Found>, url: string) => Promise<T>,
  ) {
    const { server, url } = await startServe(['--data', data], env);
    try {
      return await work(
        async (q) => (await fetch(`${url}/api/search?q=${encodeURIComponent(q)}`)).json(),
        url,
      );
    } finally {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
  }

  it('finds what another process took in while it was stopped, and not what it removed', async () => {
    const data = await tempDir();
    const files = await tempDir();
    const ingest = async (word: string, day: number) => {
      const path = join(files, `referat-${word}.html`);
      await writeFile(path, new Uint8Array(await minutes(word, day).arrayBuffer()));
      expect(protokol(['ingest', path, '--data', data]).code).toBe(0);
    };
    await ingest('klokketårnet', 4);
    await serving(data, async (search) => {
      expect((await search('klokketårnet')).total).toBe(1);
    });
    // Taken in by another process after the columns were saved.
    await ingest('vandtårnet', 5);
    const removed = await serving(data, async (search, url) => {
      const answers = await Promise.all(Array.from({ length: 4 }, () => search('vandtårnet')));
      expect(answers.map((a) => a.total)).toEqual([1, 1, 1, 1]);
      const { hits } = await search('klokketårnet');
      const res = await fetch(`${url}/api/documents/${hits[0]!.documentId}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(res.ok).toBe(true);
      return hits[0]!.documentId;
    });
    expect(removed).toMatch(/^[0-9a-f]{64}$/);
    await serving(data, async (search) => {
      const answers = await Promise.all(
        Array.from({ length: 4 }, (_, i) => search(i % 2 ? 'klokketårnet' : 'vandtårnet')),
      );
      expect(answers.map((a) => a.total)).toEqual([1, 0, 1, 0]);
    });
  }, 120_000);
});

describe('a search worker that stops', () => {
  it('fails the search it was answering with 503 INDEX_ERROR, and the next searches are answered', async () => {
    const dir = await tempDir();
    const path = join(dir, 'index.sqlite');
    const writer = new SqliteAgendaIndex(path);
    await writer.putMeeting(meeting());
    const pool = new SqliteSearchPool({
      size: 1,
      workerUrl: new URL('../support/crashing-search-worker.ts', import.meta.url),
      timeoutMs: 2000,
    });
    const index = new PooledSqliteIndex(writer, pool);
    const app = createApi({ index, store: new FsDocumentStore(dir) });
    try {
      const crashed = await app.request('/api/search?q=nedbrud');
      expect(crashed.status).toBe(503);
      const body = await crashed.json();
      expect(body).toMatchObject({ code: 'INDEX_ERROR', message: 'Søgeindekset svarer ikke lige nu.' });
      // The reason stays in the server's log; the client gets the table's message only.
      expect(body.error).toBe('Søgeindekset svarer ikke lige nu.');
      // A search that never ends is cut off, and its worker replaced, in the same way.
      const stuck = await app.request('/api/search?q=hænger');
      expect(stuck.status).toBe(503);
      expect((await stuck.json()).code).toBe('INDEX_ERROR');
      const next = await app.request('/api/search?q=cykelsti');
      expect(next.status).toBe(200);
      expect((await next.json()).hits.map((h: { title: string }) => h.title)).toEqual([
        'Cykelsti langs Strandvejen',
      ]);
    } finally {
      await index.close();
    }
  });
});

function meeting(): Meeting {
  return {
    id: 'teknisk-udvalg-2024-03-04',
    committee: 'Teknisk Udvalg',
    title: 'Møde i Teknisk Udvalg',
    kind: 'referat',
    start: '2024-03-04T16:00:00+01:00',
    end: null,
    location: null,
    published: null,
    participants: [],
    absent: [],
    guests: [],
    sources: [{ documentId: 'a'.repeat(64), name: 'referat.pdf', kind: 'referat' }],
    items: [
      {
        number: 1,
        title: 'Cykelsti langs Strandvejen',
        caseNumber: null,
        closed: false,
        decision: 'Godkendt.',
        sections: [{ heading: 'Sagsfremstilling', text: 'En ny cykelsti anlægges langs Strandvejen.' }],
        attachments: [],
        page: 1,
        sources: ['a'.repeat(64)],
      },
    ],
  };
}
