import { Unzip, UnzipInflate, unzipSync } from 'fflate';
import { DocumentRejectedError } from '../../domain/errors.ts';
import { DEFAULT_LIMITS } from '../../ingest/extract.ts';
import type { ExtractedText, TextExtractor } from '../../ports/text-extractor.port.ts';
import { withWordNumbers } from './docx-numbering.ts';
import { htmlToLines } from './html-text-extractor.ts';

/** The parts of a Word file mammoth reads: its XML. Images are never read (see below). */
const READ_PART = /\.(xml|rels)$/i;
/** Compressed bytes pushed to the inflater at once: each step inflates to at most ~16 MB. */
const SLICE = 16 * 1024;

/** Reads a Word document through mammoth's semantic HTML, so Word's headings and bold survive. */
export class DocxTextExtractor implements TextExtractor {
  readonly mediaTypes = ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'] as const;
  readonly #maxInflatedBytes: number;

  constructor(limits: { maxInflatedBytes?: number } = {}) {
    this.#maxInflatedBytes = limits.maxInflatedBytes ?? DEFAULT_LIMITS.maxInflatedBytes;
  }

  async extract(bytes: Uint8Array, name: string): Promise<ExtractedText> {
    // A zip bomb (a small file whose document.xml unpacks to hundreds of MB) fails here, in a
    // fraction of a second, before mammoth would hold it all in memory.
    requireInflatedWithin(bytes, name, this.#maxInflatedBytes);
    const { default: mammoth } = await import('mammoth');
    let html: string;
    try {
      ({ value: html } = await mammoth.convertToHtml(
        { buffer: Buffer.from(withWordNumbers(bytes, READ_PART)) },
        // Images carry no text; left unread, they cost no memory (mammoth would inline them as base64).
        { convertImage: mammoth.images.imgElement(async () => ({ src: '' })) },
      ));
    } catch (error) {
      throw new DocumentRejectedError(
        'CORRUPT_FILE',
        `${name}: the Word document cannot be read (${(error as Error).message})`,
        {
          cause: error,
        },
      );
    }
    return { mediaType: this.mediaTypes[0], pages: [{ number: 1, lines: htmlToLines(html) }] };
  }
}

/**
 * Fails a Word file whose XML parts unpack to more than `max` bytes: first by the sizes its
 * directory declares, then by inflating them for real (a bomb may declare small sizes), in small
 * steps and stopping at the limit, so the check itself never holds more than a few MB.
 */
export function requireInflatedWithin(bytes: Uint8Array, name: string, max: number): void {
  const tooLarge = () =>
    new DocumentRejectedError(
      'TOO_LARGE',
      `${name}: the Word file unpacks to more than ${Math.round(max / 1024 / 1024)} MB`,
    );
  let declared = 0;
  try {
    // The filter sees each entry of the central directory and, answering false, inflates none.
    unzipSync(bytes, {
      filter(file) {
        if (READ_PART.test(file.name)) declared += file.originalSize;
        return false;
      },
    });
  } catch (error) {
    throw new DocumentRejectedError(
      'CORRUPT_FILE',
      `${name}: the Word document cannot be read (${(error as Error).message})`,
      { cause: error },
    );
  }
  if (declared > max) throw tooLarge();
  let actual = 0;
  let over = false;
  const unzip = new Unzip((file) => {
    if (!READ_PART.test(file.name)) return;
    file.ondata = (error, chunk) => {
      if (error || over) return;
      actual += chunk.length;
      if (actual > max) {
        over = true;
        file.terminate();
      }
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let at = 0; at < bytes.length && !over; at += SLICE)
      unzip.push(bytes.subarray(at, at + SLICE), at + SLICE >= bytes.length);
  } catch (error) {
    if (!over)
      throw new DocumentRejectedError(
        'CORRUPT_FILE',
        `${name}: the Word document cannot be read (${(error as Error).message})`,
        { cause: error },
      );
  }
  if (over) throw tooLarge();
}
