import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalHome, type LocalHome } from '../../shared/composition/local.ts';
import { startLocalServer } from '../../shared/composition/local-server.ts';
import { readLocalConfig } from '../../shared/config.ts';
import { fixture, root, tempDir } from '../support/fixtures.ts';

const CHROMIUM = process.env.PROTOKOL_CHROMIUM ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.env.CI)
  throw new Error(`Chromium is missing at ${CHROMIUM}: .ci/run installs the Debian package "chromium"`);
if (!hasChromium)
  console.warn(`browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

/** Screenshots at desk and phone width, kept as test artifacts for a person to look at. */
const SHOTS = join(root, 'test-results', 'screenshots');

const FILES = [
  'minutes/moede-2022-11-17-sundhedsdirektoerkredsen.pdf',
  'minutes/moede-2022-11-17-sundhedsdirektoerkredsen.html',
  'minutes/referat-2022-11-17-sundhedsdirektoerkredsen.pdf',
  'minutes/moede-2023-10-04-sundhedsdirektoerkredsen.html',
  'minutes/dagsorden-2022-02-07-forretningsudvalg.pdf',
  'minutes/punkt-de-nye-sundhedsklynger.pdf',
  'bilag/KL-oplæg om forbeholdt virksomdhedsområde.pdf',
  'bilag/Visionspapir for det tværkommunale samarbejde.pdf',
  'real/referat-aarhus-byraad-2025-08-27.pdf',
  'real/referat-aarhus-teknisk-udvalg-2025-10-01.html',
];
const HOSTILE = `<html><body><h1>Referat</h1><p>Udvalg: Testudvalget</p><p>Dato: 1. marts 2024 kl. 10.00</p>
<h2>1. Vejbump på Skolevej</h2><h3>Beslutning</h3>
<p>Vejbump godkendt &lt;script&gt;window.pwned=1&lt;/script&gt; og &lt;img src=x onerror="window.pwned=2"&gt; tak.</p></body></html>`;
const MEETING = '/moeder/sundhedsdirektoerkredsen-2022-11-17';
const BYRAAD = '/moeder/aarhus-byraad-2025-08-27';
const CASE = '/sager/EMN-2025-008468';
const COMMITTEE = '/udvalg/Sundhedsdirekt%C3%B8rkredsen';

describe.skipIf(!hasChromium)('the citizen’s pages in a real browser', () => {
  let home: LocalHome;
  let browser: Browser;
  let base: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    home = createLocalHome(readLocalConfig({}, { dataDir: await tempDir(), ocr: false }));
    for (const f of FILES) await home.archive.ingest({ name: f.split('/').pop()!, bytes: fixture(f) });
    await home.archive.ingest({ name: 'vejbump.html', bytes: new TextEncoder().encode(HOSTILE) });
    const { server } = await startLocalServer(home, 0);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise<void>((resolve) => server.close(() => resolve()));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await close?.();
    await home?.close();
  });

  const open = async (path: string, width = 1280, options: BrowserContextOptions = {}): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width, height: 900 }, ...options });
    const page = await context.newPage();
    await page.goto(`${base}${path}`);
    return page;
  };
  const shoot = async (name: string, path: string) => {
    for (const [label, width] of [
      ['desk', 1280],
      ['phone', 390],
    ] as const) {
      const page = await open(path, width);
      await page.screenshot({ path: join(SHOTS, `${name}-${label}.png`), fullPage: true });
      await page.context().close();
    }
  };
  const meta = (page: Page, selector: string) => page.locator(selector).getAttribute('content');

  describe('search', () => {
    it('searches, shows hits with highlighted snippets, and keeps the search in the URL', async () => {
      const page = await open('/');
      await page.getByLabel('Søg i beslutninger og sager').fill('sygeplejersker');
      await page.getByRole('button', { name: 'Søg', exact: true }).click();
      await page.waitForURL(/\?q=sygeplejersker/);
      const first = page.locator('.hit').first();
      expect(await first.locator('h3').innerText()).toBe(
        '3. Drøftelse vedrørende forbeholdt virksomhedsområde til sygeplejersker',
      );
      expect(await first.locator('.bilag-note').innerText()).toContain('KL-oplæg');
      await page.getByLabel('Søg i beslutninger og sager').fill('opbakning');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\?q=opbakning/);
      await page.locator('.hit mark').first().waitFor();
      expect((await page.locator('.hit mark').first().innerText()).toLowerCase()).toBe('opbakning');
    });

    it('loads every file it asks for (icon included) and logs no error', async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const failures: string[] = [];
      page.on('response', (r) => {
        if (r.status() >= 400) failures.push(`${r.status()} ${r.url()}`);
      });
      page.on('console', (m) => {
        if (m.type() === 'error') failures.push(m.text());
      });
      for (const path of ['/', '/?q=sygeplejersker', '/udvalg'])
        await page.goto(`${base}${path}`, { waitUntil: 'networkidle' });
      const icon = await page.locator('link[rel="icon"]').getAttribute('href');
      expect((await page.request.get(`${base}${icon}`)).headers()['content-type']).toContain('image/svg+xml');
      expect(failures).toEqual([]);
      await context.close();
    });

    it('works without script: the GET form is answered by the server', async () => {
      const page = await open('/', 1280, { javaScriptEnabled: false });
      await page.getByLabel('Søg i beslutninger og sager').fill('telemedicin');
      await page.getByRole('button', { name: 'Søg', exact: true }).click();
      await page.waitForURL(/\?q=telemedicin/);
      expect(await page.locator('.hit h3').first().innerText()).toContain('Fælles Telemedicin i Syd');
      expect(await page.title()).toBe('Søgning: telemedicin – protokol');
      await page.getByRole('checkbox', { name: /Sundhedsdirektørkredsen/ }).check();
      await page.getByRole('button', { name: 'Anvend filtre' }).click();
      await page.waitForURL(/committee=Sundhedsdirekt/);
      expect(await page.locator('.hit').count()).toBeGreaterThan(0);
    });

    it('shows the start of each decision, the case as a link, and a bilag hit links to the bilag', async () => {
      const page = await open('/?q=lokalplan+1221');
      const hit = page.locator('.hit').first();
      expect(await hit.locator('.decision-start').innerText()).toMatch(/^Beslutning: \S/);
      const caseLink = hit.locator('a.case-link');
      expect(await caseLink.innerText()).toBe('Sag EMN-2025-008468');
      expect(await caseLink.getAttribute('href')).toBe(CASE);
      const bilag = await open('/?q=sygeplejersker');
      expect(await bilag.locator('.hit .bilag-note a').first().getAttribute('href')).toMatch(
        /^\/api\/documents\/[a-f0-9]{64}\/file$/,
      );
    });

    it('narrows by a committee facet and by a date range, and Back undoes it', async () => {
      const page = await open('/?q=eventuelt');
      const before = await page.locator('.hit').count();
      await page.getByRole('checkbox', { name: /Sundhedsdirektørernes Forretningsudvalg/ }).check();
      await page.waitForURL(/committee=/);
      await page.locator('.hit').first().waitFor();
      expect(await page.locator('.hit div.meta').first().innerText()).toContain(
        'Sundhedsdirektørernes Forretningsudvalg',
      );
      expect(await page.locator('.hit').count()).toBeLessThan(before);
      await page.goBack();
      await page.waitForURL((url) => !url.search.includes('committee'));
      await page.waitForFunction((n) => document.querySelectorAll('.hit').length === n, before);
      await page.goto(`${base}/?q=eventuelt&from=2023-01-01&to=2023-12-31`);
      const metas = await page.locator('.hit div.meta').allInnerTexts();
      expect(metas.length).toBeGreaterThan(0);
      for (const m of metas) expect(m).toMatch(/4\. oktober 2023/);
      expect(await page.locator('#from').inputValue()).toBe('2023-01-01');
    });

    it('keeps keyboard focus on a facet after ticking it', async () => {
      const page = await open('/?q=eventuelt');
      const box = page.getByRole('checkbox', { name: /Sundhedsdirektørkredsen/ });
      await box.focus();
      await page.keyboard.press('Space');
      await page.waitForURL(/committee=/);
      await page.waitForFunction(
        () => (document.activeElement as HTMLInputElement | null)?.type === 'checkbox',
      );
      expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe(
        'Sundhedsdirektørkredsen',
      );
      expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).checked)).toBe(true);
    });

    it('offers the year "ukendt" as a facet that lists the undated items', async () => {
      const page = await open('/?q=sundhedsklynger');
      await page.getByRole('checkbox', { name: /Ukendt år/ }).check();
      await page.waitForURL(/aar=ukendt/);
      await page.locator('.hit').first().waitFor();
      for (const m of await page.locator('.hit div.meta').allInnerTexts()) expect(m).toContain('ukendt dato');
      expect(await page.locator('.error').count()).toBe(0);
    });

    it('lists undated items last in both orders', async () => {
      for (const sort of ['newest', 'oldest']) {
        const page = await open(`/?q=sundhedsklynger&sort=${sort}`);
        const metas = await page.locator('.hit div.meta').allInnerTexts();
        expect(metas.length, sort).toBeGreaterThan(1);
        expect(metas.at(-1), sort).toContain('ukendt dato');
        expect(metas[0], sort).not.toContain('ukendt dato');
      }
    });

    it('says in Danish what is wrong with a reversed date range', async () => {
      const page = await open('/?q=aftale&from=2024-01-01&to=2023-01-01');
      expect(await page.locator('.error').innerText()).toBe(
        'Fra-datoen ligger efter til-datoen. Byt om på dem, eller ret en af dem.',
      );
    });

    it('keeps "Vis flere" in the URL, so Back returns to the 40 hits and the place', async () => {
      const page = await open('/?committee=Aarhus+Byr%C3%A5d&committee=Teknisk+Udvalg');
      expect(await page.locator('.hit').count()).toBe(20);
      await page.getByRole('link', { name: 'Vis flere' }).click();
      await page.waitForURL(/vis=40/);
      await page.waitForFunction(() => document.querySelectorAll('.hit').length > 20);
      expect(await page.evaluate(() => document.activeElement?.closest('.hit')?.id)).toBe('hit-21');
      const link = page.locator('#hit-25 h3 a');
      const title = await link.innerText();
      await link.click();
      await page.waitForURL(/\/moeder\//);
      await page.goBack();
      await page.waitForURL(/vis=40/);
      await page.locator('#hit-25').waitFor();
      expect(await page.locator('.hit').count()).toBeGreaterThan(20);
      expect(await page.locator('#hit-25 h3').innerText()).toBe(title);
      const inView = await page
        .locator('#hit-25')
        .evaluate(
          (el) => el.getBoundingClientRect().top < innerHeight && el.getBoundingClientRect().bottom > 0,
        );
      expect(inView).toBe(true);
    });

    it('lets "Følg denne søgning" carry every filter', async () => {
      const page = await open(
        '/?q=aftale&committee=Sundhedsdirekt%C3%B8rkredsen&kind=referat&from=2022-01-01&to=2022-12-31&section=decision',
      );
      const href = new URL((await page.locator('a.feed').getAttribute('href'))!, base);
      expect(href.pathname).toBe('/api/feed.atom');
      expect(Object.fromEntries(href.searchParams)).toEqual({
        q: 'aftale',
        committee: 'Sundhedsdirektørkredsen',
        kind: 'referat',
        from: '2022-01-01',
        to: '2022-12-31',
        section: 'decision',
      });
    });

    it('answers zero hits with a way on: looser filters, tips, and the facets stay', async () => {
      const page = await open('/?q=telemedicin&committee=Teknisk+Udvalg');
      expect(await page.locator('#results-title').innerText()).toBe('0 punkter fundet');
      const looser = page.locator('.looser a').first();
      expect(await looser.innerText()).toBe('Alle udvalg, ikke kun Teknisk Udvalg');
      expect(await page.locator('.tips li').count()).toBeGreaterThan(2);
      expect(await page.getByRole('checkbox', { name: /Teknisk Udvalg/ }).isChecked()).toBe(true);
      await looser.click();
      await page.locator('.hit').first().waitFor();
      await shoot('zero-hits', '/?q=telemedicin&committee=Teknisk+Udvalg');
    });

    it('is usable at phone width: no sideways scrolling, a filter button before the results', async () => {
      const page = await open('/?q=sundhedsaftalen', 390);
      await page.locator('.hit').first().waitFor();
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      const button = page.getByRole('button', { name: /Filtre/ });
      expect(await button.getAttribute('aria-expanded')).toBe('false');
      expect(await page.locator('#facets').isVisible()).toBe(false);
      const buttonTop = await button.evaluate((el) => el.getBoundingClientRect().top);
      const hitsTop = await page.locator('.hits').evaluate((el) => el.getBoundingClientRect().top);
      expect(buttonTop).toBeLessThan(hitsTop);
      await button.click();
      expect(await page.locator('#facets').isVisible()).toBe(true);
      const facetsTop = await page.locator('#facets').evaluate((el) => el.getBoundingClientRect().top);
      expect(facetsTop).toBeLessThan(hitsTop + 1000);
      expect(facetsTop).toBeLessThan(
        await page.locator('.hits').evaluate((el) => el.getBoundingClientRect().top),
      );
      await shoot('search', '/?q=sundhedsaftalen');
    });

    it('can be used with the keyboard alone', async () => {
      const page = await open('/');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Spring til indhold');
      await page.locator('#q').focus();
      await page.keyboard.type('telemedicin');
      await page.keyboard.press('Enter');
      await page.waitForURL(/q=telemedicin/);
      await page.locator('.hit h3 a').first().focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/moeder\//);
    });

    it('shows markup in a document as text, never running it', async () => {
      const page = await open('/?q=vejbump');
      expect(await page.locator('.hit .snippet').first().innerText()).toContain(
        '<script>window.pwned=1</script>',
      );
      expect(await page.locator('.hit .snippet').first().innerText()).toContain(
        '<img src=x onerror="window.pwned=2">',
      );
      await page.locator('.hit h3 a').first().click();
      await page.locator('.item').first().waitFor();
      expect(await page.locator('.item .text').first().innerText()).toContain('<img src=x');
      expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
      expect(await page.locator('.item img, .hit img').count()).toBe(0);
    });
  });

  describe('meeting', () => {
    it('is rendered by the server with a real title, description and Open Graph tags', async () => {
      const page = await open(MEETING, 1280, { javaScriptEnabled: false });
      expect(await page.title()).toBe('Sundhedsdirektørkredsen, 17. november 2022 – protokol');
      expect(await meta(page, 'meta[name="description"]')).toMatch(
        /^Referat af møde i Sundhedsdirektørkredsen den 17\. november 2022, 5 punkter: Drøftelse af udkast/,
      );
      expect(await meta(page, 'meta[property="og:title"]')).toBe(
        'Sundhedsdirektørkredsen, 17. november 2022',
      );
      expect(await meta(page, 'meta[property="og:type"]')).toBe('article');
      expect(await meta(page, 'meta[property="og:url"]')).toBe(`${base}${MEETING}`);
      expect(await page.locator('.item h2').count()).toBe(5);
    });

    it('opens from a hit at its item, with its decisions, bilag and the source page', async () => {
      const page = await open('/?q=telemedicin');
      await page.locator('.hit h3 a').first().click();
      await page.waitForURL(/\/moeder\/sundhedsdirektoerkredsen-2022-11-17\?q=telemedicin#punkt-2/);
      expect(await page.locator('#punkt-2').innerText()).toContain('René Lorenz');
      const bilag = page.locator('#punkt-3 .bilag a');
      expect(await bilag.innerText()).toBe('Visionspapir for det tværkommunale samarbejde.pdf');
      expect(await bilag.getAttribute('href')).toMatch(/^\/api\/documents\/[a-f0-9]{64}\/file#page=1$/);
      expect(await page.locator('#punkt-2 a', { hasText: 'kildedokumentet' }).getAttribute('href')).toMatch(
        /\/api\/documents\/[a-f0-9]{64}\/file#page=2/,
      );
      expect((await page.locator('#punkt-2 mark').first().innerText()).toLowerCase()).toBe('telemedicin');
    });

    it('reads well: contents, each section once, no empty ones, headings in one case, decision first', async () => {
      const page = await open(MEETING);
      expect(await page.locator('.toc li').count()).toBe(5);
      const item = page.locator('#punkt-1');
      const first = item.locator('.section').first();
      expect(await first.getAttribute('class')).toContain('decision');
      expect(await first.locator('.decision-mark').innerText()).toMatch(/beslutning/i);
      const text = await item.innerText();
      const opening = 'Punktet blev indledt med et oplæg ved formanden';
      expect(text.split(opening).length - 1).toBe(1);
      // The printout's "Referat" words it a little differently: folded away, its source named.
      expect(await item.locator('.variant summary').innerText()).toBe(
        'En anden kilde har en lidt anden ordlyd under «Referat»',
      );
      expect(await page.locator('#punkt-2 .also').innerText()).toContain('«Referat»');
      const headings = (await page.locator('.item h3').allTextContents()).map((h) => h.trim());
      for (const text of await page.locator('.item .section > .text').allInnerTexts())
        expect(text.trim()).not.toBe('');
      // Item 1's "Sagsfremstilling" is empty in every source: it is left out.
      expect(await item.locator('h3', { hasText: 'Sagsfremstilling' }).count()).toBe(0);
      for (const h of headings) expect(h, h).not.toMatch(/^[A-ZÆØÅ]{2,}/);
      expect(headings).not.toContain('Tekst');
      expect(headings.filter((h) => h === 'Proces')).toHaveLength(1);
      await shoot('meeting', `${MEETING}?q=telemedicin`);
    });

    it('prints as the minutes: no search form or navigation, the contents and every item', async () => {
      const page = await open(BYRAAD);
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('.header-search').isVisible()).toBe(false);
      expect(await page.locator('.top').isVisible()).toBe(false);
      expect(await page.locator('.toc').isVisible()).toBe(true);
      expect(await page.locator('.toc li').count()).toBe(21);
      const pdf = await page.pdf({ path: join(SHOTS, 'meeting-print.pdf'), format: 'A4' });
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      // The source is 28 pages of PDF; the print is the minutes' text, no more.
      expect(pages).toBeGreaterThan(5);
      expect(pages).toBeLessThanOrEqual(28);
    });

    it('answers 404 with a Danish page for a meeting or a path that does not exist', async () => {
      for (const path of ['/moeder/findes-ikke', '/noget/andet']) {
        const context = await browser.newContext();
        const page = await context.newPage();
        const res = await page.goto(`${base}${path}`);
        expect(res?.status(), path).toBe(404);
        expect(await page.locator('h1').innerText()).toBe('Siden findes ikke');
        await context.close();
      }
    });
  });

  describe('browse', () => {
    it('shows a committee with a timeline chart and its meetings by year', async () => {
      const page = await open(COMMITTEE, 1280, { javaScriptEnabled: false });
      expect(await page.title()).toBe('Sundhedsdirektørkredsen – protokol');
      const chart = page.locator('svg[role="img"]');
      expect(await chart.locator('desc').textContent()).toMatch(
        /2 møder og \d+ beslutninger fra 2022 til 2023/,
      );
      expect(await page.locator('.timeline-table tbody tr').count()).toBe(2);
      expect(await page.locator('#aar-2023 .meetings li').count()).toBe(1);
      expect(await page.locator('#aar-2022 .meetings a').innerText()).toBe('17. november 2022');
      await shoot('committee', COMMITTEE);
    });

    it('follows a case from committee to committee in date order, each with its decision', async () => {
      const page = await open(CASE, 1280, { javaScriptEnabled: false });
      const steps = page.locator('.case-step');
      expect(await steps.count()).toBe(2);
      expect(await steps.nth(0).locator('h2').innerText()).toBe('Aarhus Byråd, 27. august 2025');
      expect(await steps.nth(1).locator('h2').innerText()).toBe('Teknisk Udvalg, 1. oktober 2025');
      expect(await steps.nth(0).locator('.decision .text').innerText()).toContain('Teknisk Udvalg');
      expect(await meta(page, 'meta[property="og:title"]')).toMatch(/^Sag EMN-2025-008468: Lokalplan 1221/);
      const api = await (await fetch(`${base}/api/cases/EMN-2025-008468`)).json();
      expect(api.items.map((i: { committee: string }) => i.committee)).toEqual([
        'Aarhus Byråd',
        'Teknisk Udvalg',
      ]);
      expect((await fetch(`${base}/api/cases/EMN-0000-000000`)).status).toBe(404);
      expect((await fetch(`${base}/sager/EMN-0000-000000`)).status).toBe(404);
      await shoot('case', CASE);
    });

    it('lists what is new in the archive, by publication, with its own feed', async () => {
      const page = await open('/nyt');
      expect(await page.locator('h1').innerText()).toBe('Nyt i arkivet');
      expect(await page.locator('.news li').count()).toBeGreaterThanOrEqual(FILES.length);
      expect(await page.locator('a.feed').getAttribute('href')).toMatch(/^\/api\/feed\.atom/);
      expect(await page.locator('link[rel="alternate"][type="application/atom+xml"]').count()).toBe(1);
      await shoot('news', '/nyt');
    });
  });

  const AXE_PAGES = [
    ['search', '/?q=sundhedsaftale'],
    ['zero hits', '/?q=telemedicin&committee=Teknisk+Udvalg'],
    ['meeting', `${MEETING}?q=telemedicin`],
    ['committee', COMMITTEE],
    ['case', CASE],
    ['news', '/nyt'],
    ['upload', '/upload'],
  ] as const;
  it.each(AXE_PAGES)(
    'has no accessibility violation at all (axe, every rule) on the %s page',
    async (_, path) => {
      for (const width of [1280, 390]) {
        const page = await open(path, width);
        await page.waitForLoadState('networkidle');
        const results = await new AxeBuilder({ page }).analyze();
        expect(
          results.violations.map(
            (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
          ),
          `${path} at ${width}`,
        ).toEqual([]);
        await page.context().close();
      }
    },
  );
});
