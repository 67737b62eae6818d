import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterEach, describe, expect, it } from 'vitest';
import { firstAgendaImportHandler } from '../../functions/firstagenda-import.ts';
import { buildApp } from '../../infra/app.ts';
import { portalSettings } from '../../shared/firstagenda/import-config.ts';
import { type LocalPortal, startLocalPortal } from '../support/firstagenda-portal.ts';
import { fixtures } from '../support/fixtures.ts';
import { mockBucket } from '../support/mock-bucket.ts';

const WRITTEN = join(fixtures, 'firstagenda', 'written');

function synth(context: Record<string, unknown> = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  const { stack } = buildApp(app);
  app.synth();
  return Template.fromStack(stack);
}

describe('the FirstAgenda import on AWS: the template', () => {
  it('schedules the import function once per configured portal, with only the bucket prefixes it needs', () => {
    const portals = [
      { url: 'https://dagsordener.greve.dk', authority: 'Greve Kommune' },
      { url: 'https://dagsordener.aarhus.dk', since: '2018-01-01' },
    ];
    const template = synth({
      firstagendaPortals: JSON.stringify(portals),
      firstagendaSchedule: 'cron(0 5 * * ? *)',
    });
    template.resourcePropertiesCountIs('AWS::Events::Rule', { ScheduleExpression: 'cron(0 5 * * ? *)' }, 2);
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(0 5 * * ? *)',
      Targets: [Match.objectLike({ Input: JSON.stringify({ portal: 'https://dagsordener.aarhus.dk' }) })],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'protokol: follows FirstAgenda portals into uploads/',
      Timeout: 900,
      ReservedConcurrentExecutions: 2,
      Environment: {
        Variables: Match.objectLike({ PROTOKOL_FIRSTAGENDA_PORTALS: JSON.stringify(portals) }),
      },
    });
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(policies).toContain('/uploads/firstagenda/*');
    expect(policies).toContain('/imports/firstagenda/*');
  });

  it('has no import and no schedule when no portal is configured, and refuses a portal that is not an address', () => {
    const template = synth();
    // The one rule left is the maintenance sweep's.
    template.resourceCountIs('AWS::Events::Rule', 1);
    expect(JSON.stringify(template.findResources('AWS::Events::Rule'))).not.toContain('portal');
    expect(JSON.stringify(template.findResources('AWS::Lambda::Function'))).not.toContain('FirstAgenda');
    expect(() => portalSettings('[{"url": "dagsordener.greve.dk"}]', 'context firstagendaPortals')).toThrow(
      /context firstagendaPortals: 0.url/,
    );
    expect(portalSettings('https://dagsordener.greve.dk/, https://dagsordener.aarhus.dk', 'x')).toEqual([
      { url: 'https://dagsordener.greve.dk' },
      { url: 'https://dagsordener.aarhus.dk' },
    ]);
  });
});

describe('the FirstAgenda import on AWS: the handler over a local portal', () => {
  let portal: LocalPortal | null = null;
  afterEach(async () => {
    await portal?.close();
    portal = null;
  });

  it("puts new answers and their bilag into uploads/ with the authority and the bilag's meeting, and only what changed afterwards", async () => {
    portal = await startLocalPortal([
      join(WRITTEN, 'Byraad-2022-2025-2025-09-08T19-00-00-02-00-ordinaer.json'),
      join(WRITTEN, 'Oekonomiudvalget-2025-10-22-dagsorden.json'),
    ]);
    const { s3, objects } = mockBucket();
    const handler = firstAgendaImportHandler(() => ({
      s3,
      bucket: 'documents',
      portals: [{ url: portal!.baseUrl, authority: 'Greve Kommune', rate: 200 }],
      client: { backoffMs: 1 },
    }));
    const forever = { getRemainingTimeInMillis: () => 600_000 };
    const first = await handler({ portal: portal.baseUrl }, forever);
    expect(first.portals[0]).toMatchObject({ fetched: 2, uploaded: 4, failed: 0, stopped: false });
    const uploads = [...objects.keys()].filter((k) => k.startsWith('uploads/firstagenda/127-0-0-1-'));
    expect(uploads.filter((k) => k.endsWith('.json'))).toHaveLength(2);
    const bilag = uploads.filter((k) => k.endsWith('.pdf'));
    expect(bilag.map((k) => k.split('/').pop())).toEqual(
      expect.arrayContaining(['Bilag 1. Lokalplan 2.77 endelig.pdf', 'Bilag 1. Takstblad 2026.pdf']),
    );
    const lokalplan = objects.get(bilag.find((k) => k.includes('Lokalplan'))!)!;
    expect(lokalplan.metadata).toMatchObject({
      kind: 'bilag',
      authority: encodeURIComponent('Greve Kommune'),
    });
    expect(lokalplan.metadata['meeting-id']).toMatch(/^byraadet-2025-09-08-/);
    expect([...objects.keys()]).toContain(
      `imports/firstagenda/127-0-0-1-${new URL(portal.baseUrl).port}.json`,
    );

    // Next run: the held meeting is known; the agenda not yet held is fetched again, and unchanged.
    const second = await handler({ portal: portal.baseUrl }, forever);
    expect(second.portals[0]).toMatchObject({ fetched: 1, known: 1, uploaded: 0 });
    // The minutes arrive: the answer goes up.
    portal.replace(join(WRITTEN, 'Oekonomiudvalget-2025-10-22-referat.json'));
    const third = await handler({ portal: portal.baseUrl }, forever);
    expect(third.portals[0]).toMatchObject({ fetched: 1, uploaded: 1 });
  });

  it('stops before a meeting when the invocation is about to run out, and the next run goes on', async () => {
    portal = await startLocalPortal([join(WRITTEN, 'Oekonomiudvalget-2025-10-22-referat.json')]);
    const { s3 } = mockBucket();
    const handler = firstAgendaImportHandler(() => ({
      s3,
      bucket: 'documents',
      portals: [{ url: portal!.baseUrl, rate: 200 }],
    }));
    const out = await handler({}, { getRemainingTimeInMillis: () => 30_000 });
    expect(out.portals[0]).toMatchObject({ stopped: true, uploaded: 0 });
    const next = await handler({}, { getRemainingTimeInMillis: () => 600_000 });
    expect(next.portals[0]).toMatchObject({ stopped: false, uploaded: 2 });
    await expect(handler({ portal: 'https://elsewhere.dk' })).rejects.toThrow(
      /not configured: https:\/\/elsewhere.dk/,
    );
  });
});
