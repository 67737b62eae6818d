import { FIRSTAGENDA } from '../../firstagenda/answer.ts';
import type { ExtractionLimits } from '../../ingest/extract.ts';
import type { ExtractedText, TextExtractor } from '../../ports/text-extractor.port.ts';

/** An extractor whose module (pdf.js, mammoth, htmlparser2) loads on the first file it reads. */
function lazy(mediaTypes: readonly string[], load: () => Promise<TextExtractor>): TextExtractor {
  let extractor: Promise<TextExtractor> | null = null;
  return {
    mediaTypes,
    async extract(bytes: Uint8Array, name: string): Promise<ExtractedText> {
      extractor ??= load();
      return (await extractor).extract(bytes, name);
    },
  };
}

/**
 * The PDF, Word and HTML extractors, read in this process and loaded only when a file of their
 * type comes: a command that reads no document never loads them.
 */
export function inProcessExtractors(limits: Partial<ExtractionLimits> = {}): TextExtractor[] {
  return [
    lazy(
      ['application/pdf'],
      async () => new (await import('./pdf-text-extractor.ts')).PdfTextExtractor(limits),
    ),
    lazy(
      ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      async () => new (await import('./docx-text-extractor.ts')).DocxTextExtractor(limits),
    ),
    lazy(['text/html'], async () => new (await import('./html-text-extractor.ts')).HtmlTextExtractor(limits)),
    lazy([FIRSTAGENDA], async () => new (await import('./firstagenda-extractor.ts')).FirstAgendaExtractor()),
  ];
}
