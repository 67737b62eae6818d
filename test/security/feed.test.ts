import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsDocumentStore } from '../../shared/adapters/fs/fs-document-store.ts';
import { SqliteAgendaIndex } from '../../shared/adapters/sqlite/sqlite-agenda-index.ts';
import { SqliteMeetingStore } from '../../shared/adapters/sqlite/sqlite-meeting-store.ts';
import { createApi } from '../../shared/api/app.ts';
import { atomFeed, xmlSafe } from '../../shared/api/feed.ts';
import { localExtraction } from '../../shared/composition/local.ts';
import { Archive } from '../../shared/ingest/ingest.ts';
import { tempDir } from '../support/fixtures.ts';
import { htmlMinutes } from './build.ts';

// The Atom feed: valid XML whatever the documents hold, links from configuration never from the
// Host header, every filter carried, entries dated by when they were published.

/** A strict-enough XML well-formedness check: no character XML 1.0 forbids, every tag closed. */
function assertWellFormedXml(xml: string) {
  const forbidden = [...xml].filter((ch) => {
    const c = ch.codePointAt(0)!;
    return (c < 0x20 && c !== 0x9 && c !== 0xa && c !== 0xd) || c === 0xfffe || c === 0xffff;
  });
  expect(forbidden).toEqual([]);
  const stack: string[] = [];
  for (const m of xml.matchAll(/<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g)) {
    if (m[3]) continue;
    if (m[1]) expect(stack.pop()).toBe(m[2]);
    else stack.push(m[2]!);
  }
  expect(stack).toEqual([]);
}

describe('the Atom feed', () => {
  let archive: Archive;
  let times: string[];
  const apps = {} as Record<'configured' | 'unconfigured', Hono>;

  beforeAll(async () => {
    let clock = Date.parse('2025-01-10T08:00:00Z');
    times = [];
    const dir = await tempDir();
    archive = new Archive({
      store: new FsDocumentStore(dir),
      meetings: new SqliteMeetingStore(dir),
      index: new SqliteAgendaIndex(':memory:'),
      extraction: localExtraction({ ocr: false }),
      now: () => new Date(clock),
    });
    // An older meeting published later than a newer one: the feed follows publication.
    for (const [date, word, control] of [
      ['2. februar 2024 kl. 10.00', 'Havnebad', '\u0001\u000b'],
      ['9. januar 2023 kl. 10.00', 'Havnefront', '\ufffe'],
    ] as const) {
      times.push(new Date(clock).toISOString());
      const outcome = await archive.ingest({
        name: `${word}.html`,
        bytes: htmlMinutes({
          committee: 'Havneudvalget',
          date,
          items: [
            {
              title: `${word} ${control}ved kajen`,
              sections: [['Beslutning', `${word} godkendt${control}.`]],
            },
          ],
        }),
      });
      expect(outcome.status).toBe('indexed');
      clock += 86_400_000;
    }
    apps.configured = createApi({
      index: archive.index,
      store: archive.store,
      publicBaseUrl: 'https://protokol.kommune.dk',
    });
    apps.unconfigured = createApi({ index: archive.index, store: archive.store });
  });
  afterAll(() => archive.index.close?.());

  it('stays well-formed XML when a document holds characters XML forbids', async () => {
    const xml = await (await apps.configured.request('/api/feed.atom')).text();
    assertWellFormedXml(xml);
    expect(xml).toMatch(/Havnebad\s+ved kajen/);
    expect(xmlSafe('a\u0001b\u0000c\ud800d\u{1f600}')).toBe('abcd\u{1f600}');
    // Whatever the parser lets through: a hit holding forbidden characters in every field.
    const hit = {
      meetingId: 'm\u0001-2024-01-01',
      committee: 'Udvalg\u0002',
      start: '2024-01-01T10:00:00+01:00',
      number: 1,
      title: 'Titel\u0003\ufffe',
      kind: 'referat',
      decision: null,
      snippet: 'tekst \u0008<mark>ord</mark>\u001f',
      caseNumber: null,
      bilag: null,
      matchedBilag: [],
      sources: [],
      documentId: null,
      page: null,
      score: 1,
    };
    const raw = atomFeed([{ hit, published: '2024-01-02T00:00:00Z' }], {
      baseUrl: null,
      query: new URLSearchParams('q=a\u0001'),
      title: 'T\u0004',
    });
    assertWellFormedXml(raw);
    expect(raw).toContain('<title>Udvalg: 1. Titel</title>');
  });

  it('builds links from PROTOKOL_PUBLIC_URL, whatever Host the request names', async () => {
    const xml = await (
      await apps.configured.request('http://evil.example/api/feed.atom?q=havnebad', {
        headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example' },
      })
    ).text();
    expect(xml).not.toContain('evil.example');
    expect(xml).toContain('href="https://protokol.kommune.dk/moeder/havneudvalget-2024-02-02#punkt-1"');
    expect(xml).toContain(
      'rel="self" type="application/atom+xml" href="https://protokol.kommune.dk/api/feed.atom?q=havnebad"',
    );
  });

  it('without PROTOKOL_PUBLIC_URL gives relative links, never the Host header, and tag: ids', async () => {
    const xml = await (await apps.unconfigured.request('http://evil.example/api/feed.atom')).text();
    expect(xml).not.toContain('evil.example');
    expect(xml).toContain('href="/moeder/havneudvalget-2024-02-02#punkt-1"');
    expect(xml).toMatch(/<id>tag:protokol,2024:feed<\/id>/);
  });

  it('carries every filter in its own links', async () => {
    const query =
      'q=havn&committee=Havneudvalget&kind=referat&from=2023-01-01&to=2024-12-31&section=decision';
    const xml = await (await apps.configured.request(`/api/feed.atom?${query}&sort=oldest&limit=3`)).text();
    const self = /<link rel="self" type="application\/atom\+xml" href="([^"]+)"/.exec(xml)![1]!;
    const params = new URL(self.replaceAll('&amp;', '&')).searchParams;
    expect(Object.fromEntries(params)).toEqual({
      q: 'havn',
      committee: 'Havneudvalget',
      kind: 'referat',
      from: '2023-01-01',
      to: '2024-12-31',
      section: 'decision',
    });
    const narrow = await (await apps.configured.request('/api/feed.atom?to=2023-12-31')).text();
    expect(narrow.match(/<entry>/g)).toHaveLength(1);
    expect(narrow).toContain('Havnefront');
    expect((await apps.configured.request('/api/feed.atom?from=2024-13-01')).status).toBe(400);
  });

  it('dates entries by when they were published, not by the meeting date, newest first', async () => {
    const xml = await (await apps.configured.request('/api/feed.atom')).text();
    const published = [...xml.matchAll(/<published>([^<]+)<\/published>/g)].map((m) => m[1]);
    expect(published).toEqual([times[1], times[0]]);
    expect(xml.indexOf('Havnefront')).toBeLessThan(xml.indexOf('Havnebad'));
    expect(xml).toContain(`<updated>${times[1]}</updated>`);
  });

  it('shows a citizen who opens it in a browser a readable page, and a feed reader the feed', async () => {
    const browser = await apps.configured.request('/api/feed.atom?q=havnebad', {
      headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
    });
    expect(browser.headers.get('content-type')).toMatch(/^text\/html/);
    expect(browser.headers.get('vary')).toMatch(/Accept/);
    const page = await browser.text();
    expect(page).toContain('<h1>protokol: &quot;havnebad&quot;</h1>');
    expect(page).toContain('feedlæser');
    expect(page).toContain('href="https://protokol.kommune.dk/moeder/havneudvalget-2024-02-02#punkt-1"');
    expect(page).not.toMatch(/<script/);
    const reader = await apps.configured.request('/api/feed.atom?q=havnebad', {
      headers: { accept: 'application/atom+xml, application/xml;q=0.9, text/html;q=0.5' },
    });
    expect(reader.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
  });
});
