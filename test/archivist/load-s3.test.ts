import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { load } from '../../cli/commands/load.ts';
import { UsageError } from '../../cli/main.ts';
import { documentId } from '../../shared/ingest/ingest.ts';
import { fixture, fixtures, tempDir } from '../support/fixtures.ts';
import { mockBucket } from '../support/mock-bucket.ts';

// `protokol load --to s3://…` into a deployment's bucket (S3 through aws-sdk-client-mock).

describe('protokol load --to s3://', () => {
  let dir: string;
  let data: string;
  beforeEach(async () => {
    dir = await tempDir();
    data = await tempDir();
    mkdirSync(join(dir, '2022'));
    copyFileSync(
      join(fixtures, 'minutes', 'moede-2022-11-17-sundhedsdirektoerkredsen.pdf'),
      join(dir, '2022', 'moede.pdf'),
    );
    copyFileSync(join(fixtures, 'minutes', 'punkt-de-nye-sundhedsklynger.pdf'), join(dir, 'punkt.pdf'));
    copyFileSync(join(fixtures, 'bad', 'billede-med-forkert-endelse.pdf'), join(dir, 'billede.pdf'));
    writeFileSync(
      join(dir, 'manifest.csv'),
      'path,committee,date,kind\npunkt.pdf,Sundheds- og Omsorgsudvalget,2024-05-06,punkt\n',
    );
  });

  const report = () => readFileSync(join(data, 'report.csv'), 'utf8');
  const run = (s3: ReturnType<typeof mockBucket>['s3'], extra: Record<string, string | boolean> = {}) =>
    load(
      [dir],
      {
        to: 's3://protokol-documents/uploads/archive',
        data,
        report: join(data, 'report.csv'),
        manifest: join(dir, 'manifest.csv'),
        ...extra,
      },
      { s3 },
    );

  it('uploads each file under uploads/ with the manifest metadata, and fails a bad one alone with its reason', async () => {
    const { s3, objects } = mockBucket();
    expect(await run(s3)).toBe(2);
    const punkt = objects.get(
      `uploads/archive/${documentId(fixture('minutes/punkt-de-nye-sundhedsklynger.pdf'))}/punkt.pdf`,
    );
    expect(punkt?.metadata).toEqual({
      committee: encodeURIComponent('Sundheds- og Omsorgsudvalget'),
      date: '2024-05-06',
      kind: 'punkt',
    });
    expect([...objects.keys()].filter((k) => k.startsWith('uploads/'))).toHaveLength(2);
    expect(report()).toMatch(/billede\.pdf,failed,.*billede\.pdf: .*PNG/i);
    expect(report()).toMatch(/moede\.pdf,uploaded,/);
  });

  it('uploads nothing twice: a second run finds the files there and says "unchanged"', async () => {
    const { s3, objects } = mockBucket();
    await run(s3);
    const before = objects.size;
    await run(s3);
    expect(objects.size).toBe(before);
    expect(report()).toMatch(/moede\.pdf,unchanged,/);
  });

  it('with --retry-failed, uploads again only what the deployment failed on', async () => {
    const { s3, objects } = mockBucket();
    await run(s3);
    const id = documentId(fixture('minutes/punkt-de-nye-sundhedsklynger.pdf'));
    objects.set(`documents/${id}/record.json`, {
      bytes: new TextEncoder().encode(JSON.stringify({ id, status: 'failed', meetingId: null })),
      metadata: {},
    });
    const key = `uploads/archive/${id}/punkt.pdf`;
    objects.delete(key);
    await run(s3, { 'retry-failed': true });
    expect(objects.has(key)).toBe(true);
    expect(report().trim().split('\n').slice(1)).toEqual([expect.stringMatching(/punkt\.pdf,uploaded,/)]);
  });

  it('refuses a target outside uploads/, where the pipeline would never see the files', async () => {
    const { s3 } = mockBucket();
    await expect(load([dir], { to: 's3://protokol-documents/documents/x', data }, { s3 })).rejects.toThrow(
      UsageError,
    );
  });
});
