// A real single-node OpenSearch 2.19 for tests, benchmarks and side-by-side runs: the Java launcher
// in opensearch/ (a plain org.opensearch.node.Node with the modules protokol needs as classpath
// plugins), built by Maven from Central into ~/.m2 once, then started as a child process.

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PROJECT = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'opensearch');
const CLASSES = join(PROJECT, 'target', 'classes');
const CLASSPATH_FILE = join(PROJECT, 'target', 'classpath.txt');
// Written after each successful build: Maven's incremental build leaves unchanged outputs' times alone.
const STAMP = join(PROJECT, 'target', 'built.stamp');
const MAIN_CLASS = 'protokol.opensearch.TestNode';

/** Why a node could not be had here: a missing tool, a failed build, a node that did not start. */
export class OpenSearchNodeError extends Error {
  readonly code = 'OPENSEARCH_NODE';
}

export interface Toolchain {
  java: string;
  javaMajor: number;
  maven: string | null;
}

/** Java (17 or newer) and Maven on PATH, or the reason they cannot be used. */
export function findToolchain(): Toolchain | { missing: string } {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (java.error || java.status !== 0)
    return { missing: 'java is not on PATH (OpenSearch 2.19 needs Java 17+)' };
  const version = /version "(\d+)(?:\.(\d+))?/.exec(java.stderr);
  const major = version ? Number(version[1] === '1' ? version[2] : version[1]) : 0;
  if (major < 17)
    return { missing: `java on PATH is version ${major || 'unknown'}; OpenSearch 2.19 needs 17+` };
  const mvn = spawnSync('mvn', ['-v'], { encoding: 'utf8' });
  return { java: 'java', javaMajor: major, maven: mvn.error || mvn.status !== 0 ? null : 'mvn' };
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** The launcher's class path when the build is there and newer than its sources; null otherwise. */
function builtClasspath(): string | null {
  if (![STAMP, CLASSPATH_FILE, join(CLASSES, 'protokol', 'opensearch', 'TestNode.class')].every(existsSync))
    return null;
  const sources = Math.max(statSync(join(PROJECT, 'pom.xml')).mtimeMs, newestSource(join(PROJECT, 'src')));
  if (statSync(STAMP).mtimeMs < sources) return null;
  const jars = readFileSync(CLASSPATH_FILE, 'utf8').trim();
  // A cleaned ~/.m2 leaves a class path naming jars that are gone.
  if (jars === '' || !jars.split(':').every((jar) => existsSync(jar))) return null;
  return `${CLASSES}:${jars}`;
}

/**
 * Builds the launcher if its build is missing or older than its sources: offline first (the
 * artifacts are usually in ~/.m2 already), online from Maven Central when that fails.
 */
export function buildTestNode(log: (line: string) => void = () => {}): string {
  const ready = builtClasspath();
  if (ready) return ready;
  const tools = findToolchain();
  if ('missing' in tools) throw new OpenSearchNodeError(tools.missing);
  if (!tools.maven) throw new OpenSearchNodeError('mvn is not on PATH: it builds the OpenSearch launcher');
  const mvn = (offline: boolean) =>
    spawnSync(tools.maven!, ['-q', '-B', ...(offline ? ['-o'] : []), 'package', '-DskipTests'], {
      cwd: PROJECT,
      encoding: 'utf8',
    });
  let result = mvn(true);
  if (result.status !== 0) {
    log('building the OpenSearch launcher: resolving OpenSearch 2.19 from Maven Central into ~/.m2 (once)');
    result = mvn(false);
  }
  if (result.status !== 0) {
    const output = `${result.stdout}${result.stderr}`.trim().split('\n').slice(-20).join('\n');
    throw new OpenSearchNodeError(`mvn package in ${PROJECT} failed:\n${output}`);
  }
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  const built = builtClasspath();
  if (!built) throw new OpenSearchNodeError(`mvn package in ${PROJECT} left no launcher in target/`);
  return built;
}

export interface OpenSearchNodeOptions {
  /** A port or a range `FROM-TO`; the first free one is taken. */
  httpPort?: string;
  /** Keep the node's data here; by default a temporary folder deleted when the node stops. */
  home?: string;
  heapMb?: number;
  /** How long to wait for the node to be ready. */
  timeoutMs?: number;
  /** Where the node's warnings go; by default they are kept and shown only if it fails to start. */
  onLog?: (line: string) => void;
}

export interface RunningOpenSearch {
  url: string;
  pid: number;
  /** Closes the node (SIGTERM, then SIGKILL after 30 s) and waits until it is gone. */
  stop(): Promise<void>;
}

/** Builds the launcher if needed, starts a node and resolves with its URL once the cluster is yellow. */
export async function startOpenSearch(options: OpenSearchNodeOptions = {}): Promise<RunningOpenSearch> {
  const classpath = buildTestNode(options.onLog);
  const heap = options.heapMb ?? 512;
  const args = [
    `-Xms${heap}m`,
    `-Xmx${heap}m`,
    '-XX:+UseG1GC',
    '-Djava.awt.headless=true',
    '-Dfile.encoding=UTF-8',
    '-cp',
    classpath,
    MAIN_CLASS,
    '--http-port',
    options.httpPort ?? '9200-9299',
    // The parent's end (a crashed test run, a killed terminal) ends the node too.
    '--exit-on-stdin-close',
    ...(options.home ? ['--home', options.home] : []),
  ];
  const child = spawn('java', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const tail: string[] = [];
  const onLine = (line: string) => {
    tail.push(line);
    if (tail.length > 40) tail.shift();
    options.onLog?.(line);
  };
  lines(child.stderr!, onLine);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new OpenSearchNodeError(`OpenSearch did not start within ${options.timeoutMs ?? 180_000} ms`));
    }, options.timeoutMs ?? 180_000);
    lines(child.stdout!, (line) => {
      const ready = /^OPENSEARCH_URL=(\S+)/.exec(line);
      if (ready) {
        clearTimeout(timer);
        done(ready[1]!);
      } else onLine(line);
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      fail(new OpenSearchNodeError(`could not run java: ${error.message}`));
    });
    void exited.then((code) => {
      clearTimeout(timer);
      fail(
        new OpenSearchNodeError(`OpenSearch exited with ${code} before it was ready:\n${tail.join('\n')}`),
      );
    });
  });
  return { url, pid: child.pid!, stop: () => stopNode(child, exited) };
}

async function stopNode(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(killer);
}

function lines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop()!;
    for (const part of parts) onLine(part);
  });
  stream.on('end', () => {
    if (rest) onLine(rest);
  });
}
