import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import type { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../shared/api/app.ts';
import type { Archive } from '../../shared/ingest/ingest.ts';
import { root } from '../support/fixtures.ts';
import { archiveWith } from '../support/memory-archive.ts';

type LambdaEvent = Parameters<ReturnType<typeof handle>>[0];
const event = (name: string) => JSON.parse(readFileSync(join(root, 'events', name), 'utf8')) as LambdaEvent;

describe('the search API', () => {
  let archive: Archive;
  let app: Hono;
  beforeAll(async () => {
    archive = await archiveWith([
      'minutes/moede-2022-11-17-sundhedsdirektoerkredsen.html',
      'minutes/moede-2022-11-17-sundhedsdirektoerkredsen.pdf',
      'minutes/moede-2023-10-04-sundhedsdirektoerkredsen.pdf',
      'bilag/KL-oplæg om forbeholdt virksomdhedsområde.pdf',
      'real/referat-aarhus-byraad-2025-08-27.pdf',
    ]);
    app = createApi({ index: archive.index, store: archive.store });
  });

  it('returns hits with committee, start, number, title, a marked snippet, a url, and facets', async () => {
    const res = await app.request('/api/search?q=telemedicin');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.hits[0]).toMatchObject({
      meetingId: 'sundhedsdirektoerkredsen-2022-11-17',
      committee: 'Sundhedsdirektørkredsen',
      start: '2022-11-17T09:00:00+01:00',
      number: 2,
      title: 'Fælles Telemedicin i Syd om landsdelsprogrammerne for KOL og hjerte',
      url: '/moeder/sundhedsdirektoerkredsen-2022-11-17#punkt-2',
    });
    expect(body.hits[0].documentUrl).toMatch(/^\/api\/documents\/[a-f0-9]{64}\/file#page=2$/);
    // The match is in the title; the snippet shows the decision.
    expect(body.hits[0].snippet).toMatch(/^René Lorenz, projektansvarlig/);
    const marked = await (await app.request('/api/search?q=opbakning')).json();
    expect(marked.hits[0].snippet).toMatch(/<mark>opbakning<\/mark>/);
    expect(body.facets.committee).toEqual([{ value: 'Sundhedsdirektørkredsen', count: 1 }]);
    expect(body.facets.year).toEqual([{ value: '2022', count: 1 }]);
  });

  it('lists a committee’s items of one year, newest first, for an empty q with filters', async () => {
    const res = await app.request(
      '/api/search?committee=Sundhedsdirekt%C3%B8rkredsen&from=2023-01-01&to=2023-12-31',
    );
    const body = await res.json();
    expect(body.total).toBe(9);
    expect(new Set(body.hits.map((h: { meetingId: string }) => h.meetingId))).toEqual(
      new Set(['sundhedsdirektoerkredsen-2023-10-04']),
    );
  });

  it('returns a meeting with all its items', async () => {
    const res = await app.request('/api/meetings/sundhedsdirektoerkredsen-2022-11-17');
    const body = await res.json();
    expect(body.items.map((i: { number: number }) => i.number)).toEqual([1, 2, 3, 4, 5]);
    expect(body.sources).toHaveLength(2);
  });

  it.each([
    ['/api/search?limit=5000', 'limit'],
    ['/api/search?limit=abc', 'limit'],
    ['/api/search?from=2023-02-30', 'from'],
    ['/api/search?to=17-11-2022', 'to'],
    ['/api/search?cursor=not-a-cursor', 'cursor'],
    [`/api/search?q=${'a'.repeat(600)}`, 'q'],
    ['/api/search?sort=random', 'sort'],
  ])('answers %s with 400 naming the parameter', async (url, parameter) => {
    const res = await app.request(url);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.parameter).toBe(parameter);
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('answers an unknown meeting or document with 404 and no stack trace', async () => {
    const meeting = await app.request('/api/meetings/findes-ikke-2020-01-01');
    expect(meeting.status).toBe(404);
    expect(await meeting.json()).toEqual({
      error: 'no meeting with id "findes-ikke-2020-01-01"',
      message: 'Det findes ikke.',
      code: 'NOT_FOUND',
    });
    expect((await app.request('/api/documents/nope/file')).status).toBe(404);
  });

  it('serves the original file of a document for the page link', async () => {
    const search = await (await app.request('/api/search?q=telemedicin')).json();
    const res = await app.request(search.hits[0].documentUrl.replace(/#.*/, ''));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(new Uint8Array(await res.arrayBuffer()).subarray(0, 5)).toEqual(new TextEncoder().encode('%PDF-'));
  });

  it('leads a word found only in a bilag to the item that lists it', async () => {
    const body = await (await app.request('/api/search?q=delegationspraksis')).json();
    expect(body.hits[0]).toMatchObject({
      number: 3,
      bilag: { name: 'KL-oplæg om forbeholdt virksomdhedsområde.pdf' },
    });
  });

  it('runs unchanged behind API Gateway: the sample events give the same answers', async () => {
    const handler = handle(app);
    const ok = await handler(event('api-gateway-search.json'), {} as Context);
    expect(ok.statusCode).toBe(200);
    expect(JSON.parse(ok.body!).hits[0].title).toBe(
      'Fælles Telemedicin i Syd om landsdelsprogrammerne for KOL og hjerte',
    );
    const bad = await handler(event('api-gateway-bad-limit.json'), {} as Context);
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body!).parameter).toBe('limit');
  });
});

describe('text from documents in the API', () => {
  it('escapes markup in snippets, marking only the matches', async () => {
    const archive = await archiveWith([]);
    await archive.ingest({
      name: 'ondsindet.html',
      bytes: new TextEncoder().encode(
        '<html><body><h1>Referat</h1><p>Udvalg: Testudvalget</p><p>Dato: 1. marts 2024</p><h2>1. Vejbump</h2><h3>Beslutning</h3><p>Vejbump &lt;script&gt;alert(1)&lt;/script&gt; og &lt;img src=x onerror=alert(2)&gt; godkendt.</p></body></html>',
      ),
    });
    const app = createApi({ index: archive.index, store: archive.store });
    const body = await (await app.request('/api/search?q=vejbump')).json();
    const snippet: string = body.hits[0].snippet;
    expect(snippet).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(snippet).toContain('&lt;img src=x onerror=alert(2)&gt;');
    expect(snippet.replace(/<\/?mark>/g, '')).not.toMatch(/<[a-z]/i);
  });
});

describe('feeds and the API description', () => {
  it('serves the newest matching items as an Atom feed', async () => {
    const archive = await archiveWith(['minutes/moede-2022-11-17-sundhedsdirektoerkredsen.pdf']);
    const app = createApi({
      index: archive.index,
      store: archive.store,
      publicBaseUrl: 'https://protokol.example.dk',
    });
    const res = await app.request('/api/feed.atom?q=telemedicin&committee=Sundhedsdirekt%C3%B8rkredsen');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const xml = await res.text();
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
    expect(xml).toContain('<title>protokol: &quot;telemedicin&quot; i Sundhedsdirektørkredsen</title>');
    expect(xml).toContain(
      '<link rel="alternate" type="text/html" href="https://protokol.example.dk/moeder/sundhedsdirektoerkredsen-2022-11-17#punkt-2"/>',
    );
    expect(xml.match(/<entry>/g)).toHaveLength(1);
  });

  it('describes itself as OpenAPI 3.1 with every public path', async () => {
    const archive = await archiveWith([]);
    const body = await (
      await createApi({ index: archive.index, store: archive.store }).request('/api/openapi.json')
    ).json();
    expect(body.openapi).toBe('3.1.0');
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        '/api/search',
        '/api/meetings/{id}',
        '/api/committees',
        '/api/documents/{id}/file',
        '/api/feed.atom',
      ]),
    );
  });
});
