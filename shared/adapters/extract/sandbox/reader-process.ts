import { extractText } from '../../../ingest/extract.ts';
import { readStructure } from '../../../ingest/read-structure.ts';
import type { PdfOcr } from '../../../ports/text-extractor.port.ts';
import { inProcessExtractors } from '../in-process.ts';
import type { ReaderError, ReaderReply, ReaderRequest, ReadReply } from './reader-protocol.ts';

// A reader: a child process of the reader pool that reads one document at a time, with the
// extractors and OCR of the local home, in process. Its heap limit and the pool's watch on its
// memory and time are the sandbox; whatever a document does here takes down only this process.

let ocr: PdfOcr | null = null;

async function ocrEngine(maxPixels: number): Promise<PdfOcr> {
  // Loaded on the first scan: canvas and tesseract cost a reader nothing until then.
  if (!ocr) {
    const { InlinePdfOcr } = await import('../../ocr/inline-pdf-ocr.ts');
    ocr = new InlinePdfOcr({ maxPixels });
  }
  return ocr;
}

const send = (reply: ReaderReply) => process.send?.(reply);

process.on('message', async ({ id, task }: ReaderRequest) => {
  try {
    if (task.op === 'extract') {
      const { limits } = task;
      const text = await extractText(task.bytes, task.name, {
        // Each extractor's module (pdf.js, the Word and HTML readers) loads with the first file
        // of its type: a reader of PDFs holds no HTML parser, one of HTML pages no pdf.js.
        extractors: inProcessExtractors(limits),
        limits,
        ...(task.ocr ? { ocr: lazyOcr(limits.maxOcrPixels) } : {}),
        onOcr: (pages) => {
          send({ id, type: 'ocr', pages });
        },
      });
      if (!task.structure) send({ id, type: 'done', value: text });
      else {
        // Parsed here, so the text crosses to the pool once, not there and back again.
        const source = {
          name: task.name,
          sha256: task.structure.sha256,
          pages: text.pages.length,
          ocrPages: text.pages.filter((p) => p.ocr).length,
        };
        const structure = await readStructure(text, source, task.structure.hints).then(
          (parsed) => ({ parsed }),
          (error: unknown) => ({ error: readerError(error) }),
        );
        send({ id, type: 'done', value: { text, structure } satisfies ReadReply });
      }
    } else if (task.op === 'split') {
      const { splitPdf } = await import('../pdf-parts.ts');
      send({ id, type: 'done', value: await splitPdf(task.bytes, task.name, task.pages) });
    } else {
      send({ id, type: 'done', value: await readStructure(task.text, task.source, task.hints) });
    }
  } catch (error) {
    send({ id, type: 'error', error: readerError(error) });
  }
});

function readerError(error: unknown): ReaderError {
  const err = error as { name?: string; code?: string; message?: string };
  return {
    name: err.name ?? 'Error',
    message: err.message ?? String(error),
    ...(err.code ? { code: err.code } : {}),
  };
}

/** OCR whose engine loads only when a page needs it. */
function lazyOcr(maxPixels: number): PdfOcr {
  return {
    engine: 'tesseract.js',
    async ocrPages(pdf, pages) {
      return (await ocrEngine(maxPixels)).ocrPages(pdf, pages);
    },
  };
}

// The pool went away (its process exited, even by kill -9): a reader has no one left to answer.
process.on('disconnect', () => process.exit(0));
