import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { localExtraction } from '../../shared/composition/local.ts';
import { extractText } from '../../shared/ingest/extract.ts';
import { documentId } from '../../shared/ingest/ingest.ts';
import { readStructure } from '../../shared/ingest/read-structure.ts';
import { type Command, configFrom, UsageError } from '../command.ts';

export const parseCommand: Command = {
  summary: 'show the structure of one file (no side effects)',
  usage: 'protokol parse FILE [--json] [--committee NAME] [--date YYYY-MM-DD]',
  help: `Reads one PDF, DOCX or HTML file and prints the meeting and agenda items it holds.
Nothing is stored. Pages with no text layer are OCR'ed (PROTOKOL_OCR=off turns that off).

Options:
  --json              print the parse contract as JSON
  --committee NAME    the committee, where the file does not say
  --date YYYY-MM-DD   the meeting date, where the file does not say`,
  options: { json: { type: 'boolean' }, committee: { type: 'string' }, date: { type: 'string' } },
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
      const parsed = await readStructure(
        text,
        {
          name,
          sha256: documentId(bytes),
          pages: text.pages.length,
          ocrPages: text.pages.filter((p) => p.ocr).length,
        },
        {
          ...(typeof values.committee === 'string' ? { committee: values.committee } : {}),
          ...(typeof values.date === 'string' ? { date: values.date } : {}),
        },
        extraction,
      );
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
      for (const w of parsed.warnings) console.log(`\nNB: ${w}`);
      return 0;
    } finally {
      await extraction.reader?.close();
    }
  },
};
