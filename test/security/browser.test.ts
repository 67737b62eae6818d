import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalHome, type LocalHome } from '../../shared/composition/local.ts';
import { startLocalServer } from '../../shared/composition/local-server.ts';
import { readLocalConfig } from '../../shared/config.ts';
import { documentId } from '../../shared/ingest/ingest.ts';
import { tempDir } from '../support/fixtures.ts';
import { htmlMinutes } from './build.ts';

// The upload page and the originals in a real browser: the page works under its CSP with no
// violation, the session cookie is out of script's reach, and an uploaded HTML file's script
// never runs on the site's origin.

const CHROMIUM = process.env.PROTOKOL_CHROMIUM ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.env.CI) throw new Error(`Chromium is missing at ${CHROMIUM}`);

const TOKEN = 'browser-nøgle';
const hostile = htmlMinutes({
  committee: 'Vejudvalget',
  date: '7. marts 2024 kl. 10.00',
  items: [{ title: 'Vejbump ved skolen', sections: [['Beslutning', 'Godkendt.']] }],
  extra: '<script>localStorage.setItem("pwned", document.cookie || "ran")</script>',
});

describe.skipIf(!hasChromium)('the page and the originals in a real browser', () => {
  let home: LocalHome;
  let browser: Browser;
  let base: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    home = createLocalHome(readLocalConfig({}, { dataDir: await tempDir(), ocr: false, uploadToken: TOKEN }));
    await home.archive.ingest({ name: 'vejbump.html', bytes: hostile });
    const { server } = await startLocalServer(home, 0);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise<void>((resolve) => server.close(() => resolve()));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await close?.();
    await home?.close();
  });

  /** A page that records every CSP violation and console error. */
  async function open(path: string): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${base}${path}`);
    return { page, problems };
  }

  it.each(['/', '/?q=vejbump', '/moeder/vejudvalget-2024-03-07'])(
    'renders %s under its CSP without a single violation',
    async (path) => {
      const { page, problems } = await open(path);
      await page.waitForLoadState('networkidle');
      expect(problems.filter((p) => /Content Security Policy|Refused/.test(p))).toEqual([]);
      await page.context().close();
    },
  );

  it('logs in with the token, keeps the session out of script’s reach, shows the documents, and logs out', async () => {
    const { page, problems } = await open('/upload');
    // Signed out, only the login shows: no upload form, no logout, no document list.
    await page.waitForLoadState('networkidle');
    expect(await page.isVisible('#login')).toBe(true);
    expect(await page.isVisible('#upload')).toBe(false);
    expect(await page.isVisible('#logout')).toBe(false);
    expect(await page.isVisible('#status')).toBe(false);
    await page.fill('#token', TOKEN);
    await page.click('#login button[type=submit]');
    await page.waitForSelector('#upload:not([hidden])');
    await page.waitForSelector('#documents tr');
    expect(await page.isVisible('#login')).toBe(false);
    expect(await page.isVisible('#upload')).toBe(true);
    // A refused file is named once, with the Danish reason first.
    await page.setInputFiles('#files', {
      name: 'tom.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.alloc(0),
    });
    await page.click('#upload button[type=submit]');
    await page.waitForSelector('#message:has-text("Afvist")');
    const refused = await page.textContent('#message');
    expect(refused).toMatch(/Afvist: tom\.pdf: Filen er tom\./);
    expect(refused!.split('tom.pdf').length - 1).toBe(1);
    expect(await page.textContent('#documents')).toContain('vejbump.html');
    // The token field is emptied and no storage or script-visible cookie holds token or session.
    expect(await page.inputValue('#token')).toBe('');
    const visible = await page.evaluate(() => ({
      cookie: document.cookie,
      session: JSON.stringify({ ...sessionStorage }),
      local: JSON.stringify({ ...localStorage }),
    }));
    expect(visible.cookie).toBe('');
    expect(visible.session + visible.local).not.toContain(TOKEN);
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'protokol_session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
    });
    // A reload keeps the session (the cookie), without asking for the token again.
    await page.reload();
    await page.waitForSelector('#upload:not([hidden])');
    await page.click('#logout');
    await page.waitForSelector('#login:not([hidden])');
    expect((await page.context().cookies()).find((c) => c.name === 'protokol_session')).toBeUndefined();
    expect(problems.filter((p) => /Content Security Policy|Refused/.test(p))).toEqual([]);
    await page.context().close();
  });

  it('never runs an uploaded HTML file’s script on the site’s origin', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    const download = page.waitForEvent('download');
    // Opening the source link as a citizen would: it downloads; nothing renders here.
    await page.evaluate(
      (url) => {
        const a = document.createElement('a');
        a.href = url;
        document.body.append(a);
        a.click();
      },
      `/api/documents/${documentId(hostile)}/file`,
    );
    await download;
    await page.goto(`${base}/`);
    expect(await page.evaluate(() => localStorage.getItem('pwned'))).toBeNull();
    await context.close();
  });
});
