import { createLocalHome } from '../../shared/composition/local.ts';
import { allRecords } from '../../shared/ports/document-store.port.ts';
import { type Command, configFrom } from '../command.ts';

export const statusCommand: Command = {
  summary: 'every document with its status and, for a failure, the reason',
  usage: 'protokol status [--json]',
  help: `Lists every document in the data folder: status (queued, extracting, ocr, parsing, indexed,
failed), pages, the meeting it belongs to, and why a failed one failed.

Options:
  --json   print the records as JSON`,
  options: { json: { type: 'boolean' } },
  async run(_positionals, values) {
    const home = createLocalHome(configFrom(values, { ocr: false }));
    try {
      if (values.json) {
        console.log(JSON.stringify(await home.archive.store.listRecords(), null, 2));
        return 0;
      }
      let count = 0;
      let failed = 0;
      // A page at a time: an archive of many thousand documents prints as it reads.
      for await (const r of allRecords(home.archive.store)) {
        count++;
        if (r.status === 'failed') failed++;
        const detail =
          r.status === 'failed'
            ? r.reason
            : `${r.kind ?? ''} ${r.meetingId ?? ''}${r.pages ? ` (${r.pages} p.)` : ''}`;
        console.log(`${r.status.padEnd(10)} ${r.name}  ${detail}`);
        for (const warning of r.warnings ?? []) console.log(`           NB: ${warning}`);
      }
      console.log(`\n${count} documents, ${failed} failed`);
      return 0;
    } finally {
      await home.close();
    }
  },
};
