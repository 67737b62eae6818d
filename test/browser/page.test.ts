import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalHome, type LocalHome } from '../../shared/composition/local.ts';
import { startLocalServer } from '../../shared/composition/local-server.ts';
import { readLocalConfig } from '../../shared/config.ts';
import { fixture, tempDir } from '../support/fixtures.ts';

const CHROMIUM = process.env.PROTOKOL_CHROMIUM ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.env.CI)
  throw new Error(`Chromium is missing at ${CHROMIUM}: .ci/run installs the Debian package "chromium"`);
if (!hasChromium)
  console.warn(`browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

const FILES = [
  'minutes/moede-2022-11-17-sundhedsdirektoerkredsen.pdf',
  'minutes/moede-2023-10-04-sundhedsdirektoerkredsen.html',
  'minutes/dagsorden-2022-02-07-forretningsudvalg.pdf',
  'bilag/KL-oplæg om forbeholdt virksomdhedsområde.pdf',
];
const HOSTILE = `<html><body><h1>Referat</h1><p>Udvalg: Testudvalget</p><p>Dato: 1. marts 2024 kl. 10.00</p>
<h2>1. Vejbump på Skolevej</h2><h3>Beslutning</h3>
<p>Vejbump godkendt &lt;script&gt;window.pwned=1&lt;/script&gt; og &lt;img src=x onerror="window.pwned=2"&gt; tak.</p></body></html>`;

describe.skipIf(!hasChromium)('the search page in a real browser', () => {
  let home: LocalHome;
  let browser: Browser;
  let base: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
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

  const open = async (path: string, width = 1200): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}${path}`);
    return page;
  };

  it('searches, shows hits with highlighted snippets, and keeps the search in the URL', async () => {
    const page = await open('/');
    await page.getByLabel('Søg i beslutninger og sager').fill('sygeplejersker');
    await page.getByRole('button', { name: 'Søg' }).click();
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

  it('narrows by a committee facet and by a date range, and Back undoes it', async () => {
    const page = await open('/?q=eventuelt');
    await page.locator('.hit').first().waitFor();
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
    await page.goto(`${base}/?q=eventuelt&from=2023-01-01&to=2023-12-31`);
    await page.locator('.hit').first().waitFor();
    const metas = await page.locator('.hit div.meta').allInnerTexts();
    expect(metas.length).toBeGreaterThan(0);
    for (const meta of metas) expect(meta).toMatch(/4\. oktober 2023/);
    expect(await page.locator('#from').inputValue()).toBe('2023-01-01');
  });

  it('opens a meeting with its items, decisions, bilag and links to the source page', async () => {
    const page = await open('/?q=telemedicin');
    await page.locator('.hit h3 a').first().click();
    await page.waitForURL(/\/moeder\/sundhedsdirektoerkredsen-2022-11-17#punkt-2/);
    await page.locator('.item').first().waitFor();
    expect(await page.locator('.item h2').count()).toBe(5);
    expect(await page.locator('#punkt-2').innerText()).toContain('René Lorenz');
    expect(await page.locator('#punkt-3').innerText()).toContain(
      'Visionspapir for det tværkommunale samarbejde.pdf',
    );
    expect(await page.locator('#punkt-2 a', { hasText: 'kildedokumentet' }).getAttribute('href')).toMatch(
      /\/api\/documents\/[a-f0-9]{64}\/file#page=2/,
    );
  });

  it('is usable at phone width: no sideways scrolling, results before the facets', async () => {
    const page = await open('/?q=sundhedsaftalen', 390);
    await page.locator('.hit').first().waitFor();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    const hitsTop = await page.locator('.hits').evaluate((el) => el.getBoundingClientRect().top);
    const facetsTop = await page.locator('.facets').evaluate((el) => el.getBoundingClientRect().top);
    expect(hitsTop).toBeLessThan(facetsTop);
  });

  it('has no serious or critical accessibility violations (axe, WCAG 2.1 AA)', async () => {
    for (const path of ['/?q=sundhedsaftale', '/moeder/sundhedsdirektoerkredsen-2022-11-17']) {
      const page = await open(path);
      await page.locator('.hit, .item').first().waitFor();
      const results = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
        .analyze();
      const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(
        serious.map((v) => `${v.id}: ${v.help}`),
        path,
      ).toEqual([]);
    }
  });

  it('can be used with the keyboard alone', async () => {
    const page = await open('/');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Spring til indhold');
    await page.locator('#q').focus();
    await page.keyboard.type('telemedicin');
    await page.keyboard.press('Enter');
    await page.locator('.hit').first().waitFor();
    await page.locator('.hit h3 a').first().focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/moeder\//);
  });

  it('shows markup in a document as text, never running it', async () => {
    const page = await open('/?q=vejbump');
    await page.locator('.hit').first().waitFor();
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
