import { coverageOf } from '../../shared/api/coverage.ts';
import { createLocalHome } from '../../shared/composition/local.ts';
import { allRecords } from '../../shared/ports/document-store.port.ts';
import { type Command, configFrom } from '../command.ts';

export const reportCommand: Command = {
  summary: 'coverage: meetings per year per committee, gaps, failed documents',
  usage: 'protokol report [--committee NAME] [--json]',
  help: `Shows, for each committee, how many meetings the archive holds per year, the years with
none between its first and last meeting, and its documents that failed or wait for OCR;
then every failed document whose committee is unknown.

Options:
  --committee NAME   only this committee
  --json             print the report as JSON`,
  options: { committee: { type: 'string' }, json: { type: 'boolean' } },
  async run(_positionals, values) {
    const home = createLocalHome(configFrom(values, { ocr: false }));
    try {
      const { index, store } = home.archive;
      const names =
        typeof values.committee === 'string'
          ? [values.committee]
          : (await index.committees()).map((c) => c.name);
      const reports = await Promise.all(names.map((n) => coverageOf(n, index, store)));
      const unplaced = [];
      for await (const r of allRecords(store, { status: ['failed'] }))
        if (!r.metadata.committee && !r.meetingId) unplaced.push(r);
      if (values.json) {
        console.log(
          JSON.stringify(
            {
              committees: reports,
              failedWithoutCommittee: unplaced.map((r) => ({ id: r.id, name: r.name, reason: r.reason })),
            },
            null,
            2,
          ),
        );
        return 0;
      }
      for (const r of reports) {
        console.log(`\n${r.committee}`);
        console.log(`  ${r.years.map((y) => `${y.year}: ${y.meetings}`).join(' · ') || 'no meetings'}`);
        if (r.yearsWithNone.length) console.log(`  years with no meeting: ${r.yearsWithNone.join(', ')}`);
        for (const f of r.failed) console.log(`  failed: ${f.name}: ${f.reason}`);
        for (const w of r.waitingForOcr) console.log(`  waiting: ${w.name}`);
      }
      if (unplaced.length) {
        console.log('\nFailed, committee unknown:');
        for (const f of unplaced) console.log(`  ${f.name}: ${f.reason}`);
      }
      return 0;
    } finally {
      await home.close();
    }
  },
};
