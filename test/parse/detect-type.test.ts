import { describe, expect, it } from 'vitest';
import { localExtraction } from '../../shared/composition/local.ts';
import { detectType, PDF } from '../../shared/ingest/detect-type.ts';
import { extractText } from '../../shared/ingest/extract.ts';
import { parseMinutes } from '../../shared/parse/parse-minutes.ts';
import { fixture } from '../support/fixtures.ts';
import { source } from '../support/layout.ts';

describe('telling a readable PDF from one cut short', () => {
  it('reads a PDF padded with NUL bytes after %%EOF, as GetOrganized writes them', async () => {
    // Prepare: a real referat with 15 KB of NUL padding after its end-of-file marker.
    const original = fixture('realworld/edoc-ballerup-sfu-punkt3.pdf');
    const padded = new Uint8Array(original.length + 15_000);
    padded.set(original);
    // Act
    const type = detectType(padded, 'getorganized.pdf');
    const text = await extractText(padded, 'getorganized.pdf', localExtraction({ ocr: false }));
    // Assess
    expect(type).toBe(PDF);
    expect(parseMinutes(text, source).items[0]!.title).toBe(
      'Kvalitetsstandarder for stof- og alkoholbehandling 2012-2013',
    );
  });

  it('still refuses a PDF with no end-of-file marker at all, naming the file and the reason', () => {
    const original = fixture('realworld/edoc-ballerup-sfu-punkt3.pdf');
    const cut = original.subarray(0, Math.floor(original.length / 2));
    expect(() => detectType(cut, 'afbrudt.pdf')).toThrow(/afbrudt\.pdf: the PDF is cut short/);
  });
});
