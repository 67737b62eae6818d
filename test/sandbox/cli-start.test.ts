import { copyFileSync, mkdirSync, readFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { SUMMARIES } from '../../cli/main.ts';
import { SandboxedDocumentReader } from '../../shared/adapters/extract/sandbox/sandboxed-document-reader.ts';
import { PdfParseRasterizer } from '../../shared/adapters/ocr/pdf-rasterizer.ts';
import { modulesLoadedBy, protokol } from '../support/cli.ts';
import { fixtures, tempDir } from '../support/fixtures.ts';

const HEAVY =
  /node_modules\/(pdfjs-dist|pdf-parse|@napi-rs\/canvas|tesseract\.js|mammoth|@aws-sdk|@smithy|htmlparser2)\//;

describe('a command loads only what it uses', () => {
  it('--help, search and status load no pdf.js, canvas, OCR, Word reader or AWS SDK', async () => {
    const data = await tempDir();
    protokol([
      'ingest',
      join(fixtures, 'minutes', 'moede-2023-10-04-sundhedsdirektoerkredsen.pdf'),
      '--data',
      data,
    ]);
    for (const args of [['--help'], ['search', 'telemedicin', '--data', data], ['status', '--data', data]]) {
      const heavy = (await modulesLoadedBy(args)).loaded.filter((url) => HEAVY.test(url));
      expect(heavy, `protokol ${args[0]}`).toEqual([]);
    }
    // The parser is loaded only where something is parsed.
    expect(
      (await modulesLoadedBy(['search', 'x', '--data', data])).loaded.some((u) =>
        u.includes('parse-minutes'),
      ),
    ).toBe(false);
  });

  it('lists every command with the summary the command itself gives', async () => {
    const help = protokol(['--help']).stdout;
    for (const [name, summary] of Object.entries(SUMMARIES)) {
      expect(help).toContain(`${name.padEnd(8)} ${summary}`);
      expect(protokol([name, '--help']).code).toBe(0);
    }
    const modules = await Promise.all(
      ['parse', 'ingest', 'load', 'import', 'reindex', 'report', 'search', 'status', 'serve'].map(
        (name) => import(`../../cli/commands/${name}.ts`),
      ),
    );
    const own = modules
      .flatMap((m) => Object.values(m as Record<string, { summary?: string }>))
      .flatMap((c) => (c && typeof c === 'object' && typeof c.summary === 'string' ? [c.summary] : []));
    expect(new Set(Object.values(SUMMARIES))).toEqual(new Set(own));
  });
});

describe('load skips unchanged files by size, time and inode', () => {
  it('reads and hashes only the file that was touched', async () => {
    const dir = await tempDir();
    const data = await tempDir();
    mkdirSync(join(dir, 'a'));
    const first = join(dir, 'a', 'moede.html');
    const second = join(dir, 'a', 'punkt.pdf');
    copyFileSync(join(fixtures, 'minutes', 'moede-2023-10-04-sundhedsdirektoerkredsen.html'), first);
    copyFileSync(join(fixtures, 'minutes', 'punkt-de-nye-sundhedsklynger.pdf'), second);
    // Files written a while ago (a file modified in the last seconds is never vouched for).
    const old = new Date(Date.now() - 3600_000);
    for (const file of [first, second]) utimesSync(file, old, old);

    const initial = protokol(['load', dir, '--data', data]);
    expect(initial.stdout).toMatch(/2 indexed, 0 unchanged, 0 failed in .* · 2 files read/);
    const again = protokol(['load', dir, '--data', data]);
    expect(again.stdout).toMatch(/0 indexed, 2 unchanged, 0 failed in .* · 0 files read/);
    // Nothing to read: no reader is started, and neither the index, the pipeline nor pdf.js loads.
    const { loaded } = await modulesLoadedBy(['load', dir, '--data', data]);
    expect(
      loaded.filter(
        (url) => HEAVY.test(url) || /opensearch|reader-pool|sqlite-agenda-index|ingest\/ingest\.ts/.test(url),
      ),
    ).toEqual([]);

    // Touched: same bytes, a new time. It is read and hashed again, and still unchanged.
    const touched = new Date(Date.now() - 60_000);
    utimesSync(second, touched, touched);
    const afterTouch = protokol(['load', dir, '--data', data]);
    expect(afterTouch.stdout).toMatch(/0 indexed, 2 unchanged, 0 failed in .* · 1 files read/);
    expect(afterTouch.stdout).toMatch(/unchanged\s+\S*punkt\.pdf/);
  });
});

describe('a reader loads only what the document needs', () => {
  it.runIf(process.platform === 'linux')('reads a born-digital PDF without loading the canvas', async () => {
    const reader = new SandboxedDocumentReader({ ocr: false, size: 1 });
    try {
      const bytes = readFileSync(join(fixtures, 'minutes', 'moede-2023-10-04-sundhedsdirektoerkredsen.pdf'));
      const text = await reader.extract(bytes, 'moede.pdf');
      expect(text.pages[0]?.lines.some((line) => line.bold)).toBe(true);
      // The reader stays a while after its document, idle: what it mapped is still there to see.
      const [pid] = reader.pool.pids;
      const maps = readFileSync(`/proc/${pid}/maps`, 'utf8');
      expect(maps).not.toMatch(/napi-rs|skia/);
    } finally {
      await reader.close();
    }
  });
});

describe('OCR of a huge page', () => {
  it('renders a blank 4000×4000 pt page no larger than the pixel limit', async () => {
    const pdf = await PDFDocument.create();
    pdf.addPage([4000, 4000]);
    const [image] = await new PdfParseRasterizer(200, 4_000_000).render(await pdf.save(), [1]);
    // PNG: width and height are the first two fields of the IHDR chunk.
    const png = Buffer.from(image!.png);
    const pixels = png.readUInt32BE(16) * png.readUInt32BE(20);
    expect(pixels).toBeLessThanOrEqual(4_000_000);
    expect(pixels).toBeGreaterThan(3_500_000);
  });
});
