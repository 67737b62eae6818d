import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { root } from '../support/fixtures.ts';

const run = promisify(execFile);

it('`npx cdk synth` passes cdk-nag with no credentials, and every bundled function loads', {
  timeout: 240_000,
}, async () => {
  const out = await mkdtemp(join(tmpdir(), 'protokol-cdk-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_ACCESS_KEY_ID: '',
    AWS_SECRET_ACCESS_KEY: '',
    AWS_PROFILE: 'none',
  };
  const bin = join(root, 'node_modules', '.bin');
  await run(join(bin, 'cdk'), ['synth', '--quiet', '--output', out], {
    cwd: root,
    env: { ...env, PATH: `${bin}:${env.PATH}` },
    maxBuffer: 64 * 1024 * 1024,
  });
  const bundles = readdirSync(out, { withFileTypes: true })
    .filter((d) => d.isDirectory() && readdirSync(join(out, d.name)).includes('index.mjs'))
    .map((d) => d.name);
  expect(bundles).toHaveLength(7);
  for (const bundle of bundles) {
    const { stdout } = await run(
      process.execPath,
      ['--input-type=module', '-e', "const m = await import('./index.mjs'); console.log(typeof m.handler)"],
      { cwd: join(out, bundle) },
    );
    expect(stdout.trim()).toBe('function');
    // A function that reads documents has PDFium's wasm file beside pdf.js's worker.
    const files = readdirSync(join(out, bundle));
    expect(files.includes('pdfium.wasm')).toBe(files.includes('pdf.worker.mjs'));
  }
  expect(bundles.some((b) => readdirSync(join(out, b)).includes('pdfium.wasm'))).toBe(true);
  await rm(out, { recursive: true, force: true });
});
