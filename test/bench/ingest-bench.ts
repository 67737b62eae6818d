// npm run bench:ingest: generated born-digital minutes taken in by `protokol load` (OCR off),
// beside pdftotext (text only, no structure, no index) and recollindex (a desktop search
// indexer: Xapian, Danish stemming) on the same files in the same run. Prints pages per second,
// the ratios, the peak resident memory of each process tree, the re-run over unchanged files,
// and how long `protokol --help` and `protokol search` take as processes.
//
//   BENCH_FILES=1000   minutes to generate (about 3.2 pages each)
//   BENCH_RUNS=1       interleaved runs of each; the median is reported
//   BENCH_CORPUS=DIR   keep the generated files there and reuse them
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuTicks, cpuTimed, TICKS } from './cpu-time.ts';
import { writeMinutes } from './make-minutes.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const files = Number(process.env.BENCH_FILES ?? 1000);
const runs = Number(process.env.BENCH_RUNS ?? 1);
const cores = availableParallelism();
const work = join(tmpdir(), `protokol-bench-ingest-${process.pid}`);
const corpusDir = process.env.BENCH_CORPUS ?? join(work, 'corpus');
/** The PDFs; their page count is kept beside them, in corpusDir/pages.json. */
const corpus = join(corpusDir, 'pdf');

/** Installs a Debian package when its command is missing (CI machines start without it). */
function ensure(command: string, pkg: string): boolean {
  if (spawnSync('which', [command]).status === 0) return true;
  console.log(`${command} is missing: apt-get install ${pkg} …`);
  spawnSync('apt-get', ['install', '-y', '-qq', pkg], { stdio: 'ignore' });
  return spawnSync('which', [command]).status === 0;
}

/** Every descendant of `pid`, itself included. */
function tree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const all = [pid];
  for (let i = 0; i < all.length; i++) all.push(...(children.get(all[i]!) ?? []));
  return all;
}

function residentMb(pids: number[]): number {
  let pages = 0;
  for (const pid of pids) {
    try {
      pages += Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    } catch {
      // exited meanwhile
    }
  }
  return (pages * 4096) / 1024 / 1024;
}

/**
 * Proportional set size: each page shared by n processes (the node binary, its libraries)
 * counted 1/n in each, so the sum over a tree is the memory the tree really takes.
 */
function proportionalMb(pids: number[]): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      kb += Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
    } catch {
      // exited meanwhile
    }
  }
  return kb / 1024;
}

interface Timed {
  seconds: number;
  /** Peak of the whole tree's proportional set size (shared pages counted once). */
  peakPssMb: number;
  /** Peak of the whole process tree's resident memory, sampled every 50 ms. */
  peakMb: number;
  /** Peak of the largest single process of the tree. */
  peakProcessMb: number;
  /** Peak of the process started (for `protokol load`: itself, without its readers). */
  peakRootMb: number;
  /** CPU time (user + system) of the whole tree, in seconds: what a quiet machine's cores would spend. */
  cpuSeconds: number;
  /** CPU time of the process started alone (for `protokol load`: without its readers), in seconds. */
  rootCpuSeconds: number;
  stdout: string;
}

function statOf(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null; // exited meanwhile
  }
}

/** Runs a command, timing it and sampling its process tree's memory. */
function timed(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // Under a shell that, once the command has exited, writes its own stat: the CPU of every
    // process of the tree (readers killed at the end and short-lived pdftotext runs included)
    // is summed there, in its waited-for children's times.
    const stat = join(tmpdir(), `protokol-bench-cpu-${process.pid}-${Math.random().toString(36).slice(2)}`);
    const child = spawn(
      'sh',
      ['-c', `"$@"; s=$?; cat /proc/$$/stat > '${stat}'; exit $s`, 'sh', command, ...args],
      { cwd: root, env: { ...process.env, ...env } },
    );
    let rootTicks = 0;
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c;
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr = (stderr + c).slice(-4000);
    });
    let peakMb = 0;
    let peakPssMb = 0;
    let peakProcessMb = 0;
    let peakRootMb = 0;
    const sample = setInterval(() => {
      if (!child.pid) return;
      const pids = tree(child.pid);
      peakMb = Math.max(peakMb, residentMb(pids));
      peakPssMb = Math.max(peakPssMb, proportionalMb(pids));
      for (const pid of pids) peakProcessMb = Math.max(peakProcessMb, residentMb([pid]));
      // The command is the shell's one child.
      const rootPid = pids[1];
      if (rootPid === undefined) return;
      peakRootMb = Math.max(peakRootMb, residentMb([rootPid]));
      const rootStat = statOf(rootPid);
      if (rootStat) rootTicks = Math.max(rootTicks, cpuTicks(rootStat));
    }, 50);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(sample);
      const seconds = (performance.now() - started) / 1000;
      const cpuSeconds = existsSync(stat) ? cpuTicks(readFileSync(stat, 'utf8'), true) : 0;
      rmSync(stat, { force: true });
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr}`));
      else
        resolve({
          seconds,
          peakMb,
          peakPssMb,
          peakProcessMb,
          peakRootMb,
          cpuSeconds: cpuSeconds / TICKS,
          rootCpuSeconds: rootTicks / TICKS,
          stdout,
        });
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const node = process.execPath;
const protokol = join(root, 'bin', 'protokol.mjs');

async function main() {
  if (!ensure('pdftotext', 'poppler-utils')) throw new Error('pdftotext is needed (poppler-utils)');
  const recoll = spawnSync('which', ['recollindex']).status === 0;

  let pages = 0;
  const paths: string[] = [];
  if (existsSync(join(corpusDir, 'pages.json'))) {
    const saved = JSON.parse(readFileSync(join(corpusDir, 'pages.json'), 'utf8')) as {
      paths: string[];
      pages: number;
    };
    paths.push(...saved.paths);
    pages = saved.pages;
  } else {
    const started = performance.now();
    for (const file of await writeMinutes(corpus, files)) {
      paths.push(file.path);
      pages += file.pages;
    }
    writeFileSync(join(corpusDir, 'pages.json'), JSON.stringify({ paths, pages }));
    console.log(
      `generated ${paths.length} minutes, ${pages} pages, in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  const load = spawnSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).stdout.trim();
  console.log(`${paths.length} files, ${pages} pages; ${cores} cores; load average before: ${load}\n`);

  const results: Record<string, Timed[]> = { protokol: [], pdftotext: [], recoll: [] };
  const rerun: { wallMs: number; cpuMs: number }[] = [];
  for (let run = 0; run < runs; run++) {
    const data = join(work, `data-${run}`);
    rmSync(data, { recursive: true, force: true });
    results.protokol!.push(
      await timed(node, [protokol, 'load', corpus, '--data', data, '--concurrency', String(cores)], {
        PROTOKOL_OCR: 'off',
      }),
    );
    // Five re-runs: a fraction of a second each, so one burst of load on the machine is one of five.
    for (let again = 0; again < 5; again++)
      rerun.push(
        cpuTimed(node, [protokol, 'load', corpus, '--data', data], {
          cwd: root,
          env: { ...process.env, PROTOKOL_OCR: 'off' },
        }),
      );
    // pdftotext on every core, as many at once as protokol reads.
    const out = join(work, 'txt');
    mkdirSync(out, { recursive: true });
    results.pdftotext!.push(
      await timed('sh', [
        '-c',
        `cd '${corpus}' && find . -name '*.pdf' -print0 | xargs -0 -P ${cores} -n 20 sh -c 'for f; do pdftotext -q "$f" /dev/null; done' _`,
      ]),
    );
    if (recoll) {
      const conf = join(work, `recoll-${run}`);
      rmSync(conf, { recursive: true, force: true });
      mkdirSync(conf, { recursive: true });
      writeFileSync(
        join(conf, 'recoll.conf'),
        `topdirs = ${corpus}\nindexstemminglanguages = danish\nloglevel = 1\n`,
      );
      results.recoll!.push(await timed('recollindex', ['-c', conf, '-z']));
    }
  }

  const rate = (t: Timed[]) => pages / median(t.map((x) => x.seconds));
  const cpuPerPage = (t: Timed[]) => (median(t.map((x) => x.cpuSeconds)) * 1000) / pages;
  const row = (name: string, t: Timed[]) =>
    t.length
      ? `| ${name} | ${median(t.map((x) => x.seconds)).toFixed(1)} s | ${rate(t).toFixed(0)} | ${median(t.map((x) => x.cpuSeconds)).toFixed(1)} s, ${cpuPerPage(t).toFixed(2)} ms a page | ${median(t.map((x) => x.peakMb)).toFixed(0)} MiB (largest process ${median(t.map((x) => x.peakProcessMb)).toFixed(0)}) | ${median(t.map((x) => x.peakPssMb)).toFixed(0)} MiB |`
      : `| ${name} | not installed | | | | |`;
  console.log(
    '| | time | pages/s | CPU, whole process tree | peak RSS, whole process tree | peak PSS (shared pages once) |',
  );
  console.log('| --- | --- | --- | --- | --- | --- |');
  console.log(row('protokol load (OCR off)', results.protokol!));
  console.log(row('pdftotext (text only)', results.pdftotext!));
  console.log(row('recollindex (Danish stemming)', results.recoll!));
  const rerunWall = rerun.map((x) => x.wallMs / 1000);
  const rerunCpu = rerun.map((x) => x.cpuMs / 1000);
  console.log(`| protokol load, all unchanged | ${median(rerunWall).toFixed(2)} s | | | | |`);
  console.log('');
  if (results.recoll!.length)
    console.log(
      `protokol / recoll pages per second: ${(rate(results.protokol!) / rate(results.recoll!)).toFixed(2)}× (target ≥ 1.2×)`,
    );
  console.log(
    `protokol / pdftotext pages per second: ${(rate(results.protokol!) / rate(results.pdftotext!)).toFixed(2)}×`,
  );
  const loadCpu = median(results.protokol!.map((x) => x.rootCpuSeconds));
  const treeCpu = median(results.protokol!.map((x) => x.cpuSeconds));
  console.log(
    `CPU of protokol load: ${cpuPerPage(results.protokol!).toFixed(2)} ms a page; the load process ${((loadCpu * 1000) / pages).toFixed(2)} ms, its readers ${(((treeCpu - loadCpu) * 1000) / pages).toFixed(2)} ms (recollindex ${results.recoll!.length ? cpuPerPage(results.recoll!).toFixed(2) : '–'} ms)`,
  );
  console.log(
    `peak RSS of protokol load: ${median(results.protokol!.map((x) => x.peakMb)).toFixed(0)} MiB (the load process ${median(results.protokol!.map((x) => x.peakRootMb)).toFixed(0)}, the largest process ${median(results.protokol!.map((x) => x.peakProcessMb)).toFixed(0)}), PSS ${median(results.protokol!.map((x) => x.peakPssMb)).toFixed(0)} MiB (target ≤ 400)`,
  );
  console.log(
    `re-run over ${paths.length} unchanged files: ${median(rerunWall).toFixed(2)} s wall (${Math.min(...rerunWall).toFixed(2)}–${Math.max(...rerunWall).toFixed(2)}), ${median(rerunCpu).toFixed(2)} s CPU (${Math.min(...rerunCpu).toFixed(2)}–${Math.max(...rerunCpu).toFixed(2)}) (target ≤ 0.3)`,
  );

  // The CLI as a process: medians of 7 starts.
  const data = join(work, 'data-0');
  const start = (args: string[]) => {
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t = performance.now();
      spawnSync(node, [protokol, ...args], { cwd: root, env: { ...process.env, PROTOKOL_OCR: 'off' } });
      times.push(performance.now() - t);
    }
    return median(times);
  };
  console.log(`protokol --help: ${start(['--help']).toFixed(0)} ms (target ≤ 100)`);
  console.log(
    `protokol search budget: ${start(['search', 'budget', '--data', data]).toFixed(0)} ms (target ≤ 150)`,
  );
  console.log(
    `load average after: ${spawnSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).stdout.trim()}`,
  );
  if (!process.env.BENCH_CORPUS) rmSync(work, { recursive: true, force: true });
}

await main();
