import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { FsImportJournal } from '../../shared/adapters/fs/fs-import-journal.ts';
import { createLocalHome } from '../../shared/composition/local.ts';
import { type ImportRow, importPortal } from '../../shared/firstagenda/import-portal.ts';
import { authorityFromHost } from '../../shared/firstagenda/names.ts';
import { HttpFirstAgendaPortal } from '../../shared/firstagenda/portal-client.ts';
import { slug } from '../../shared/parse/normalize.ts';
import { type Command, configFrom, UsageError, type Values } from '../command.ts';
import { Progress } from '../progress.ts';

export const importCommand: Command = {
  summary: "take in a portal's meetings: import firstagenda BASE_URL",
  usage:
    'protokol import firstagenda BASE_URL [--since YYYY-MM-DD] [--committee NAME]... [--authority NAME] [--rate N] [--refresh] [--no-bilag] [--report FILE.csv]',
  help: `Walks a FirstAgenda Publication portal (such as https://dagsordener.greve.dk) through its
public API: the committee list, each meeting's answer (GET /api/agenda/dagsorden/{id}) and each
open item's bilag (GET /Vis/Pdf/bilag/{id}), into the data folder. Meetings already taken in and
unchanged on the portal are not fetched again; a meeting not yet held is fetched each run, as its
minutes will come. Politely: one request at a time, at most --rate a second, retries with
backoff on 429, 5xx and network errors. Stopped, even with kill -9, it goes on where it stopped
when run again (the journal is DATA/imports/<host>.json). A progress bar on a terminal, plain
lines otherwise, and a report (url, status, reason, meeting id) as CSV.

Options:
  --since YYYY-MM-DD  only meetings on or after this day
  --committee NAME    only this committee ("Byrådet" or the portal's "Byråd 2022-2025");
                      repeatable
  --authority NAME    the authority of every meeting (default: read from the host name,
                      dagsordener.greve.dk → "Greve Kommune")
  --rate N            requests per second at most (default 2)
  --refresh           fetch every meeting again, not only new and changed ones
  --no-bilag          leave the bilag files on the portal
  --report FILE.csv   where to write the report (default DATA/reports/import-<time>.csv)

Exit code: 0 when every file succeeded, 2 when some failed, 1 on a usage error.`,
  options: {
    since: { type: 'string' },
    committee: { type: 'string', multiple: true },
    authority: { type: 'string' },
    rate: { type: 'string' },
    refresh: { type: 'boolean' },
    'no-bilag': { type: 'boolean' },
    report: { type: 'string' },
  },
  run: (positionals, values) => importFirstAgenda(positionals, values),
};

async function importFirstAgenda(positionals: string[], values: Values): Promise<number> {
  const [source, baseUrl, ...extra] = positionals;
  if (source !== 'firstagenda')
    throw new UsageError('the one source is firstagenda: import firstagenda BASE_URL');
  if (!baseUrl || extra.length)
    throw new UsageError('give one portal address, such as https://dagsordener.greve.dk');
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new UsageError(`"${baseUrl}" is not an address such as https://dagsordener.greve.dk`);
  }
  const since = typeof values.since === 'string' ? values.since : undefined;
  if (since && !/^\d{4}-\d{2}-\d{2}$/.test(since))
    throw new UsageError('--since must be a date as YYYY-MM-DD');
  const rate = values.rate === undefined ? 2 : Number(values.rate);
  if (!Number.isFinite(rate) || rate <= 0 || rate > 50)
    throw new UsageError('--rate must be above 0 and at most 50');
  const authority =
    typeof values.authority === 'string' ? values.authority : (authorityFromHost(url.host) ?? undefined);
  const committees = (Array.isArray(values.committee) ? values.committee : []).map(String);

  const home = createLocalHome(configFrom(values));
  const dataDir = home.config.dataDir;
  const reportPath =
    typeof values.report === 'string'
      ? values.report
      : join(dataDir, 'reports', `import-${new Date().toISOString().replace(/[:.]/g, '-')}.csv`);
  await mkdir(resolve(reportPath, '..'), { recursive: true });
  const report = createWriteStream(reportPath);
  report.write('url,status,reason,meeting_id\n');
  const portal = new HttpFirstAgendaPortal(url.href, {
    rate,
    onRetry: (u, attempt, reason, wait) =>
      console.error(`retrying  ${u} (${reason}; attempt ${attempt + 1} in ${(wait / 1000).toFixed(1)} s)`),
  });
  const counts = { indexed: 0, unchanged: 0, failed: 0, ocr: 0, uploaded: 0 };
  const started = performance.now();
  let progress: Progress | null = null;
  try {
    const summary = await importPortal({
      portal,
      journal: new FsImportJournal(join(dataDir, 'imports', `${slug(url.host) || 'portal'}.json`)),
      sink: {
        async put(file, metadata) {
          const outcome = await home.archive.ingest({ ...file, metadata });
          return { status: outcome.status, reason: outcome.reason, meetingId: outcome.meetingId };
        },
      },
      ...(authority ? { authority } : {}),
      ...(since ? { since } : {}),
      committees,
      refresh: values.refresh === true,
      bilag: values['no-bilag'] !== true,
      onPlan: ({ fetch, known }) => {
        console.log(`${fetch} meetings to fetch, ${known} known and unchanged · ${portal.baseUrl}`);
        progress = new Progress(fetch, process.stderr);
      },
      onMeeting: (meeting, rows) => {
        for (const row of rows) {
          counts[row.status]++;
          writeRow(report, [row.url, row.status, row.reason ?? '', row.meetingId ?? '']);
        }
        const [answer, ...bilag] = rows as [ImportRow, ...ImportRow[]];
        const failedBilag = bilag.filter((b) => b.status === 'failed');
        const what = `${meeting.committee} ${meeting.date.slice(0, 10)}${bilag.length ? ` (${bilag.length} bilag${failedBilag.length ? `, ${failedBilag.length} failed` : ''})` : ''}`;
        progress?.tick(
          answer.status === 'failed'
            ? `failed     ${what}: ${answer.reason}`
            : `${answer.status.padEnd(10)} ${what}${failedBilag.map((b) => `\n  failed   ${b.reason}`).join('')}`,
        );
      },
    });
    (progress as Progress | null)?.done();
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `${counts.indexed} indexed, ${counts.unchanged} unchanged, ${counts.failed} failed of ${summary.fetched} meetings fetched (${summary.known} known, ${summary.listed} listed) in ${seconds.toFixed(1)} s · report: ${reportPath}`,
    );
    return counts.failed ? 2 : 0;
  } finally {
    await new Promise((done) => report.end(done));
    await home.close();
  }
}

function writeRow(out: WriteStream, cells: string[]): void {
  out.write(`${cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')}\n`);
}
