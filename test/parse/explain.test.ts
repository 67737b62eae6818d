import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { protokol } from '../support/cli.ts';
import { fixtures } from '../support/fixtures.ts';

describe('protokol parse --explain', () => {
  it('says for each line of a real eDoc referat why it became what it became', () => {
    const run = protokol([
      'parse',
      join(fixtures, 'realworld', 'edoc-ballerup-sfu-20121204.pdf'),
      '--explain',
    ]);
    expect(run.code).toBe(0);
    const row = (role: string, text: string) =>
      new RegExp(`^p\\d+\\s+${role}\\s+\\| ${text.replace(/[.()]/g, '\\$&')}\\s`, 'm');
    // The page header's "Referat" is a running header, found by repetition, not a section.
    expect(run.stdout).toMatch(row('running header', 'Referat'));
    expect(run.stdout).toMatch(/running header .*repeated at the same place on \d+ or more of 15 pages/);
    expect(run.stdout).toMatch(row('table of contents', '1. Meddelelser 3'));
    expect(run.stdout).toMatch(row('meeting header', 'tirsdag den 4. december 2012, kl. 13:00'));
    expect(run.stdout).toMatch(row('item heading', '1. Meddelelser'));
    expect(run.stdout).toMatch(row('case number', 'Sagsnr.: 2011-29298'));
    expect(run.stdout).toMatch(row('section heading', 'Sundheds- og Forebyggelsesudvalgets beslutning'));
    expect(run.stdout).toMatch(row('decision', 'Taget til efterretning'));
    expect(run.stdout).toMatch(row('bilag', '2012-200782 - Bygningsliste og prioriteringssystem'));
  });

  it('prints the parse and the lines as JSON with --json, and says what closed an item', () => {
    const run = protokol([
      'parse',
      join(fixtures, 'layouts', 'regionh-regionsraadet-2024-05-14.pdf'),
      '--explain',
      '--json',
    ]);
    const out = JSON.parse(run.stdout) as {
      parsed: { items: { closed: boolean }[] };
      lines: { role: string; text: string; why: string }[];
    };
    expect(out.parsed.items.at(-1)!.closed).toBe(true);
    const heading = out.lines.find((l) => l.text.includes('(LUKKET PUNKT)'))!;
    expect(heading).toMatchObject({
      role: 'item heading',
      why: expect.stringMatching(/"LUKKET" in the heading closes it/),
    });
    expect(out.lines.find((l) => l.text.startsWith('Regionsrådet 14. maj 2024'))!.role).toBe(
      'running footer',
    );
  });
});
