import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfTextExtractor } from '../../shared/adapters/extract/pdf-text-extractor.ts';
import { SqliteAgendaIndex } from '../../shared/adapters/sqlite/sqlite-agenda-index.ts';
import { createLocalHome, type LocalHome } from '../../shared/composition/local.ts';
import { localApp } from '../../shared/composition/local-server.ts';
import { readLocalConfig } from '../../shared/config.ts';
import type { SourceDocument } from '../../shared/domain/model.ts';
import { documentId } from '../../shared/ingest/ingest.ts';
import type { SearchResult } from '../../shared/ports/agenda-index.port.ts';
import { protokol } from '../support/cli.ts';
import { fixture, tempDir } from '../support/fixtures.ts';

// Bilag inside a PDF, through the whole local app as a secretariat uploads and a citizen searches:
// a samlet referat with its bilag appended after the minutes (test/fixtures/samlet, built by
// make-samlet.ts), a referat with its bilag embedded as file attachments, and one carrying
// hostile embedded files.

const TOKEN = 'sekretariatets-nøgle';
const secretariat = { authorization: `Bearer ${TOKEN}` };
const SAMLET = 'samlet/samlet-referat-teknik-2025-03-10.pdf';
const EMBEDDED = 'samlet/referat-med-vedhaeftede-bilag.pdf';
const HOSTILE = 'samlet/referat-med-fjendtligt-bilag.pdf';

describe('bilag inside a PDF', () => {
  let home: LocalHome;
  let app: Hono;
  const search = async (q: string): Promise<SearchResult> =>
    (await app.request(`/api/search?q=${encodeURIComponent(q)}`)).json();
  const record = async (id: string): Promise<SourceDocument> =>
    (await app.request(`/api/documents/${id}`, { headers: secretariat })).json();
  const children = async (parent: string) =>
    (await home.archive.store.listRecords()).filter((r) => r.derivedFrom?.documentId === parent);
  const pagesOf = async (bytes: Uint8Array) =>
    (await new PdfTextExtractor().extract(bytes, 'copy.pdf')).pages.map((p) =>
      p.lines.map((l) => l.text).join(' '),
    );

  beforeAll(async () => {
    home = createLocalHome(
      readLocalConfig({}, { dataDir: await tempDir(), ocr: false, uploadToken: TOKEN, publicBaseUrl: null }),
    );
    app = await localApp(home);
    for (const path of [SAMLET, EMBEDDED, HOSTILE]) {
      const outcome = await home.archive.ingest({ name: path.split('/').pop()!, bytes: fixture(path) });
      expect(outcome.status, `${path}: ${outcome.reason}`).toBe('indexed');
    }
  }, 120_000);
  afterAll(() => home?.close());

  describe('a samlet referat with its bilag appended after the minutes', () => {
    const samlet = documentId(fixture(SAMLET));

    it("finds an appended bilag's text under the item that lists it, opening the referat on the bilag's page", async () => {
      const { hits } = await search('asfaltslidlag');
      expect(hits).toHaveLength(1);
      expect(hits[0]).toMatchObject({
        number: 2,
        title: 'Budgetopfølgning for vejområdet',
        bilag: { name: 'Budgetnotat for vejområdet.pdf' },
        documentId: samlet,
        page: 6,
      });
    });

    it('links a bilag whose cover names its item ("Bilag til punkt 4") to that item', async () => {
      const { hits } = await search('sandfodring');
      expect(hits.map((h) => [h.number, h.page])).toEqual([[4, 9]]);
      expect(hits[0]!.bilag?.name).toMatch(/Høringssvar fra Grundejerforeningen/);
    });

    it("keeps the bilag's text out of the last item's decision and sections", async () => {
      const meeting = await (await app.request('/api/meetings/teknik-og-miljoeudvalget-2025-03-10')).json();
      expect(meeting.items.map((i: { number: number }) => i.number)).toEqual([1, 2, 3, 4]);
      const last = meeting.items[3];
      expect(last.decision).toBe('Indstillingen blev godkendt.');
      expect(JSON.stringify(last.sections)).not.toMatch(/sandfodring|Saltspredning|asfaltslidlag/i);
      // The item shows the bilag among its bilag, and the bilag can be opened.
      const budget = meeting.items[1].attachments[0];
      expect(budget).toMatchObject({ name: 'Budgetnotat for vejområdet' });
      const file = await app.request(`/api/documents/${budget.documentId}/file`);
      expect(file.status).toBe(200);
      const pages = await pagesOf(new Uint8Array(await file.arrayBuffer()));
      expect(pages).toHaveLength(2);
      expect(pages[0]).toContain('asfaltslidlag');
      expect(pages.join(' ')).not.toContain('010190-1234');
    });

    it("never indexes the text of a closed item's appended bilag, and withholds it from the public", async () => {
      expect((await search('prisoverslag')).total).toBe(0);
      const closed = (await children(samlet)).find((c) => c.derivedFrom?.itemNumber === '3')!;
      expect(closed.linkedItem).toEqual({ meetingId: 'teknik-og-miljoeudvalget-2025-03-10', number: '3' });
      expect((await app.request(`/api/documents/${closed.id}/file`)).status).toBe(451);
      expect((await app.request(`/api/documents/${closed.id}/file`, { headers: secretariat })).status).toBe(
        200,
      );
    });

    it("blanks the closed item's appended bilag in the public copy of the referat, and keeps the others", async () => {
      const res = await app.request(`/api/documents/${samlet}/file`);
      expect(res.status).toBe(200);
      const pages = await pagesOf(new Uint8Array(await res.arrayBuffer()));
      expect(pages).toHaveLength(10);
      expect(pages[3]).toMatch(/udeladt.*lukket punkt/);
      expect(pages[7]).toMatch(/udeladt.*lukket punkt/);
      expect(pages.join(' ')).not.toMatch(/prisoverslag/i);
      expect(pages[5]).toContain('asfaltslidlag');
      expect(pages[8]).toContain('sandfodring');
    });

    it('masks a CPR number in an appended bilag: not searchable, its page blanked in both public copies', async () => {
      expect((await search('"010190-1234"')).total).toBe(0);
      const [hit] = (await search('hullerne')).hits;
      expect(hit?.snippet).toContain('010190-XXXX');
      const referat = await pagesOf(
        new Uint8Array(await (await app.request(`/api/documents/${samlet}/file`)).arrayBuffer()),
      );
      expect(referat[6]).toMatch(/udeladt.*CPR-nummer/);
      const bilag = await pagesOf(
        new Uint8Array(
          await (await app.request(`/api/documents/${hit!.bilag!.documentId}/file`)).arrayBuffer(),
        ),
      );
      expect(bilag[0]).toContain('asfaltslidlag');
      expect(bilag[1]).toMatch(/udeladt.*CPR-nummer/);
    });

    it('keeps the split through a rebuild of the index from the stored text', async () => {
      const target = new SqliteAgendaIndex(':memory:');
      await home.archive.reindexInto(target, { swap: async () => {} });
      const q = { committees: [], kinds: [], section: 'all' as const, sort: 'relevance' as const, limit: 5 };
      const { hits } = await target.search({ ...q, text: 'asfaltslidlag' });
      expect(hits.map((h) => [h.number, h.documentId, h.page])).toEqual([[2, samlet, 6]]);
      expect((await target.search({ ...q, text: 'prisoverslag' })).total).toBe(0);
      const meeting = await target.getMeeting('teknik-og-miljoeudvalget-2025-03-10');
      expect(meeting?.items[3]?.sections.map((x) => x.text).join(' ')).not.toMatch(/sandfodring/);
    });

    it('keeps a bilag no item lists searchable, and says so in the referat’s warnings', async () => {
      const { hits } = await search('saltspredning');
      expect(hits).toHaveLength(1);
      expect((await record(samlet)).warnings?.join(' ')).toMatch(
        /pages 10–10 are a bilag appended after the minutes \("Notat om glatførebekæmpelse"\) that no item lists/,
      );
    });
  });

  describe('a referat with its bilag embedded as file attachments', () => {
    const parent = documentId(fixture(EMBEDDED));

    it('finds an embedded PDF and an embedded HTML page under the items that list them, and serves them', async () => {
      const pdf = (await search('rundkørselsulykker')).hits;
      expect(pdf.map((h) => [h.number, h.bilag?.name])).toEqual([[1, 'Trafiktælling Ringvejen.pdf']]);
      const html = (await search('byhaver')).hits;
      expect(html.map((h) => [h.number, h.bilag?.name])).toEqual([[2, 'Referat fra borgermøde.html']]);
      const file = await app.request(`/api/documents/${pdf[0]!.bilag!.documentId}/file`);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe('application/pdf');
    });

    it('finds a file attached to a page as an annotation (a paperclip) under the item that lists it', async () => {
      const { hits } = await search('Solsikkekvarteret');
      expect(hits.map((h) => [h.number, h.bilag?.name])).toEqual([[2, 'Deltagerliste borgermøde.pdf']]);
    });

    it('keeps an embedded file no item lists searchable on its own, with a warning on the referat', async () => {
      expect((await search('parkeringsnormer')).total).toBe(1);
      expect((await record(parent)).warnings).toContain(
        'the embedded file "Ekstra orientering.pdf" is listed by no item: indexed as a document of its own',
      );
    });
  });

  describe('a referat carrying hostile embedded files', () => {
    const parent = documentId(fixture(HOSTILE));

    it('indexes the minutes and fails each hostile file alone, with its reason', async () => {
      expect((await search('overskud')).hits.map((h) => h.number)).toEqual([1]);
      const warnings = (await record(parent)).warnings?.join('\n') ?? '';
      expect(warnings).toMatch(
        /"Regnskab 2024\.docx" failed: Regnskab 2024\.docx: the Word file unpacks to more than 64 MB/,
      );
      expect(warnings).toMatch(/"Nøgletal\.pdf" was not read: .*unpacks to more than 64 MB/);
      const docx = (await children(parent)).find((c) => c.name === 'Regnskab 2024.docx');
      expect(docx).toMatchObject({ status: 'failed', errorCode: 'TOO_LARGE' });
    });
  });

  it('takes the bilag split out of a referat down with it', async () => {
    const parent = documentId(fixture(EMBEDDED));
    const split = await children(parent);
    expect(split).toHaveLength(4);
    expect(await home.archive.remove(parent)).toBe(true);
    for (const child of split) expect(await home.archive.store.getRecord(child.id)).toBeNull();
    expect((await search('rundkørselsulykker')).total).toBe(0);
    expect((await search('parkeringsnormer')).total).toBe(0);
  });
});

describe('protokol parse on a samlet referat', () => {
  it('--explain says where the minutes end and each appended bilag begins, and why', () => {
    const { code, stdout } = protokol(['parse', `test/fixtures/${SAMLET}`, '--explain']);
    expect(code).toBe(0);
    expect(stdout).toContain('The minutes end on page 5.');
    expect(stdout).toMatch(
      /Pages 6–7: bilag "Budgetnotat for vejområdet" of item 2, because its first lines name "Budgetnotat for vejområdet", listed under item 2; the minutes' running header or footer stops; the page numbering starts again at 1/,
    );
    expect(stdout).toMatch(/Page 9: bilag .* of item 4, because .*"Bilag til punkt 4" names item 4/);
    expect(stdout).toMatch(
      /Page 10: bilag "Notat om glatførebekæmpelse" of the meeting \(no item lists it\)/,
    );
  });

  it('--json gives the items as before and the split beside them', () => {
    const { code, stdout } = protokol(['parse', `test/fixtures/${SAMLET}`, '--json']);
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout);
    expect(parsed.items.map((i: { attachments: unknown[] }) => i.attachments.length)).toEqual([0, 1, 1, 1]);
    expect(
      parsed.appendedBilag.map((b: { itemNumber: string | null; firstPage: number; lastPage: number }) => [
        b.itemNumber,
        b.firstPage,
        b.lastPage,
      ]),
    ).toEqual([
      ['2', 6, 7],
      ['3', 8, 8],
      ['4', 9, 9],
      [null, 10, 10],
    ]);
  });
});
