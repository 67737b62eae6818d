import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfTextExtractor } from '../../shared/adapters/extract/pdf-text-extractor.ts';
import { createLocalHome, type LocalHome } from '../../shared/composition/local.ts';
import { localApp } from '../../shared/composition/local-server.ts';
import { readLocalConfig } from '../../shared/config.ts';
import { documentId } from '../../shared/ingest/ingest.ts';
import { tempDir } from '../support/fixtures.ts';
import { htmlMinutes, pdfOf } from './build.ts';

// Closed means closed and CPR numbers never reach the public: tried through the whole local app
// (pipeline, index, API, feed, files) with documents built here.

const TOKEN = 'sekretariatets-nøgle';
const secretariat = { authorization: `Bearer ${TOKEN}` };
const CPR_FORMS = /010190[-\s]?1234|0101901234|290200-4321/;

const cprMinutes = htmlMinutes({
  committee: 'Sikkerhedsudvalget',
  date: '3. marts 2024 kl. 10.00',
  items: [
    {
      title: 'Vejbelysning ved Skolevej',
      sections: [
        [
          'Beslutning',
          'Godkendt. Klagen fra borgeren med CPR 010190-1234 (også skrevet 0101901234 og 010190 1234) og fra 290200-4321 blev behandlet. Sag 00.01.00-A00-1-24, EMN-2025-003383, mødet 17-11-2022, tlf. 86 12 34 56 og nummer 320190-1234 og 311190-1234 står som de er.',
        ],
      ],
    },
    { title: 'Trafiksikkerhed', sections: [['Beslutning', 'Vejbump ved skolen godkendt.']] },
  ],
});

const closedMinutes = htmlMinutes({
  committee: 'Personaleudvalget',
  date: '5. marts 2024 kl. 9.00',
  items: [
    { title: 'Budgetopfølgning', sections: [['Beslutning', 'Taget til efterretning.']] },
    {
      title: 'Lukket punkt: Personalesag',
      sections: [['Beslutning', 'Fratrædelsesaftale med godtgørelse på tre måneders løn.']],
      bilag: ['Fratrædelsesaftale udkast.pdf'],
    },
  ],
});

/** Referat as a PDF: item 2 (page 2) closed, a CPR number on page 4. */
const closedPdf = () =>
  pdfOf([
    [
      '# Referat',
      'Udvalg: Teknik- og Miljøudvalget',
      'Dato: 4. marts 2024 kl. 16.00',
      '# 1. Vejbelysning på Skolevej',
      '# Beslutning',
      'Godkendt med en ny lampe ved skolen.',
    ],
    ['# 2. Lukket punkt: Køb af ejendom', '# Beslutning', 'Købesum 4,2 mio. kr. til sælger, fortroligt.'],
    ['# 3. Cykelsti langs åen', '# Beslutning', 'Godkendt som foreslået.'],
    ['# 4. Eventuelt', '# Beslutning', 'Borgeren med CPR 010190-1234 fik svar.'],
  ]);

const bilagText = new TextEncoder().encode(
  '<html><body><h1>Fratrædelsesaftale</h1><p>Medarbejderen fratræder med godtgørelse, fortroligt aftalegrundlag.</p></body></html>',
);

describe('closed means closed, and CPR numbers are masked, everywhere public', () => {
  let home: LocalHome;
  let app: Hono;
  let pdf: Uint8Array;
  const search = async (q: string) => (await app.request(`/api/search?q=${encodeURIComponent(q)}`)).json();

  beforeAll(async () => {
    home = createLocalHome(
      readLocalConfig({}, { dataDir: await tempDir(), ocr: false, uploadToken: TOKEN, publicBaseUrl: null }),
    );
    app = await localApp(home);
    pdf = await closedPdf();
    for (const [name, bytes] of [
      ['referat-sikkerhed.html', cprMinutes],
      ['referat-personale.html', closedMinutes],
      ['Fratrædelsesaftale udkast.html', bilagText],
      ['referat-teknik.pdf', pdf],
    ] as const) {
      const outcome = await home.archive.ingest({ name, bytes });
      expect(outcome.status, `${name}: ${outcome.reason}`).toBe('indexed');
    }
  });
  afterAll(() => home?.close());

  it('masks CPR numbers in search, snippets, meeting JSON and the feed, and finds them by no form', async () => {
    const hit = (await search('vejbelysning klagen')).hits[0];
    expect(hit.snippet).toContain('010190-XXXX');
    expect(hit.snippet).not.toMatch(CPR_FORMS);
    for (const q of ['0101901234', '"010190-1234"', '"010190 1234"', '4321'])
      expect((await search(q)).total, `search for ${q}`).toBe(0);
    const meeting = await (await app.request(`/api/meetings/${hit.meetingId}`)).text();
    expect(meeting).toContain('010190-XXXX');
    expect(meeting).toContain('010190XXXX');
    expect(meeting).toContain('010190 XXXX');
    expect(meeting).toContain('290200-XXXX');
    expect(meeting).not.toMatch(CPR_FORMS);
    const feed = await (await app.request('/api/feed.atom?q=klagen')).text();
    expect(feed).toContain('010190-XXXX');
    expect(feed).not.toMatch(CPR_FORMS);
  });

  it('leaves dates, case numbers and numbers that are no CPR date as they are', async () => {
    const meeting = await (await app.request('/api/meetings/sikkerhedsudvalget-2024-03-03')).json();
    const text = meeting.items[0].decision as string;
    for (const kept of [
      '00.01.00-A00-1-24',
      'EMN-2025-003383',
      '17-11-2022',
      '86 12 34 56',
      '320190-1234',
      '311190-1234',
    ])
      expect(text).toContain(kept);
  });

  it('warns the secretariat that CPR numbers were masked', async () => {
    const id = documentId(cprMinutes);
    const record = await (await app.request(`/api/documents/${id}`, { headers: secretariat })).json();
    expect(record.warnings.join(' ')).toMatch(/2 CPR numbers masked/);
    expect((await app.request(`/api/documents/${id}`)).status).toBe(401);
  });

  it('serves the public a text rendering of an HTML referat with CPR numbers, and the secretariat the original', async () => {
    const id = documentId(cprMinutes);
    const pub = await app.request(`/api/documents/${id}/file`);
    expect(pub.status).toBe(200);
    expect(pub.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(pub.headers.get('cache-control')).not.toMatch(/immutable/);
    const text = await pub.text();
    expect(text).toContain('Punkt 1: Vejbelysning ved Skolevej');
    expect(text).toContain('010190-XXXX');
    expect(text).not.toMatch(CPR_FORMS);
    const original = await app.request(`/api/documents/${id}/file`, { headers: secretariat });
    expect(original.headers.get('cache-control')).toBe('private, no-store');
    expect(await original.text()).toContain('010190-1234');
  });

  it('never indexes or shows a closed item’s text, or the text or file of a bilag listed under it', async () => {
    for (const q of ['fratrædelsesaftale', 'godtgørelse', 'aftalegrundlag'])
      expect((await search(q)).total, `search for ${q}`).toBe(0);
    const meeting = await (await app.request('/api/meetings/personaleudvalget-2024-03-05')).json();
    const closed = meeting.items.find((i: { closed: boolean }) => i.closed);
    expect(closed).toMatchObject({ number: 2, sections: [], decision: null, attachments: [] });
    expect(JSON.stringify(meeting)).not.toMatch(/godtgørelse|Fratrædelsesaftale udkast/);
    // The bilag's file: nothing, with the reason in Danish.
    const bilag = await app.request(`/api/documents/${documentId(bilagText)}/file`);
    expect(bilag.status).toBe(451);
    expect((await bilag.json()).error).toMatch(/lukket punkt/);
    const page = await app.request(`/api/documents/${documentId(bilagText)}/file`, {
      headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
    });
    expect(page.status).toBe(451);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('Bilaget hører til et lukket punkt');
    const record = await (
      await app.request(`/api/documents/${documentId(bilagText)}`, { headers: secretariat })
    ).json();
    expect(record).toMatchObject({ kind: 'bilag', linkedItem: { number: '2' } });
    // The referat itself goes out as its open items only.
    const file = await (await app.request(`/api/documents/${documentId(closedMinutes)}/file`)).text();
    expect(file).toContain('Punkt 1: Budgetopfølgning');
    expect(file).toContain(
      'Punkt 2: Lukket punkt: Personalesag\nLukket punkt: indholdet offentliggøres ikke.',
    );
    expect(file).not.toMatch(/godtgørelse|Fratrædelsesaftale/);
  });

  it('serves the public a PDF with the closed item’s page and the CPR page blanked, page numbers kept', async () => {
    const id = documentId(pdf);
    const res = await app.request(`/api/documents/${id}/file`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    const copy = new Uint8Array(await res.arrayBuffer());
    const pages = (await new PdfTextExtractor().extract(copy, 'copy.pdf')).pages.map((p) =>
      p.lines.map((l) => l.text).join(' '),
    );
    expect(pages).toHaveLength(4);
    expect(pages[0]).toContain('Godkendt med en ny lampe');
    expect(pages[1]).toMatch(/udeladt.*lukket punkt/);
    expect(pages[1]).not.toMatch(/Købesum|4,2 mio/);
    expect(pages[2]).toContain('Cykelsti langs åen');
    expect(pages[3]).toMatch(/udeladt.*CPR-nummer/);
    expect(pages.join(' ')).not.toMatch(CPR_FORMS);
    // The bytes of the closed page are not in the file at all, not merely hidden.
    expect(Buffer.from(copy).includes(Buffer.from('Købesum'))).toBe(false);
    const original = await app.request(`/api/documents/${id}/file`, { headers: secretariat });
    expect(Buffer.from(await original.arrayBuffer()).equals(Buffer.from(pdf))).toBe(true);
  });

  it('serves a document with nothing closed or personal as it is, cacheable for good', async () => {
    const clean = htmlMinutes({
      committee: 'Kulturudvalget',
      date: '6. marts 2024 kl. 15.00',
      items: [{ title: 'Biblioteket', sections: [['Beslutning', 'Længere åbningstider godkendt.']] }],
      extra: '<script>document.title = "pwned"</script>',
    });
    await home.archive.ingest({ name: 'kultur.html', bytes: clean });
    const res = await app.request(`/api/documents/${documentId(clean)}/file`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=86400, immutable');
    // An HTML original never runs on the site's origin: a sandboxed download.
    expect(res.headers.get('content-security-policy')).toBe('sandbox');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="kultur.html"/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('a bilag that arrives before the minutes that list it under a closed item', () => {
  it('leaves search and the public once the minutes say its item is closed', async () => {
    const home = createLocalHome(
      readLocalConfig({}, { dataDir: await tempDir(), ocr: false, uploadToken: TOKEN }),
    );
    const app = await localApp(home);
    const search = async (q: string) => (await (await app.request(`/api/search?q=${q}`)).json()).total;
    await home.archive.ingest({ name: 'Fratrædelsesaftale udkast.html', bytes: bilagText });
    // Before the minutes, nobody can know it is closed: it is searchable on its own.
    expect(await search('aftalegrundlag')).toBe(1);
    await home.archive.ingest({ name: 'referat-personale.html', bytes: closedMinutes });
    expect(await search('aftalegrundlag')).toBe(0);
    expect(await search('godtgørelse')).toBe(0);
    expect((await app.request(`/api/documents/${documentId(bilagText)}/file`)).status).toBe(451);
    const own = await app.request(`/api/documents/${documentId(bilagText)}/file`, { headers: secretariat });
    expect(own.status).toBe(200);
    await home.close();
  });
});
