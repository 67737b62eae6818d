import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../shared/api/app.ts';
import { withoutServerPaths } from '../../shared/api/errors.ts';
import { createLocalHome, type LocalHome } from '../../shared/composition/local.ts';
import { localApp, startLocalServer } from '../../shared/composition/local-server.ts';
import { readLocalConfig } from '../../shared/config.ts';
import type { SourceDocument } from '../../shared/domain/model.ts';
import { documentId } from '../../shared/ingest/ingest.ts';
import { tempDir } from '../support/fixtures.ts';
import { htmlMinutes } from './build.ts';

const TOKEN = 'sekretariatets-nøgle';
const bearer = { authorization: `Bearer ${TOKEN}` };
const LIMIT = 200_000;

async function home(extra: Partial<Parameters<typeof readLocalConfig>[1]> = {}): Promise<LocalHome> {
  return createLocalHome(
    readLocalConfig(
      {},
      { dataDir: await tempDir(), ocr: false, uploadToken: TOKEN, maxUploadBytes: LIMIT, ...extra },
    ),
  );
}

const hostile = htmlMinutes({
  committee: 'Vejudvalget',
  date: '7. marts 2024 kl. 10.00',
  items: [{ title: 'Vejbump', sections: [['Beslutning', 'Godkendt.']] }],
  extra: '<script>fetch("/api/documents").then(r => r.text()).then(t => (window.stolen = t))</script>',
});

describe('headers: nothing runs, sniffs or frames where it should not', () => {
  let h: LocalHome;
  let app: Hono;
  beforeAll(async () => {
    h = await home();
    app = await localApp(h);
    await h.archive.ingest({ name: 'vejbump.html', bytes: hostile });
  });
  afterAll(() => h?.close());

  it.each(['/', '/upload', '/moeder/vejudvalget-2024-03-07'])(
    'gives the page %s a CSP with script-src self and no inline script, no framing and a referrer policy',
    async (path) => {
      const res = await app.request(path);
      expect(res.status).toBe(200);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(csp).toMatch(/frame-ancestors 'none'/);
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      // The policy is kept by the page: no inline script or style in its HTML.
      const html = await res.text();
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
      expect(html).not.toMatch(/\sstyle=|<style/i);
      expect(html).not.toMatch(/\son[a-z]+=/i);
    },
  );

  it.each([
    '/api/search?q=vejbump',
    '/api/committees',
    '/api/feed.atom',
    '/app.js',
    '/style.css',
    '/api/nope',
  ])('sends nosniff and no framing on %s', async (path) => {
    const res = await app.request(path);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
  });

  it('hands out an uploaded HTML file with a script as a sandboxed download, never as a page of the site', async () => {
    const res = await app.request(`/api/documents/${documentId(hostile)}/file`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe('sandbox');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('allows reading the public API from other sites, but no write and no secretariat route', async () => {
    const read = await app.request('/api/search?q=vejbump', { headers: { origin: 'https://andet.dk' } });
    expect(read.headers.get('access-control-allow-origin')).toBe('*');
    for (const method of ['POST', 'DELETE']) {
      const preflight = await app.request('/api/documents', {
        method: 'OPTIONS',
        headers: { origin: 'https://andet.dk', 'access-control-request-method': method },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      expect(preflight.headers.get('access-control-allow-methods')).toBeNull();
    }
    const list = await app.request('/api/documents', { headers: { origin: 'https://andet.dk', ...bearer } });
    expect(list.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('the secretariat signs in with a cookie page script cannot read', () => {
  let h: LocalHome;
  let app: Hono;
  const own = 'http://localhost';
  beforeAll(async () => {
    h = await home();
    app = await localApp(h);
  });
  afterAll(() => h?.close());

  const login = (token: string, headers: Record<string, string> = { origin: own }) =>
    app.request('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ token }),
    });

  it('sets an HttpOnly, SameSite=Strict session cookie for the right token, and refuses a wrong one', async () => {
    expect((await login('forkert')).status).toBe(403);
    const res = await login(TOKEN);
    expect(res.status).toBe(204);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^protokol_session=[A-Za-z0-9_-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toContain(TOKEN);
    expect(cookie).not.toMatch(/Secure/);
  });

  it('marks the cookie Secure over https', async () => {
    const res = await login(TOKEN, { origin: 'https://protokol.example.dk', 'x-forwarded-proto': 'https' });
    // The Origin differs from the request's own (http://localhost), so the login is refused …
    expect(res.status).toBe(403);
    const viaHttps = await app.request('https://localhost/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://localhost' },
      body: JSON.stringify({ token: TOKEN }),
    });
    expect(viaHttps.headers.get('set-cookie')).toMatch(/; Secure/);
    expect(viaHttps.headers.get('strict-transport-security')).toMatch(/max-age=/);
  });

  it('lists, uploads and takes down with the cookie; logs out; the list is closed to everyone else', async () => {
    const cookie = (await login(TOKEN)).headers.get('set-cookie')!.split(';')[0]!;
    expect((await app.request('/api/documents')).status).toBe(401);
    const list = await app.request('/api/documents', { headers: { cookie } });
    expect(list.status).toBe(200);
    const body = new FormData();
    body.append('file', new File([new Uint8Array(hostile)], 'vejbump.html'));
    const upload = await app.request('/api/documents', {
      method: 'POST',
      body,
      headers: { cookie, origin: own },
    });
    expect(upload.status).toBe(202);
    const id = documentId(hostile);
    expect((await app.request(`/api/documents/${id}`, { headers: { cookie } })).status).toBe(200);
    expect(await (await app.request('/api/session', { headers: { cookie } })).json()).toEqual({
      signedIn: true,
    });
    // Taken down once processed (a takedown racing the pipeline is the store's to order).
    for (let i = 0; i < 100; i++) {
      const { status } = await (await app.request(`/api/documents/${id}`, { headers: { cookie } })).json();
      if (status === 'indexed' || status === 'failed') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const down = await app.request(`/api/documents/${id}`, {
      method: 'DELETE',
      headers: { cookie, origin: own },
    });
    expect(down.status).toBe(204);
    const logout = await app.request('/api/session', { method: 'DELETE', headers: { cookie, origin: own } });
    expect(logout.status).toBe(204);
    expect(logout.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    expect((await app.request('/api/documents', { headers: { cookie } })).status).toBe(401);
  });

  it('refuses a state-changing request with the cookie from another site (CSRF)', async () => {
    const cookie = (await login(TOKEN)).headers.get('set-cookie')!.split(';')[0]!;
    const body = new FormData();
    body.append('file', new File([new Uint8Array(hostile)], 'x.html'));
    const cross = await app.request('/api/documents', {
      method: 'POST',
      body,
      headers: { cookie, origin: 'https://ond.example' },
    });
    expect(cross.status).toBe(403);
    expect(await cross.json()).toMatchObject({ code: 'CROSS_ORIGIN' });
    const noOrigin = await app.request(`/api/documents/${'a'.repeat(64)}`, {
      method: 'DELETE',
      headers: { cookie, 'sec-fetch-site': 'cross-site' },
    });
    expect(noOrigin.status).toBe(403);
    const loginCsrf = await login(TOKEN, { origin: 'https://ond.example' });
    expect(loginCsrf.status).toBe(403);
    // The CLI with the bearer token sends no Origin and needs none.
    const cli = await app.request(`/api/documents/${'a'.repeat(64)}`, { method: 'DELETE', headers: bearer });
    expect(cli.status).toBe(404);
  });

  it('slows down guessing: after ten wrong tokens in a minute, even the right one waits', async () => {
    const fresh = await localApp(await home());
    const attempt = (token: string) =>
      fresh.request('/api/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: own },
        body: JSON.stringify({ token }),
      });
    for (let i = 0; i < 10; i++) expect((await attempt(`gæt-${i}`)).status).toBe(403);
    const blocked = await attempt(TOKEN);
    expect(blocked.status).toBe(429);
    expect((await blocked.json()).code).toBe('TOO_MANY_ATTEMPTS');
  });
});

describe('status and failure reasons are the secretariat’s, and never show server paths', () => {
  it('cuts absolute paths out of reasons in the list, a record and the coverage report', async () => {
    const h = await home();
    const app = await localApp(h);
    const failed: SourceDocument = {
      id: 'f'.repeat(64),
      name: 'referat.pdf',
      mediaType: 'application/pdf',
      size: 10,
      status: 'failed',
      reason:
        "unexpected error: ENOENT: no such file or directory, open '/srv/protokol/data/documents/ffff/original' (C:\\Users\\drift\\tmp\\x.pdf, file:///opt/app/node_modules/pdfjs/build.mjs)",
      errorCode: 'INTERNAL',
      pages: null,
      ocrPages: null,
      kind: null,
      meetingId: 'vejudvalget-2024-03-07',
      linkedItem: null,
      metadata: { committee: 'Vejudvalget' },
      createdAt: '2024-03-07T10:00:00Z',
      updatedAt: '2024-03-07T10:00:00Z',
    };
    await h.archive.store.putRecord(failed);
    await h.archive.ingest({ name: 'vejbump.html', bytes: hostile });
    const list = await (await app.request('/api/documents', { headers: bearer })).text();
    const record = await (await app.request(`/api/documents/${failed.id}`, { headers: bearer })).text();
    const coverage = await (
      await app.request('/api/committees/Vejudvalget/coverage', { headers: bearer })
    ).text();
    // The secretariat's page shows what went wrong in Danish, then the detail.
    expect(JSON.parse(record)).toMatchObject({
      message: 'Der opstod en intern fejl.',
      errorCode: 'INTERNAL',
    });
    for (const body of [list, record, coverage]) {
      expect(body).toContain('no such file or directory');
      expect(body).not.toMatch(/\/srv\/|C:\\\\Users|\/opt\/app|node_modules/);
    }
    const publicCoverage = await (await app.request('/api/committees/Vejudvalget/coverage')).json();
    expect(publicCoverage).toMatchObject({ failedCount: 1 });
    expect(JSON.stringify(publicCoverage)).not.toContain('referat.pdf');
    await h.close();
  });

  it('keeps the site’s own paths in a reason', () => {
    expect(withoutServerPaths('no such path: /api/documents/x/y')).toBe('no such path: /api/documents/x/y');
    expect(withoutServerPaths('open /var/lib/protokol/data/x.json failed')).toBe('open x.json failed');
  });

  it('answers an internal failure with a Danish message and a stable code, and nothing of the failure', async () => {
    const h = await home();
    const broken = {
      ...h.archive.index,
      search: async () => {
        throw new Error('SQLITE_CORRUPT: database disk image is malformed (/srv/protokol/data/index/3.db)');
      },
    };
    const app = createApi({ index: broken, store: h.archive.store });
    const original = console.error;
    console.error = () => {};
    const res = await app.request('/api/search?q=x');
    console.error = original;
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({
      error: 'Der opstod en intern fejl.',
      message: 'Der opstod en intern fejl.',
      code: 'INTERNAL',
    });
    await h.close();
  });
});

describe('bodies are limited while they stream in', () => {
  let h: LocalHome;
  let base: URL;
  let close: () => Promise<void>;
  beforeAll(async () => {
    h = await home();
    const { server } = await startLocalServer(h, 0);
    base = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  });
  afterAll(async () => {
    await close?.();
    await h?.close();
  });

  /** Sends a body in chunks, with no Content-Length, and says what came back and how much was sent. */
  function chunked(
    chunks: number,
    chunkSize: number,
    contentType = 'multipart/form-data; boundary=xyz',
  ): Promise<{ status: number; body: string; sent: number }> {
    return new Promise((resolve, reject) => {
      let sent = 0;
      const req = httpRequest(
        new URL('/api/documents', base),
        {
          method: 'POST',
          headers: { ...bearer, 'content-type': contentType, 'transfer-encoding': 'chunked' },
        },
        (res) => {
          let body = '';
          res.on('data', (d) => {
            body += d;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body, sent }));
        },
      );
      req.on('error', reject);
      const head = Buffer.from(
        '--xyz\r\nContent-Disposition: form-data; name="file"; filename="stor.html"\r\n\r\n',
      );
      req.write(head);
      const chunk = Buffer.alloc(chunkSize, 'a');
      let i = 0;
      const pump = () => {
        while (i < chunks) {
          i++;
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end('\r\n--xyz--\r\n');
      };
      req.on('response', () => {
        i = chunks;
      });
      pump();
    });
  }

  it('answers a chunked upload without Content-Length over the limit with 413, without reading it all', async () => {
    const { status, body, sent } = await chunked(400, 64 * 1024); // 25 MB against a 200 kB limit
    expect(status).toBe(413);
    expect(JSON.parse(body)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(sent).toBeLessThan(25 * 1024 * 1024);
    // The server is still there.
    expect((await fetch(new URL('/api/committees', base))).status).toBe(200);
  });

  it('answers a declared Content-Length over the limit with 413 at once', async () => {
    const res = await fetch(new URL('/api/documents', base), {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'multipart/form-data; boundary=xyz' },
      body: new Uint8Array(LIMIT + 100_000),
    });
    expect(res.status).toBe(413);
  });

  it.each([
    [
      'a body cut off mid-part',
      '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.html"\r\n\r\n<html>',
    ],
    ['a boundary that never comes', 'just some bytes'],
    ['no parts at all', '--xyz--\r\n'],
  ])('answers a malformed multipart body (%s) with 400 and a clear error', async (_what, text) => {
    const res = await fetch(new URL('/api/documents', base), {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'multipart/form-data; boundary=xyz' },
      body: text,
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.code).toMatch(/MALFORMED_BODY|INVALID_ARGUMENT/);
    expect(body.error).toMatch(/multipart|file/);
  });

  it('answers a malformed multipart body with no boundary at all with 400', async () => {
    const res = await fetch(new URL('/api/documents', base), {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'multipart/form-data' },
      body: 'x',
    });
    expect(res.status).toBe(400);
  });

  it('listens on 127.0.0.1 unless told otherwise', () => {
    expect(base.hostname).toBe('127.0.0.1');
  });
});
