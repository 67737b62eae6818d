import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './fixtures.ts';

/** Runs the protokol CLI as a user would, with the project's Node 24. */
export function protokol(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [join(root, 'bin', 'protokol.mjs'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, PROTOKOL_OCR: 'off', ...env },
    timeout: 240_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The modules (ESM and CommonJS) a CLI run loads, as URLs, and what it printed. */
export async function modulesLoadedBy(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ loaded: string[]; stdout: string }> {
  const out = join(mkdtempSync(join(tmpdir(), 'protokol-modules-')), 'modules.txt');
  const run = spawnSync(
    process.execPath,
    [
      '--import',
      join(root, 'test', 'sandbox', 'trace-modules.mjs'),
      join(root, 'bin', 'protokol.mjs'),
      ...args,
    ],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, PROTOKOL_TRACE_MODULES: out, PROTOKOL_OCR: 'off', ...env },
    },
  );
  if (run.status !== 0)
    throw new Error(`protokol ${args.join(' ')} exited with ${run.status}: ${run.stderr}`);
  return { loaded: readFileSync(out, 'utf8').split('\n'), stdout: run.stdout };
}

/** `protokol serve` as a process on a free port, with the URL it says it serves at. */
export async function startServe(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ server: ChildProcess; url: string }> {
  const server = spawn(
    process.execPath,
    [join(root, 'bin', 'protokol.mjs'), 'serve', '--port', '0', ...args],
    {
      cwd: root,
      env: { ...process.env, PROTOKOL_OCR: 'off', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout!.on('data', (chunk: Buffer) => {
      out += chunk;
      const url = /serves search at (http:\/\/\S+)/.exec(out)?.[1];
      if (url) resolve(url);
    });
    server.once('exit', (code) => reject(new Error(`protokol serve exited with ${code}: ${out}`)));
  });
  return { server, url };
}
