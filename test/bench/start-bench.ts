// npm run bench:start: how fast the CLI and the server start on a large archive. Builds (or
// reuses) a data folder of generated minutes, then times, as processes, `protokol --help`,
// `protokol serve` to its first successful search over HTTP (the cold start), and `protokol load`
// again over files it has all loaded (nothing changed), printing each figure beside its target.
//
//   BENCH_DOCUMENTS=10000   documents in the archive (HTML minutes, one meeting each)
//   BENCH_RUNS=5            starts of each; the median and the range are reported
//   BENCH_DATA=DIR          keep the data folder (and its source files) there and reuse them
//
// The archive is made through the archive's own public API (`Archive.ingest`), in this process,
// with the extractors a Lambda uses (no reader processes): each document is read and parsed as
// `load` reads it, at a few hundred a second, where generating and loading PDFs would take an
// hour for 10,000. The documents are HTML because pdf.js would be most of that hour.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inProcessExtractors } from '../../shared/adapters/extract/in-process.ts';
import { FsDocumentStore } from '../../shared/adapters/fs/fs-document-store.ts';
import { SqliteMeetingStore } from '../../shared/adapters/sqlite/sqlite-meeting-store.ts';
import { SwappableSqliteIndex } from '../../shared/adapters/sqlite/swappable-sqlite-index.ts';
import { Archive } from '../../shared/ingest/ingest.ts';
import { cpuTimed } from './cpu-time.ts';
import { minutesHtml } from './make-minutes.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const documents = Number(process.env.BENCH_DOCUMENTS ?? 10_000);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const work = process.env.BENCH_DATA ?? join(tmpdir(), `protokol-bench-start-${process.pid}`);
const data = join(work, 'data');
const sources = join(work, 'minutes');
const node = process.execPath;
const protokol = join(root, 'bin', 'protokol.mjs');
const env = { ...process.env, PROTOKOL_OCR: 'off' };

const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)]!;
const range = (xs: number[], digits: number) =>
  `${median(xs).toFixed(digits)} (${sorted(xs)[0]!.toFixed(digits)}–${sorted(xs).at(-1)!.toFixed(digits)})`;

/** Writes the source files and takes them into the data folder, unless a run before did. */
async function buildArchive(): Promise<void> {
  const done = join(work, 'documents.json');
  if (existsSync(done) && JSON.parse(readFileSync(done, 'utf8')).documents === documents) return;
  rmSync(work, { recursive: true, force: true });
  const started = performance.now();
  const store = new FsDocumentStore(data);
  const meetings = new SqliteMeetingStore(data);
  const index = new SwappableSqliteIndex(data);
  const archive = new Archive({ store, meetings, index, extraction: { extractors: inProcessExtractors() } });
  let failed = 0;
  for (let n = 0; n < documents; n++) {
    const folder = join(sources, String(Math.floor(n / 1000)));
    if (n % 1000 === 0) mkdirSync(folder, { recursive: true });
    const name = `referat-${String(n).padStart(5, '0')}.html`;
    const html = minutesHtml(n);
    writeFileSync(join(folder, name), html);
    const outcome = await archive.ingest({ name, bytes: new TextEncoder().encode(html) });
    if (outcome.status !== 'indexed') failed++;
    if ((n + 1) % 1000 === 0)
      console.log(`  ${n + 1} documents taken in, ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  await index.close();
  await meetings.close();
  store.close();
  if (failed) throw new Error(`${failed} generated documents were not indexed`);
  writeFileSync(done, JSON.stringify({ documents }));
  console.log(
    `made an archive of ${documents} documents in ${((performance.now() - started) / 1000).toFixed(0)} s (${data})`,
  );
  // `load` over the sources once, so its record of what it read is there for the re-run below.
  spawnSync(node, [protokol, 'load', sources, '--data', data], { env, stdio: 'ignore' });
}

/** Wall and CPU milliseconds of a command as a process, start to exit. */
const timedRun = (args: string[]) => cpuTimed(node, [protokol, ...args], { cwd: root, env });

/**
 * Milliseconds from starting `protokol serve` to the first search answered 200 with results over
 * HTTP, and the server's resident memory then. The word is a topic of one item in twelve (a
 * search a person makes), not one of the filler words every item holds.
 */
async function coldStart(): Promise<{ wallMs: number; cpuMs: number; rssMb: number }> {
  const started = performance.now();
  const child = spawn(node, [protokol, 'serve', '--port', '0', '--data', data], { cwd: root, env });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk;
        const match = /serves search at (http\S+)/.exec(out);
        if (match) resolve(match[1]!);
      });
      child.on('exit', (code) => reject(new Error(`protokol serve exited ${code} before it listened`)));
    });
    for (;;) {
      const response = await fetch(`${url}/api/search?q=cykelsti`);
      const body = (await response.json()) as { total?: number };
      if (response.ok && (body.total ?? 0) > 0) break;
      if (performance.now() - started > 60_000) throw new Error('no successful search within 60 s');
    }
    const wallMs = performance.now() - started;
    const statm = readFileSync(`/proc/${child.pid}/statm`, 'utf8');
    const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime (fields 14 and 15), in ticks of 10 ms.
    const cpuMs = (Number(fields[11]) + Number(fields[12])) * 10;
    return { wallMs, cpuMs, rssMb: (Number(statm.split(' ')[1]) * 4096) / 1024 / 1024 };
  } finally {
    child.kill();
    await new Promise((resolve) => child.once('exit', resolve).once('error', resolve));
  }
}

async function main() {
  await buildArchive();
  console.log(
    `\n${documents} documents; load average before: ${loadAverage()} (uptime: ${spawnSync('uptime', { encoding: 'utf8' }).stdout.trim()})\n`,
  );
  const help: { wallMs: number; cpuMs: number }[] = [];
  const start: { wallMs: number; cpuMs: number; rssMb: number }[] = [];
  const rerun: { wallMs: number; cpuMs: number }[] = [];
  // Interleaved, so a burst of load on the machine falls on all three alike.
  for (let run = 0; run < runs; run++) {
    help.push(timedRun(['--help']));
    start.push(await coldStart());
    rerun.push(timedRun(['load', sources, '--data', data, '--report', join(work, 'rerun.csv')]));
  }
  const row = (name: string, xs: { wallMs: number; cpuMs: number }[], target: string) =>
    `| ${name} | ${range(
      xs.map((x) => x.wallMs),
      0,
    )} | ${range(
      xs.map((x) => x.cpuMs),
      0,
    )} | ${target} |`;
  console.log('| | wall, ms: median (range) | CPU, ms | target |');
  console.log('| --- | --- | --- | --- |');
  console.log(row('`protokol --help`', help, '≤ 100 ms'));
  console.log(
    row(
      `\`protokol serve\` to its first search over HTTP, ${documents} documents (server RSS then ${median(start.map((s) => s.rssMb)).toFixed(0)} MiB)`,
      start,
      '≤ 500 ms',
    ),
  );
  console.log(row(`\`protokol load\` again, ${documents} files all unchanged`, rerun, ''));
  console.log(`\nload average after: ${loadAverage()}`);
  if (!process.env.BENCH_DATA) rmSync(work, { recursive: true, force: true });
}

await main();
