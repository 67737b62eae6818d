import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { localExtraction } from '../../shared/composition/local.ts';
import type { ParsedDocument } from '../../shared/domain/model.ts';
import { extractText } from '../../shared/ingest/extract.ts';
import { documentId } from '../../shared/ingest/ingest.ts';
import { readStructure } from '../../shared/ingest/read-structure.ts';
import { explainWithAppendedBilag } from '../../shared/parse/appended-bilag.ts';
import { type Command, configFrom, UsageError } from '../command.ts';

export const parseCommand: Command = {
  summary: 'show the structure of one file (no side effects)',
  usage: 'protokol parse FILE [--json] [--explain] [--committee NAME] [--date YYYY-MM-DD]',
  help: `Reads one PDF, DOCX or HTML file and prints the meeting and agenda items it holds.
Nothing is stored. Pages with no text layer are OCR'ed (PROTOKOL_OCR=off turns that off).

Options:
  --json              print the parse contract as JSON (bilag appended after the minutes
                      in "appendedBilag": name, item, pages, evidence)
  --explain           for every line, what it was read as and why (running header, table of
                      contents, meeting header field, item heading, section heading, body,
                      closed …), and where the minutes end and each bilag appended
                      after them begins, and why; with --json, { parsed, lines } as JSON
  --committee NAME    the committee, where the file does not say
  --date YYYY-MM-DD   the meeting date, where the file does not say`,
  options: {
    json: { type: 'boolean' },
    explain: { type: 'boolean' },
    committee: { type: 'string' },
    date: { type: 'string' },
  },
  async run(positionals, values) {
    const [file, ...extra] = positionals;
    if (!file || extra.length) throw new UsageError('give exactly one FILE');
    const config = configFrom(values);
    const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
      throw new Error(`${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
    });
    const extraction = localExtraction({ ...config, readers: 1 });
    try {
      const name = basename(file);
      const text = await extractText(bytes, name, extraction);
      const source = {
        name,
        sha256: documentId(bytes),
        pages: text.pages.length,
        ocrPages: text.pages.filter((p) => p.ocr).length,
      };
      const hints = {
        ...(typeof values.committee === 'string' ? { committee: values.committee } : {}),
        ...(typeof values.date === 'string' ? { date: values.date } : {}),
      };
      if (values.explain) {
        const explained = explainWithAppendedBilag(text, source, hints);
        if (values.json) {
          console.log(JSON.stringify(explained, null, 2));
          return 0;
        }
        const width = Math.max(...explained.lines.map((l) => l.role.length));
        for (const l of explained.lines) {
          const shown = l.text.length > 70 ? `${l.text.slice(0, 69)}…` : l.text;
          console.log(
            `p${String(l.page).padEnd(3)} ${l.role.padEnd(width)} | ${shown.padEnd(70)} | ${l.why}`,
          );
        }
        printSplit(explained.parsed, explained.minutesEnd);
        for (const w of explained.parsed.warnings) console.log(`NB: ${w}`);
        return 0;
      }
      const parsed = await readStructure(text, source, hints, extraction);
      if (values.json) {
        console.log(JSON.stringify(parsed, null, 2));
        return 0;
      }
      console.log(
        `${parsed.committee ?? '(ukendt udvalg)'} · ${parsed.start ?? '(ukendt dato)'} · ${parsed.kind}`,
      );
      if (parsed.location) console.log(`Sted: ${parsed.location}`);
      if (parsed.participants.length) console.log(`Deltagere: ${parsed.participants.join(', ')}`);
      if (parsed.absent.length) console.log(`Afbud: ${parsed.absent.join(', ')}`);
      for (const item of parsed.items) {
        console.log(
          `\n${item.number ?? '–'}. ${item.title}${item.closed ? ' (lukket)' : ''}${item.caseNumber ? ` [${item.caseNumber}]` : ''}`,
        );
        if (item.decision)
          console.log(
            `   Beslutning: ${item.decision.slice(0, 160).replace(/\n/g, ' ')}${item.decision.length > 160 ? '…' : ''}`,
          );
        for (const a of item.attachments) console.log(`   Bilag: ${a.name}`);
      }
      for (const b of parsed.appendedBilag ?? [])
        console.log(
          `\nBilag, side ${b.firstPage}–${b.lastPage}: ${b.name} (${b.itemNumber ? `punkt ${b.itemNumber}` : 'intet punkt: mødets'})`,
        );
      for (const w of parsed.warnings) console.log(`\nNB: ${w}`);
      return 0;
    } finally {
      await extraction.reader?.close();
    }
  },
};

/** Where the minutes end and each appended bilag begins, and why. */
function printSplit(parsed: ParsedDocument, minutesEnd: number | null): void {
  if (minutesEnd === null) return;
  console.log(`\nThe minutes end on page ${minutesEnd}.`);
  for (const b of parsed.appendedBilag ?? [])
    console.log(
      `${b.firstPage === b.lastPage ? `Page ${b.firstPage}` : `Pages ${b.firstPage}–${b.lastPage}`}: bilag "${b.name}" of ${b.itemNumber ? `item ${b.itemNumber}` : 'the meeting (no item lists it)'}, because ${b.why.join('; ')}`,
    );
}
