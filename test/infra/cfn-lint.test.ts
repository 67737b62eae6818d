import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { root } from '../support/fixtures.ts';

// cfn-lint (PyPI, pinned in scripts/python-tools.sh) over the synthesized templates, beside
// cdk-nag: a template CloudFormation would refuse, or a property its resource specification does
// not know, fails here before a deploy does. Under CI a missing cfn-lint is a failure.

const run = promisify(execFile);
const CFN_LINT = join(root, '.tools', 'venv', 'bin', 'cfn-lint');
const available = existsSync(CFN_LINT);
if (!available && process.env.CI)
  throw new Error(`cfn-lint is missing at ${CFN_LINT}: run scripts/python-tools.sh (.ci/run does)`);
if (!available) console.warn('cfn-lint tests skipped: run scripts/python-tools.sh to install cfn-lint');

interface Finding {
  Rule: { Id: string };
  Message: string;
  Location: { Path: unknown[] };
}

async function lint(template: object, dir: string, name: string): Promise<Finding[]> {
  const file = join(dir, `${name}.json`);
  await writeFile(file, JSON.stringify(template));
  // cfn-lint exits non-zero when it finds anything; its JSON report is on stdout either way.
  const { stdout } = await run(CFN_LINT, ['--format', 'json', '--regions', 'eu-north-1', '--', file], {
    maxBuffer: 16 * 1024 * 1024,
  }).catch((error: { stdout?: string; stderr?: string; code?: number }) => {
    if (!error.stdout) throw new Error(`cfn-lint failed (${error.code}): ${error.stderr}`);
    return { stdout: error.stdout };
  });
  return JSON.parse(stdout || '[]') as Finding[];
}

function synth(context: Record<string, unknown> = {}): object {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  const { stack } = buildApp(app);
  app.synth();
  return Template.fromStack(stack).toJSON();
}

/** Findings looked at and accepted, each with its reason; anything else, warning or error, fails. */
const ACKNOWLEDGED: { rule: string; path: RegExp; reason: string }[] = [
  {
    rule: 'W3005',
    path: /^Resources\/[^/]+\/DependsOn\//,
    reason: 'the CDK writes DependsOn beside a GetAtt of the same role or queue: redundant, harmless',
  },
  {
    rule: 'W3045',
    path: /^Resources\/AccessLogsBucket[0-9A-F]+\/Properties\/AccessControl$/,
    reason:
      "CloudFront's standard logs are delivered with ACLs, so the CDK grants log delivery by AccessControl",
  },
];

const summary = (findings: Finding[]) =>
  findings
    .map((f) => ({ rule: f.Rule.Id, path: f.Location.Path.join('/'), message: f.Message }))
    .filter((f) => !ACKNOWLEDGED.some((a) => a.rule === f.rule && a.path.test(f.path)))
    .map((f) => `${f.rule} ${f.path}: ${f.message}`);

describe.skipIf(!available)('cfn-lint over the synthesized CloudFormation templates', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'protokol-cfn-lint-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('finds nothing in the default stack', { timeout: 120_000 }, async () => {
    expect(summary(await lint(synth(), dir, 'default'))).toEqual([]);
  });

  it('finds nothing in the production-sized stack (3 data nodes, 3 masters, zones)', {
    timeout: 120_000,
  }, async () => {
    const template = synth({
      searchDataNodes: 3,
      searchMasterNodes: 3,
      searchInstanceType: 'r7g.large.search',
      alarmEmail: 'drift@kommune.dk',
    });
    expect(summary(await lint(template, dir, 'production'))).toEqual([]);
  });

  it('fails a template CloudFormation would refuse', { timeout: 120_000 }, async () => {
    const template = synth() as {
      Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
    };
    const queue = Object.values(template.Resources).find((r) => r.Type === 'AWS::SQS::Queue')!;
    queue.Properties = { ...queue.Properties, VisibilityTimeout: 'six minutes', MessageRetentionDays: 4 };
    const ids = (await lint(template, dir, 'broken')).map((f) => f.Rule.Id);
    expect(ids).toEqual(expect.arrayContaining(['E3012', 'E3002']));
  });
});
