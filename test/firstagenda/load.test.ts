import { describe, expect, it } from 'vitest';
import { protokol } from '../support/cli.ts';
import { tempDir } from '../support/fixtures.ts';

describe('protokol load test/fixtures/firstagenda/greve', () => {
  it('takes in all 105 meetings as it takes PDFs, with Byrådet under its stable name', async () => {
    const data = await tempDir();
    const load = protokol(['load', 'test/fixtures/firstagenda/greve', '--data', data]);
    expect(load.stderr).toBe('');
    expect(load.code).toBe(0);
    expect(load.stdout).toMatch(/^105 indexed, 0 unchanged, 0 failed/m);
    const report = JSON.parse(protokol(['report', '--json', '--data', data]).stdout) as {
      committees: { committee: string; years: { year: string; meetings: number }[] }[];
    };
    const byraadet = report.committees.find((c) => c.committee === 'Byrådet');
    expect(byraadet?.years).toEqual([
      { year: '2022', meetings: 12 },
      { year: '2023', meetings: 2 },
    ]);
    expect(report.committees.map((c) => c.committee)).not.toContain('Byråd 2022-2025');
    expect(report.committees.reduce((n, c) => n + c.years.reduce((m, y) => m + y.meetings, 0), 0)).toBe(105);
    const search = JSON.parse(
      protokol(['search', 'Strandparken', '--committee', 'Økonomiudvalget', '--json', '--data', data]).stdout,
    ) as { total: number; hits: { authority: string }[] };
    expect(search.total).toBeGreaterThan(1);
    expect(search.hits[0]!.authority).toBe('Greve Kommune');
  }, 240_000);
});
