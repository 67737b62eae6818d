import { createLocalHome } from '../../shared/composition/local.ts';
import { type Command, configFrom } from '../main.ts';

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
      const records = await home.archive.store.listRecords();
      if (values.json) {
        console.log(JSON.stringify(records, null, 2));
        return 0;
      }
      for (const r of records) {
        const detail =
          r.status === 'failed'
            ? r.reason
            : `${r.kind ?? ''} ${r.meetingId ?? ''}${r.pages ? ` (${r.pages} p.)` : ''}`;
        console.log(`${r.status.padEnd(10)} ${r.name}  ${detail}`);
        for (const warning of r.warnings ?? []) console.log(`           NB: ${warning}`);
      }
      const failed = records.filter((r) => r.status === 'failed').length;
      console.log(`\n${records.length} documents, ${failed} failed`);
      return 0;
    } finally {
      await home.close();
    }
  },
};
