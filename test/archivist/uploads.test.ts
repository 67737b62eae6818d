import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../shared/api/app.ts';
import { addUploadRoutes } from '../../shared/api/uploads.ts';
import { createLocalHome, type LocalHome, localUploads } from '../../shared/composition/local.ts';
import { readLocalConfig } from '../../shared/config.ts';
import { fixture, tempDir } from '../support/fixtures.ts';

const TOKEN = 'hemmelig-upload-nøgle';

function form(files: { name: string; bytes: Uint8Array }[], fields: Record<string, string> = {}): FormData {
  const body = new FormData();
  for (const f of files) body.append('file', new File([new Uint8Array(f.bytes)], f.name));
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  return body;
}

/** A unique small minutes page, so each upload is its own document. */
function minutes(n: number): Uint8Array {
  return new TextEncoder().encode(
    `<html><body><h1>Referat</h1><p>Udvalg: Udvalg ${n % 5}</p><p>Dato: ${1 + (n % 28)}. marts 2024 kl. 10.00</p>` +
      `<h2>1. Sag nummer ${n} om fortovsreparation</h2><h3>Beslutning</h3><p>Godkendt som sag ${n}.</p></body></html>`,
  );
}

describe('uploads by the secretariat', () => {
  let home: LocalHome;
  let app: Hono;
  let uploads: Awaited<ReturnType<typeof localUploads>>;
  const auth = { authorization: `Bearer ${TOKEN}` };

  beforeAll(async () => {
    home = createLocalHome(
      readLocalConfig(
        {},
        { dataDir: await tempDir(), ocr: false, uploadToken: TOKEN, maxUploadBytes: 500_000 },
      ),
    );
    app = createApi({ index: home.archive.index, store: home.archive.store });
    uploads = await localUploads(home);
    addUploadRoutes(app, uploads);
  });

  it('refuses an upload without credentials (401) or with the wrong ones (403)', async () => {
    const body = () => form([{ name: 'a.html', bytes: minutes(1) }]);
    expect((await app.request('/api/documents', { method: 'POST', body: body() })).status).toBe(401);
    const wrong = await app.request('/api/documents', {
      method: 'POST',
      body: body(),
      headers: { authorization: 'Bearer forkert' },
    });
    expect(wrong.status).toBe(403);
  });

  it('refuses at once a file whose bytes are not a supported type, or that is over the limit', async () => {
    const png = await app.request('/api/documents', {
      method: 'POST',
      headers: auth,
      body: form([{ name: 'billede.pdf', bytes: fixture('bad/billede-med-forkert-endelse.pdf') }]),
    });
    expect(png.status).toBe(415);
    expect((await png.json()).error).toBe(
      'billede.pdf: the file is a PNG image, not a PDF, DOCX or HTML document',
    );
    const big = await app.request('/api/documents', {
      method: 'POST',
      headers: auth,
      body: form([{ name: 'stor.pdf', bytes: new Uint8Array(600_000) }]),
    });
    expect(big.status).toBe(413);
  });

  it('accepts a file with metadata, returns its id, and its status moves to indexed', async () => {
    const res = await app.request('/api/documents', {
      method: 'POST',
      headers: auth,
      body: form([{ name: 'punkt.pdf', bytes: fixture('minutes/punkt-de-nye-sundhedsklynger.pdf') }], {
        committee: 'Sundhedsdirektørkredsen',
        date: '2022-04-20',
      }),
    });
    expect(res.status).toBe(202);
    const { documents } = await res.json();
    expect(documents[0]).toMatchObject({
      name: 'punkt.pdf',
      status: 'queued',
      statusUrl: `/api/documents/${documents[0].id}`,
    });
    await uploads.queue.idle();
    const status = await (await app.request(documents[0].statusUrl, { headers: auth })).json();
    expect(status).toMatchObject({
      status: 'indexed',
      pages: 2,
      meetingId: 'sundhedsdirektoerkredsen-2022-04-20',
    });
  });

  it('loses nothing when 50 uploads arrive at once', async () => {
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, n) =>
        app.request('/api/documents', {
          method: 'POST',
          headers: auth,
          body: form([{ name: `sag-${n}.html`, bytes: minutes(n) }]),
        }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(202));
    await uploads.queue.idle();
    const { documents } = await (await app.request('/api/documents', { headers: auth })).json();
    const ours = documents.filter((d: { name: string }) => d.name.startsWith('sag-'));
    expect(ours).toHaveLength(50);
    expect(ours.every((d: { status: string }) => d.status === 'indexed')).toBe(true);
    const found = await (await app.request('/api/search?q=fortovsreparation&limit=100')).json();
    expect(found.total).toBe(50);
  });

  it('takes a document down: its items leave search and its file is gone', async () => {
    const res = await app.request('/api/documents', {
      method: 'POST',
      headers: auth,
      body: form([{ name: 'ned.html', bytes: minutes(999) }]),
    });
    const { documents } = await res.json();
    await uploads.queue.idle();
    expect((await (await app.request('/api/search?q=%22sag+999%22')).json()).total).toBe(1);
    expect((await app.request(`/api/documents/${documents[0].id}`, { method: 'DELETE' })).status).toBe(401);
    const del = await app.request(`/api/documents/${documents[0].id}`, { method: 'DELETE', headers: auth });
    expect(del.status).toBe(204);
    expect((await (await app.request('/api/search?q=%22sag+999%22')).json()).total).toBe(0);
    expect((await app.request(`/api/documents/${documents[0].id}/file`)).status).toBe(404);
  });

  it('reports coverage per committee: meetings per year and the years with none', async () => {
    const res = await app.request(`/api/committees/${encodeURIComponent('Udvalg 1')}/coverage`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.years).toEqual([{ year: '2024', meetings: 10 }]);
    expect(body.yearsWithNone).toEqual([]);
    expect((await app.request('/api/committees/Findes%20ikke/coverage')).status).toBe(404);
  });
});
