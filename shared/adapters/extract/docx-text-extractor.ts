import mammoth from 'mammoth';
import { DocumentRejectedError } from '../../domain/errors.ts';
import type { ExtractedText, TextExtractor } from '../../ports/text-extractor.port.ts';
import { htmlToLines } from './html-text-extractor.ts';

/** Reads a Word document through mammoth's semantic HTML, so Word's headings and bold survive. */
export class DocxTextExtractor implements TextExtractor {
  readonly mediaTypes = ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'] as const;

  async extract(bytes: Uint8Array, name: string): Promise<ExtractedText> {
    let html: string;
    try {
      ({ value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) }));
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
