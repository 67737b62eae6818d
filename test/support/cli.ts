import { spawnSync } from 'node:child_process';
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
