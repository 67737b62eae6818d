import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FsDocumentStore } from '../../shared/adapters/fs/fs-document-store.ts';
import { FsImportJournal } from '../../shared/adapters/fs/fs-import-journal.ts';
import { SqliteAgendaIndex } from '../../shared/adapters/sqlite/sqlite-agenda-index.ts';
import { SqliteMeetingStore } from '../../shared/adapters/sqlite/sqlite-meeting-store.ts';
import { localExtraction } from '../../shared/composition/local.ts';
import { type ImportSink, importPortal } from '../../shared/firstagenda/import-portal.ts';
import { HttpFirstAgendaPortal, PortalError } from '../../shared/firstagenda/portal-client.ts';
import { Archive } from '../../shared/ingest/ingest.ts';
import { query } from '../index/agenda-index.contract.ts';
import { protokol } from '../support/cli.ts';
import { type LocalPortal, startLocalPortal } from '../support/firstagenda-portal.ts';
import { fixtures, root, tempDir } from '../support/fixtures.ts';

const GREVE = join(fixtures, 'firstagenda', 'greve');
const WRITTEN = join(fixtures, 'firstagenda', 'written');
const greve = readdirSync(GREVE)
  .filter((f) => f.endsWith('.json'))
  .map((f) => join(GREVE, f));
/** Real answers whose open items list few bilag, so the stand-in portal's PDFs stay few. */
const fewBilag = greve.filter((f) => {
  const answer = JSON.parse(readFileSync(f, 'utf8')) as { Dagsordenpunkter: { Bilag: unknown[] }[] };
  return answer.Dagsordenpunkter.reduce((n, i) => n + i.Bilag.length, 0) <= 3;
});

let portal: LocalPortal | null = null;
afterEach(async () => {
  await portal?.close();
  portal = null;
});

async function localArchive() {
  const dir = await tempDir();
  const archive = new Archive({
    store: new FsDocumentStore(dir),
    meetings: new SqliteMeetingStore(dir),
    index: new SqliteAgendaIndex(':memory:'),
    extraction: localExtraction({ ocr: false }),
  });
  const sink: ImportSink = {
    async put(file, metadata) {
      const outcome = await archive.ingest({ ...file, metadata });
      return { status: outcome.status, reason: outcome.reason, meetingId: outcome.meetingId };
    },
  };
  return { archive, sink, journal: new FsImportJournal(join(dir, 'imports', 'portal.json')) };
}

describe('import firstagenda against a local portal', () => {
  it('takes in every meeting and links each bilag to its item, retrying a portal that fails, and follows the portal afterwards', async () => {
    portal = await startLocalPortal([
      ...fewBilag,
      join(WRITTEN, 'Oekonomiudvalget-2025-10-22-dagsorden.json'),
      join(WRITTEN, 'Oekonomiudvalget-2025-10-22-tillaegsdagsorden.json'),
      join(WRITTEN, 'Byraad-2022-2025-2025-09-08T17-00-00-02-00-budget.json'),
      join(WRITTEN, 'Byraad-2022-2025-2025-09-08T19-00-00-02-00-ordinaer.json'),
    ]);
    const { archive, sink, journal } = await localArchive();
    const client = new HttpFirstAgendaPortal(portal.baseUrl, { rate: 200, backoffMs: 5 });
    const agendaId = JSON.parse(
      readFileSync(join(WRITTEN, 'Oekonomiudvalget-2025-10-22-dagsorden.json'), 'utf8'),
    ).Id;
    portal.failNext(`/api/agenda/dagsorden/${agendaId}`, 503, 2);

    const first = await importPortal({ portal: client, sink, journal, authority: 'Greve Kommune' });
    const meetings = fewBilag.length + 4;
    expect(first.fetched).toBe(meetings);
    expect(first.rows.filter((r) => r.status === 'failed')).toEqual([]);
    // Retried twice after 503, then answered.
    expect(portal.requests.filter((r) => r.path.endsWith(agendaId)).map((r) => r.status)).toEqual([
      503, 503, 200,
    ]);
    const committees = await archive.index.committees();
    // The supplementary agenda joined its meeting: one meeting fewer than answers.
    expect(committees.reduce((n, c) => n + c.meetings, 0)).toBe(meetings - 1);

    // Every bilag is linked to the item that lists it, and a word of its text leads there.
    const bilagRows = first.rows.filter((r) => r.url.includes('/Vis/Pdf/bilag/'));
    expect(bilagRows.length).toBeGreaterThan(15);
    expect(bilagRows.every((r) => r.status === 'indexed')).toBe(true);
    const [oneBilag] = bilagRows;
    const meeting = (await archive.index.getMeeting(oneBilag!.meetingId!))!;
    const linked = meeting.items.flatMap((i) => i.attachments.filter((a) => a.documentId));
    expect(linked.length).toBeGreaterThan(0);
    const word = `bilagsordet ${oneBilag!.url.split('/').pop()!.slice(0, 8)}`;
    const hit = (await archive.index.search(query({ text: `"${word}"` }))).hits[0];
    expect(hit).toMatchObject({ meetingId: meeting.id });
    expect(hit!.matchedBilag.length).toBe(1);

    // A second run fetches only what is not held yet; the held meetings are known and unchanged.
    const before = portal.requests.length;
    const second = await importPortal({ portal: client, sink, journal, authority: 'Greve Kommune' });
    expect(second.fetched).toBe(1);
    expect(second.rows.map((r) => r.status)).toEqual(['unchanged']);
    expect(portal.requests.length - before).toBe(2); // the committee list and the one agenda

    // The portal publishes the minutes: the next run replaces the agenda with them.
    portal.replace(join(WRITTEN, 'Oekonomiudvalget-2025-10-22-referat.json'));
    const third = await importPortal({ portal: client, sink, journal, authority: 'Greve Kommune' });
    expect(third.rows[0]).toMatchObject({ status: 'indexed' });
    const minutes = (await archive.index.getMeeting(third.rows[0]!.meetingId!))!;
    expect(minutes.kind).toBe('referat');
    expect(minutes.items.map((i) => i.title)).toContain('Tillægsbevilling til vinterberedskab');
    expect(minutes.sources.map((s) => s.name).filter((n) => !n.endsWith('.pdf'))).toHaveLength(2);
    const left = await archive.index.search(query({ text: 'kladdeudgave' }));
    expect(left.hits.map((h) => `${h.meetingId} ${h.number} ${h.title}`)).toEqual([]);
  }, 120_000);

  it('names the portal address and the status when the portal refuses, and gives up after the retries', async () => {
    portal = await startLocalPortal([join(WRITTEN, 'Oekonomiudvalget-2025-10-22-referat.json')]);
    portal.failNext('/api/agenda/udvalgsliste', 500, 10);
    const client = new HttpFirstAgendaPortal(portal.baseUrl, { rate: 200, backoffMs: 1, attempts: 3 });
    await expect(client.meetings()).rejects.toThrow(/udvalgsliste: gave up after 3 attempts \(status 500\)/);
    await expect(client.meeting('no-such-meeting')).rejects.toThrow(PortalError);
    await expect(client.meeting('no-such-meeting')).rejects.toThrow(
      /no-such-meeting: the portal answered 404/,
    );
  });

  it('keeps to its rate limit', async () => {
    portal = await startLocalPortal([join(WRITTEN, 'Oekonomiudvalget-2025-10-22-referat.json')]);
    const client = new HttpFirstAgendaPortal(portal.baseUrl, { rate: 20 });
    const started = performance.now();
    for (let i = 0; i < 6; i++) await client.meetings();
    // Six requests at 20 a second: at least five intervals of 50 ms.
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
  });
});

/** The CLI as a child process that does not block this one, whose stand-in portal must answer it. */
function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'bin', 'protokol.mjs'), ...args], {
      env: { ...process.env, PROTOKOL_OCR: 'off' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('protokol import firstagenda', () => {
  it('survives kill -9 and goes on where it stopped, fetching again nothing it had taken in', async () => {
    portal = await startLocalPortal(greve);
    const data = await tempDir();
    const args = [
      'import',
      'firstagenda',
      portal.baseUrl,
      '--authority',
      'Greve Kommune',
      '--rate',
      '50',
      '--no-bilag',
      '--data',
      data,
    ];
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [join(root, 'bin', 'protokol.mjs'), ...args], {
        env: { ...process.env, PROTOKOL_OCR: 'off' },
      });
      let seen = 0;
      let output = '';
      const read = (chunk: Buffer) => {
        output += chunk.toString();
      };
      child.stderr.on('data', read);
      child.stdout.on('data', (chunk: Buffer) => {
        read(chunk);
        seen += (chunk.toString().match(/^indexed/gm) ?? []).length;
        if (seen >= 15 && child.exitCode === null) child.kill('SIGKILL');
      });
      child.on('exit', (_code, signal) =>
        signal === 'SIGKILL'
          ? resolve()
          : reject(new Error(`import ended by itself before it was killed (${seen} indexed): ${output}`)),
      );
    });
    const fetchedBefore = new Set(
      portal.requests.filter((r) => r.path.startsWith('/api/agenda/dagsorden/')).map((r) => r.path),
    );
    expect(fetchedBefore.size).toBeGreaterThanOrEqual(15);
    expect(fetchedBefore.size).toBeLessThan(105);
    portal.requests.length = 0;

    const resumed = await cli(args);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    const refetched = portal.requests.filter((r) => fetchedBefore.has(r.path));
    // At most the one meeting in flight when it was killed is fetched again.
    expect(refetched.length).toBeLessThanOrEqual(1);
    expect(resumed.stdout).toMatch(/known and unchanged/);

    const report = protokol(['report', '--json', '--data', data]);
    expect(report.code).toBe(0);
    const status = JSON.parse(protokol(['status', '--json', '--data', data]).stdout) as { status: string }[];
    expect(status.length).toBe(105);
    expect(status.every((d) => d.status === 'indexed')).toBe(true);
    const search = protokol(['search', 'Strandparken', '--json', '--data', data]);
    expect(JSON.parse(search.stdout).total).toBeGreaterThan(0);

    // Run again: nothing to fetch, nothing changes.
    const again = await cli(args);
    expect(again.stdout).toMatch(/^0 meetings to fetch, 105 known and unchanged/m);
  }, 240_000);
});
