import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { localExtraction } from '../../shared/composition/local.ts';
import type { ParsedDocument } from '../../shared/domain/model.ts';
import { extractText } from '../../shared/ingest/extract.ts';
import { documentId } from '../../shared/ingest/ingest.ts';
import { parseMinutes } from '../../shared/parse/parse-minutes.ts';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const fixtures = join(root, 'test', 'fixtures');

export function fixture(path: string): Uint8Array {
  return readFileSync(join(fixtures, path));
}

/** Extracts and parses a fixture the way `protokol parse` does. */
export async function parseFixture(path: string, options: { ocr?: boolean } = {}): Promise<ParsedDocument> {
  const bytes = fixture(path);
  const extraction = localExtraction({ ocr: options.ocr ?? false });
  try {
    const text = await extractText(bytes, basename(path), extraction);
    return parseMinutes(text, {
      name: basename(path),
      sha256: documentId(bytes),
      pages: text.pages.length,
      ocrPages: text.pages.filter((p) => p.ocr).length,
    });
  } finally {
    await extraction.reader?.close();
  }
}

export async function tempDir(prefix = 'protokol-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}
