import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../shared/api/app.ts';
import { caseHistory } from '../../shared/api/cases.ts';
import type { MeetingItem } from '../../shared/domain/model.ts';
import type { Archive } from '../../shared/ingest/ingest.ts';
import { html } from '../../shared/web/pages/html.ts';
import { readableSections, tidyHeading } from '../../shared/web/pages/reading.ts';
import { archiveWith } from '../support/memory-archive.ts';

const item = (sections: [string, string][], decision: string | null = null): MeetingItem => ({
  number: 1,
  title: 'Punkt',
  caseNumber: null,
  closed: false,
  decision,
  sections: sections.map(([heading, text]) => ({ heading, text })),
  attachments: [],
  page: 1,
  sources: ['a', 'b'],
});

describe('the meeting page, made for reading', () => {
  it('puts headings in one case and drops a trailing colon', () => {
    expect(tidyHeading('RESUMÉ')).toBe('Resumé');
    expect(tidyHeading('proces:')).toBe('Proces');
    expect(tidyHeading('Indstilling fra KL')).toBe('Indstilling fra KL');
    expect(tidyHeading('BESLUTNINGSFORSLAG FRA DD OG LA')).toBe('Beslutningsforslag fra dd og la');
  });

  it('shows a repeated decision once, naming the other heading, and leaves empty sections out', () => {
    const sections = readableSections(
      item([
        ['Sagsfremstilling', ''],
        ['Resumé', 'Kort om sagen.'],
        ['Beslutning', 'Ingen bemærkninger'],
        ['Referat', 'Ingen bemærkninger\n• og en tilføjelse fra referatet'],
        ['PROCES', 'Først dette.'],
        ['', 'Fortsat tekst uden overskrift.'],
        ['proces', 'Så dette.'],
      ]),
    );
    expect(sections.map((s) => s.heading)).toEqual(['Beslutning', 'Resumé', 'Proces']);
    expect(sections[0]).toMatchObject({ decision: true, alsoAs: ['Referat'] });
    expect(sections[0]!.text).toContain('tilføjelse fra referatet');
    expect(sections[2]!.text).toBe('Først dette.\n\nFortsat tekst uden overskrift.\n\nSå dette.');
  });

  it('folds a slightly different wording of the same text from another source', () => {
    const long =
      'Punktet blev drøftet grundigt, og formanden gav en kort orientering om baggrunden. Der var opbakning til en ændret mødestruktur hvor temadrøftelser og strategiske emner får mere tid og plads på møderne';
    const [decision, ...rest] = readableSections(
      item([
        ['Beslutning', `${long}, som vil bære dem videre til formandskabet.`],
        ['Referat', `${long}, som vil bære dem videre til Irene og Rolf.`],
      ]),
    );
    expect(rest).toEqual([]);
    expect(decision!.variants).toEqual([
      { heading: 'Referat', text: `${long}, som vil bære dem videre til Irene og Rolf.` },
    ]);
  });

  it('escapes every value a template is given', () => {
    expect(html`<p title="${'"x"'}">${'<script>'}</p>`.value).toBe(
      '<p title="&quot;x&quot;">&lt;script&gt;</p>',
    );
  });
});

describe('the pages and the case API over the archive', () => {
  let archive: Archive;
  let app: Hono;
  beforeAll(async () => {
    archive = await archiveWith([
      'minutes/moede-2022-11-17-sundhedsdirektoerkredsen.html',
      'minutes/punkt-de-nye-sundhedsklynger.pdf',
      'real/referat-aarhus-byraad-2025-08-27.pdf',
      'real/referat-aarhus-teknisk-udvalg-2025-10-01.html',
    ]);
    app = createApi({
      index: archive.index,
      store: archive.store,
      publicBaseUrl: 'https://protokol.example.dk',
    });
  });

  it('renders a meeting with its title and Open Graph tags, and 404s in Danish for what is not there', async () => {
    const res = await app.request('/moeder/aarhus-byraad-2025-08-27');
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<title>Aarhus Byråd, 27. august 2025 – protokol</title>');
    expect(page).toContain(
      '<meta property="og:url" content="https://protokol.example.dk/moeder/aarhus-byraad-2025-08-27">',
    );
    expect(page).not.toMatch(/<script>|style="/);
    for (const path of ['/moeder/findes-ikke', '/udvalg/Intet', '/sager/X-1', '/noget']) {
      const missing = await app.request(path);
      expect(missing.status, path).toBe(404);
      expect(await missing.text(), path).toContain('<h1>Siden findes ikke</h1>');
    }
    const api = await app.request('/api/noget');
    expect(api.status).toBe(404);
    expect(await api.json()).toHaveProperty('error');
  });

  it('follows a case through its committees in date order, each with its decision', async () => {
    const steps = await caseHistory(archive.index, 'EMN-2025-008468');
    expect(steps.map((s) => [s.committee, s.number])).toEqual([
      ['Aarhus Byråd', 10],
      ['Teknisk Udvalg', 3],
    ]);
    expect(steps.every((s) => s.decision)).toBe(true);
    const res = await app.request('/api/cases/EMN-2025-008468');
    expect((await res.json()).items[1]).toMatchObject({
      committee: 'Teknisk Udvalg',
      url: '/moeder/teknisk-udvalg-2025-10-01#punkt-3',
    });
  });

  it('lists undated items last in both orders, and alone with undated=true', async () => {
    for (const sort of ['newest', 'oldest']) {
      const body = await (await app.request(`/api/search?q=sundhedsklynger&sort=${sort}`)).json();
      expect(body.hits.at(-1).start, sort).toBeNull();
      expect(body.hits[0].start, sort).not.toBeNull();
    }
    const undated = await (await app.request('/api/search?q=sundhedsklynger&undated=true')).json();
    expect(undated.total).toBeGreaterThan(0);
    for (const h of undated.hits) expect(h.start).toBeNull();
  });

  it('answers a search without script, with the error in Danish', async () => {
    const page = await (await app.request('/?q=telemedicin')).text();
    expect(page).toContain('Fælles Telemedicin i Syd');
    const bad = await app.request('/?q=x&from=2024-01-01&to=2023-01-01');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Fra-datoen ligger efter til-datoen.');
  });
});
