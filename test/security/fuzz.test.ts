import { type ChildProcess, execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestPaths } from '../../cli/commands/ingest.ts';
import { createLocalHome } from '../../shared/composition/local.ts';
import { readLocalConfig } from '../../shared/config.ts';
import { startServe } from '../support/cli.ts';
import { root, tempDir } from '../support/fixtures.ts';

// Property-based fuzzing of the HTTP API against its own OpenAPI document: schemathesis (pinned,
// in a project-local virtual environment made by scripts/schemathesis.sh) drives `protokol serve`
// over the sample documents and must find no 500 and no answer the document does not describe.

const run = promisify(execFile);
const SCRIPT = join(root, 'scripts', 'schemathesis.sh');
const TOKEN = 'fuzz-token';
const CHECKS =
  'not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance';

async function installed(): Promise<string | null> {
  try {
    await run(SCRIPT, ['--install'], { cwd: root, timeout: 600_000 });
    return null;
  } catch (error) {
    return `schemathesis could not be installed: ${(error as Error).message}`;
  }
}

const problem = await installed();
if (problem && process.env.CI) throw new Error(`${problem} (required under CI)`);
if (problem) console.warn(`skipping the API fuzz test: ${problem}`);

describe.skipIf(problem !== null)('the HTTP API under schemathesis', () => {
  let server: ChildProcess;
  let base: string;

  beforeAll(async () => {
    const dataDir = await tempDir();
    const home = createLocalHome(readLocalConfig({}, { dataDir, ocr: false }));
    await ingestPaths(home.archive, [join(root, 'samples')], {}, () => {});
    await home.close();
    ({ server, url: base } = await startServe(['--data', dataDir], {
      PROTOKOL_UPLOAD_TOKEN: TOKEN,
      PROTOKOL_PUBLIC_URL: '',
    }));
  }, 120_000);
  afterAll(() => {
    server?.kill('SIGTERM');
  });

  /** One schemathesis run; its report when it fails. Python's ast is not thread-safe: one worker. */
  async function fuzz(args: string[]): Promise<void> {
    const common = [
      'run',
      `${base}/api/openapi.json`,
      '--checks',
      CHECKS,
      '--max-examples',
      '25',
      '--workers',
      '1',
      '--request-timeout',
      '15',
      '--max-time',
      '40',
      '--seed',
      '20261202',
    ];
    try {
      await run(SCRIPT, [...common, ...args], { cwd: root, timeout: 150_000, maxBuffer: 64 * 1024 * 1024 });
    } catch (error) {
      const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
      expect.fail(`schemathesis found problems:\n${stdout.slice(-20_000)}\n${stderr.slice(-4_000)}`);
    }
  }

  it('finds no 500 and no undocumented answer as the public', () => fuzz([]), 180_000);

  it(
    'finds no 500 and no undocumented answer as the secretariat (takedowns aside, which would empty the archive)',
    () => fuzz(['-H', `Authorization: Bearer ${TOKEN}`, '--exclude-method', 'DELETE']),
    180_000,
  );
});
