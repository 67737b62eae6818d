import { PDFDocument, PDFName, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireInflatedWithin } from '../../shared/adapters/extract/docx-text-extractor.ts';
import { SandboxedDocumentReader } from '../../shared/adapters/extract/sandbox/sandboxed-document-reader.ts';
import { FsDocumentStore } from '../../shared/adapters/fs/fs-document-store.ts';
import { SqliteAgendaIndex } from '../../shared/adapters/sqlite/sqlite-agenda-index.ts';
import { SqliteMeetingStore } from '../../shared/adapters/sqlite/sqlite-meeting-store.ts';
import { createLocalHome, localUploads, MAX_ATTEMPTS } from '../../shared/composition/local.ts';
import { readLocalConfig } from '../../shared/config.ts';
import { DocumentRejectedError } from '../../shared/domain/errors.ts';
import type { SourceDocument } from '../../shared/domain/model.ts';
import { Archive, documentId } from '../../shared/ingest/ingest.ts';
import { fixture, tempDir } from '../support/fixtures.ts';
import { docxBomb, hugeHtml } from './hostile-files.ts';

const CRASHING_READER = new URL('./crashing-reader.ts', import.meta.url);
const MINUTES = 'minutes/moede-2023-10-04-sundhedsdirektoerkredsen.pdf';

/** A real local archive whose documents are read by `reader`. */
async function archiveReadBy(reader: SandboxedDocumentReader): Promise<Archive> {
  const dir = await tempDir();
  return new Archive({
    store: new FsDocumentStore(dir),
    meetings: new SqliteMeetingStore(dir),
    index: new SqliteAgendaIndex(':memory:'),
    extraction: { extractors: [], reader },
  });
}

/** A PDF of `pages` pages, each with a numbered item in bold and a few lines of text. */
async function longPdf(pages: number): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const first = pdf.addPage([595, 842]);
  first.drawText('Referat af møde i Økonomiudvalget', { x: 60, y: 780, size: 18, font: bold });
  first.drawText('Mødedato: 3. marts 2024 kl. 16.00', { x: 60, y: 750, size: 11, font: regular });
  for (let n = 1; n <= pages; n++) {
    const page = n === 1 ? first : pdf.addPage([595, 842]);
    page.drawText(`${n}. Sag nummer ${n} om budget og plan`, { x: 60, y: 700, size: 13, font: bold });
    page.drawText('Beslutning', { x: 60, y: 670, size: 11, font: bold });
    for (let line = 0; line < 8; line++)
      page.drawText(`Udvalget godkendte indstillingen for sag ${n}, linje ${line + 1}.`, {
        x: 60,
        y: 650 - line * 14,
        size: 10,
        font: regular,
      });
  }
  return pdf.save();
}

/**
 * A PDF of 2,000 pages of 150 lines each, every page drawing the one content stream of the first:
 * text enough to take a reader seconds, made in a moment.
 */
async function slowPdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const first = pdf.addPage([595, 842]);
  for (let line = 0; line < 150; line++)
    first.drawText(`Linje ${line + 1} af sagsfremstillingen om budget og plan.`, {
      x: 40,
      y: 820 - line * 5,
      size: 4,
      font,
    });
  for (let n = 2; n <= 2000; n++) {
    const page = pdf.addPage([595, 842]);
    page.node.set(PDFName.of('Contents'), first.node.get(PDFName.of('Contents'))!);
    page.node.set(PDFName.of('Resources'), first.node.get(PDFName.of('Resources'))!);
  }
  return pdf.save();
}

describe('the reader sandbox', () => {
  const reader = new SandboxedDocumentReader({ ocr: false, size: 2 });
  let thousandPages: Uint8Array;

  beforeAll(async () => {
    thousandPages = await longPdf(1000);
  });
  afterAll(() => reader.close());

  it('fails a DOCX zip bomb at once with a reason, before mammoth unpacks it', async () => {
    // Prepare: 300 MB of document.xml in a file of a few MB.
    const bomb = await docxBomb(300);
    expect(bomb.length).toBeLessThan(5 * 1024 * 1024);
    const archive = await archiveReadBy(reader);
    // Act
    const outcome = await archive.ingest({ name: 'dagsorden.docx', bytes: bomb });
    // Assess
    expect(outcome).toMatchObject({ status: 'failed', code: 'TOO_LARGE' });
    expect(outcome.reason).toBe('dagsorden.docx: the Word file unpacks to more than 64 MB');
    const record = await archive.store.getRecord(outcome.id);
    expect(record).toMatchObject({ status: 'failed', errorCode: 'TOO_LARGE', attempts: 1 });
  });

  it('inflates for real a bomb whose directory declares small sizes, and stops at the limit', async () => {
    const bomb = await docxBomb(100, { lie: true });
    expect(() => requireInflatedWithin(bomb, 'lying.docx', 64 * 1024 * 1024)).toThrow(
      'lying.docx: the Word file unpacks to more than 64 MB',
    );
    // The real document, unpacked the same way, is well within.
    expect(() =>
      requireInflatedWithin(
        fixture('minutes/dagsorden-2022-02-07-forretningsudvalg.docx'),
        'ok.docx',
        1024 * 1024,
      ),
    ).not.toThrow();
  });

  it('refuses an HTML file with more markup than a reader holds, naming the file', async () => {
    await expect(reader.extract(hugeHtml(50), 'side.html')).rejects.toThrow(
      /^side\.html: the HTML file holds 50 MB of markup, more than the 8 MB read$/,
    );
  });

  it('reads a 1,000-page PDF within its limits, and refuses one past the page limit', async () => {
    const archive = await archiveReadBy(reader);
    const outcome = await archive.ingest({ name: 'lang.pdf', bytes: thousandPages });
    expect(outcome).toMatchObject({ status: 'indexed', pages: 1000 });
    const meeting = await archive.index.getMeeting(outcome.meetingId!);
    // Every page's item is there (the parser's own reading of them is tested elsewhere).
    expect(meeting?.items.length).toBeGreaterThan(990);
    expect(meeting?.items[998]).toMatchObject({ number: 999, title: 'Sag nummer 999 om budget og plan' });
    // This process never loaded pdf.js: the reading happened in a reader.
    expect((globalThis as { pdfjsWorker?: unknown }).pdfjsWorker).toBeUndefined();

    const strict = new SandboxedDocumentReader({ ocr: false, size: 1, limits: { maxPages: 500 } });
    try {
      await expect(strict.extract(thousandPages, 'lang.pdf')).rejects.toThrow(
        'lang.pdf: the PDF has 1,000 pages, more than the 500 pages read',
      );
    } finally {
      await strict.close();
    }
  });

  it('stops a document past the time limit, and the reader after it still works', async () => {
    const hasty = new SandboxedDocumentReader({ ocr: false, size: 1, timeoutSeconds: 1 });
    try {
      const failed = await hasty.extract(await slowPdf(), 'lang.pdf').catch((error: Error) => error);
      expect(failed).toBeInstanceOf(DocumentRejectedError);
      expect(failed).toMatchObject({
        code: 'TIMED_OUT',
        message: 'lang.pdf: reading it took longer than 1 s, the time limit of a document',
      });
      const text = await hasty.extract(
        fixture('minutes/moede-2023-10-04-sundhedsdirektoerkredsen.html'),
        'm.html',
      );
      expect(text.pages[0]!.lines.length).toBeGreaterThan(10);
    } finally {
      await hasty.close();
    }
  });

  it('fails a document that takes a reader past its memory, alone: the next one goes through', async () => {
    // A reader with a small heap, and a page whose document tree needs more than that.
    const small = new SandboxedDocumentReader({
      ocr: false,
      size: 1,
      heapMb: 64,
      rssMb: 4096,
      limits: { maxHtmlBytes: 64 * 1024 * 1024 },
    });
    const archive = await archiveReadBy(small);
    try {
      const [hostile, fine] = await Promise.all([
        archive.ingest({ name: 'tung.html', bytes: hugeHtml(24) }),
        archive.ingest({ name: 'moede.pdf', bytes: fixture(MINUTES) }),
      ]);
      expect(hostile).toMatchObject({
        status: 'failed',
        code: 'TOO_LARGE',
        reason: 'tung.html: reading it needs more than 64 MB of memory, the limit of a reader',
      });
      expect(fine).toMatchObject({ status: 'indexed', meetingId: 'sundhedsdirektoerkredsen-2023-10-04' });
    } finally {
      await small.close();
    }
  });

  it('tries a document that crashed its reader once more, then fails it; the others go through', async () => {
    const crashing = new SandboxedDocumentReader({ ocr: false, size: 1, entry: CRASHING_READER });
    const archive = await archiveReadBy(crashing);
    try {
      const crashed = await archive.ingest({ name: 'crash-referat.pdf', bytes: fixture(MINUTES) });
      expect(crashed).toMatchObject({ status: 'failed', code: 'READER_CRASHED' });
      expect(crashed.reason).toBe(
        'crash-referat.pdf: reading it crashed the reader 2 times (signal SIGSEGV); it is not tried again',
      );
      const next = await archive.ingest({
        name: 'referat.html',
        bytes: fixture('minutes/moede-2023-10-04-sundhedsdirektoerkredsen.html'),
      });
      expect(next.status).toBe('indexed');
    } finally {
      await crashing.close();
    }
  });
});

describe('a document that stopped the whole process', () => {
  it('is queued again once at start, and failed, not queued, the time after', async () => {
    // Prepare: two records left "extracting" by a server that died while reading them.
    const dataDir = await tempDir();
    const home = createLocalHome(readLocalConfig({}, { dataDir, ocr: false, readers: 1 }));
    const bytes = fixture(MINUTES);
    const id = documentId(bytes);
    await home.archive.store.putOriginal(id, bytes);
    const stuck = (attempts: number, docId: string): SourceDocument => ({
      id: docId,
      name: `stuck-${attempts}.pdf`,
      mediaType: null,
      size: bytes.length,
      status: 'extracting',
      reason: null,
      errorCode: null,
      pages: null,
      ocrPages: null,
      kind: null,
      meetingId: null,
      linkedItem: null,
      metadata: {},
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
      attempts,
    });
    const crashLooper = 'f'.repeat(64);
    await home.archive.store.putRecord(stuck(1, id));
    await home.archive.store.putRecord(stuck(MAX_ATTEMPTS, crashLooper));
    try {
      // Act: the server starts again.
      const uploads = await localUploads(home);
      await uploads.queue.idle();
      // Assess: the one tried once is tried again (and counts it); the one tried twice is failed.
      expect(await home.archive.store.getRecord(id)).toMatchObject({ status: 'indexed', attempts: 2 });
      expect(await home.archive.store.getRecord(crashLooper)).toMatchObject({
        status: 'failed',
        errorCode: 'READER_CRASHED',
        reason:
          'stuck-2.pdf: processing stopped part-way 2 times (the server stopped while reading it); it is not tried again',
      });
    } finally {
      await home.close();
    }
  });
});
