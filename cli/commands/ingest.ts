import { readFile } from 'node:fs/promises';
import { createLocalHome } from '../../shared/composition/local.ts';
import type { UploadMetadata } from '../../shared/domain/model.ts';
import { type Archive, type IngestOutcome, unreadable } from '../../shared/ingest/ingest.ts';
import { type Command, configFrom, UsageError } from '../command.ts';
import { walkFiles } from '../files.ts';

export const ingestCommand: Command = {
  summary: 'take files and folders into the store and the index',
  usage: 'protokol ingest PATH... [--committee NAME] [--date YYYY-MM-DD] [--kind KIND]',
  help: `Takes every PDF, DOCX and HTML file under the given paths into the data folder and the
search index. Prints a line per file (indexed / unchanged / failed: reason) and a summary.
A file already taken in (same bytes) is left unchanged. One bad file fails alone.

Options:
  --committee NAME    committee for files that do not name one
  --date YYYY-MM-DD   meeting date for files that do not give one
  --kind KIND         referat, dagsorden, punkt or bilag

Exit code: 0 when every file succeeded, 2 when some failed, 1 on a usage error.`,
  options: { committee: { type: 'string' }, date: { type: 'string' }, kind: { type: 'string' } },
  async run(positionals, values) {
    if (!positionals.length) throw new UsageError('give at least one file or folder');
    const kind = values.kind as string | undefined;
    if (kind && !['referat', 'dagsorden', 'punkt', 'bilag'].includes(kind))
      throw new UsageError(`unknown --kind "${kind}"`);
    const home = createLocalHome(configFrom(values));
    const metadata = {
      ...(typeof values.committee === 'string' ? { committee: values.committee } : {}),
      ...(typeof values.date === 'string' ? { date: values.date } : {}),
      ...(kind ? { kind: kind as 'referat' } : {}),
    };
    try {
      const summary = await ingestPaths(home.archive, positionals, metadata, (o) =>
        console.log(formatOutcome(o)),
      );
      console.log(formatSummary(summary));
      return summary.failed > 0 ? 2 : 0;
    } finally {
      await home.close();
    }
  },
};

export interface IngestSummary {
  indexed: number;
  unchanged: number;
  failed: number;
  /** Waiting for an OCR job elsewhere; only where OCR is deferred (Textract). */
  ocr: number;
  pages: number;
  seconds: number;
}

/** Ingests every file under the paths, one at a time, reporting each outcome. */
export async function ingestPaths(
  archive: Archive,
  paths: string[],
  metadata: UploadMetadata,
  report: (o: IngestOutcome) => void,
): Promise<IngestSummary> {
  const started = performance.now();
  const summary: IngestSummary = { indexed: 0, unchanged: 0, failed: 0, ocr: 0, pages: 0, seconds: 0 };
  for await (const file of walkFiles(paths)) {
    let result: IngestOutcome;
    if (file.error) {
      result = unreadable(file.path, `${file.path}: ${file.error}`);
    } else {
      const bytes = await readFile(file.path);
      result = await archive.ingest({ name: file.name, bytes, metadata });
      result = { ...result, name: file.path };
    }
    summary[result.status]++;
    if (result.status === 'indexed') summary.pages += result.pages;
    report(result);
  }
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

export function formatOutcome(o: IngestOutcome): string {
  if (o.status === 'failed') return `failed     ${o.name}: ${o.reason}`;
  const what = o.kind === 'bilag' ? `bilag of ${o.meetingId}` : `${o.kind ?? ''} ${o.meetingId ?? ''}`.trim();
  return `${o.status.padEnd(10)} ${o.name} (${o.pages} p.${o.ocrPages ? `, ${o.ocrPages} OCR` : ''}) → ${what}`;
}

export function formatSummary(s: IngestSummary): string {
  const rate = s.seconds > 0 ? (s.pages / s.seconds).toFixed(1) : '0';
  return `\n${s.indexed} indexed, ${s.unchanged} unchanged, ${s.failed} failed · ${s.pages} pages in ${s.seconds.toFixed(1)} s (${rate} pages/s)`;
}
