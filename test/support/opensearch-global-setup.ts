import { readFileSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { findToolchain, type RunningOpenSearch, startOpenSearch } from '../../scripts/opensearch-node.ts';

// One real OpenSearch for the whole test run, started only when a test file in the run reads
// OPENSEARCH_URL or imports test/support/opensearch-live.ts (the live suites do; `npx vitest run
// test/parse` starts nothing). The URL reaches
// the test workers as OPENSEARCH_URL. An OPENSEARCH_URL already set names a node to use instead.
// Under CI a node that cannot be had is a failure; elsewhere the live suites skip with a warning.

// A file reading the variable, or using the live helpers of test/support/opensearch-live.ts.
const LIVE = /\bOPENSEARCH_URL\b|support\/opensearch-live\.ts/;

async function filesInRun(project: TestProject): Promise<string[]> {
  // The file filters of `vitest run FILTER…`; not in Vitest's public types, so read with care: when
  // they cannot be read, every test file counts, which at worst starts a node not needed.
  const filters = (project.vitest as unknown as { filenamePattern?: unknown }).filenamePattern;
  const list = Array.isArray(filters) ? filters.filter((f): f is string => typeof f === 'string') : [];
  return (await project.globTestFiles(list)).testFiles;
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (process.env.OPENSEARCH_URL) return undefined;
  const live = (await filesInRun(project)).filter((file) => LIVE.test(readFileSync(file, 'utf8')));
  if (live.length === 0) return undefined;
  const ci = Boolean(process.env.CI);
  const tools = findToolchain();
  if ('missing' in tools || !tools.maven) {
    const reason = 'missing' in tools ? tools.missing : 'mvn is not on PATH';
    if (ci) throw new Error(`the live OpenSearch suites need Java 17+ and Maven under CI: ${reason}`);
    console.warn(`live OpenSearch suites skipped (${live.length} files): ${reason}`);
    return undefined;
  }
  const started = Date.now();
  let node: RunningOpenSearch;
  try {
    node = await startOpenSearch({
      onLog: (line) => (process.env.OPENSEARCH_LOG ? console.error(line) : undefined),
    });
  } catch (error) {
    if (ci) throw error;
    console.warn(`live OpenSearch suites skipped: ${(error as Error).message}`);
    return undefined;
  }
  console.log(
    `OpenSearch 2.19 for ${live.length} live test files at ${node.url} (${Date.now() - started} ms)`,
  );
  process.env.OPENSEARCH_URL = node.url;
  return async () => {
    delete process.env.OPENSEARCH_URL;
    await node.stop();
  };
}
