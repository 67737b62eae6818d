import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { modulesLoadedBy, protokol } from '../support/cli.ts';
import { fixtures, tempDir } from '../support/fixtures.ts';

describe('protokol search as a one-shot process', () => {
  let data: string;

  beforeAll(async () => {
    data = await tempDir();
    const ingest = protokol([
      'ingest',
      join(fixtures, 'minutes', 'moede-2023-10-04-sundhedsdirektoerkredsen.pdf'),
      '--data',
      data,
    ]);
    expect(ingest.code, ingest.stderr).toBe(0);
  }, 120_000);

  it('loads the index alone: no archive, reader pool, OpenSearch client, zod or compound dictionary', async () => {
    const { loaded, stdout } = await modulesLoadedBy(['search', 'kommissorium', '--data', data]);
    expect(stdout).toContain('punkt 5: Godkendelse af revideret kommissorium');
    const unwanted = loaded.filter((url) =>
      /node_modules\/(@opensearch-project|zod)\/|shared\/ingest\/|reader-pool|danish-lexicon\.data/.test(url),
    );
    expect(unwanted).toEqual([]);
  });

  it('checks its own options: a date that does not exist and a limit out of range are usage errors', () => {
    const date = protokol(['search', 'telemedicin', '--from', '2025-02-30', '--data', data]);
    expect(date.code).toBe(1);
    expect(date.stderr).toContain('--from must be a date as YYYY-MM-DD, not "2025-02-30"');
    const limit = protokol(['search', 'telemedicin', '--limit', '500', '--data', data]);
    expect(limit.code).toBe(1);
    expect(limit.stderr).toContain('--limit must be a whole number from 1 to 100, not "500"');
    const order = protokol(['search', 'x', '--from', '2025-03-01', '--to', '2025-01-01', '--data', data]);
    expect(order.stderr).toContain('--from must not be after --to');
  });

  it('finds with the options it takes: a committee and a date range', () => {
    const hit = protokol([
      'search',
      'kommissorium',
      '--json',
      '--from',
      '2023-10-01',
      '--to',
      '2023-10-31',
      '--data',
      data,
    ]);
    expect(hit.code, hit.stderr).toBe(0);
    expect(JSON.parse(hit.stdout).total).toBeGreaterThan(0);
    const none = protokol([
      'search',
      'kommissorium',
      '--json',
      '--committee',
      'Teknisk Udvalg',
      '--data',
      data,
    ]);
    expect(JSON.parse(none.stdout).total).toBe(0);
  });
});
