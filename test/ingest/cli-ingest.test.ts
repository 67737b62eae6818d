import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SourceDocument } from '../../shared/domain/model.ts';
import { protokol } from '../support/cli.ts';
import { fixtures, tempDir } from '../support/fixtures.ts';

describe('protokol ingest over good minutes and bad uploads', () => {
  let data: string;
  let run: ReturnType<typeof protokol>;
  beforeAll(async () => {
    data = await tempDir();
    run = protokol(['ingest', join(fixtures, 'minutes'), join(fixtures, 'bad'), '--data', data]);
  });

  it('fails each bad file alone with a clear reason, and exits 2', () => {
    expect(run.code).toBe(2);
    const failed = run.stdout.split('\n').filter((l) => l.startsWith('failed'));
    expect(failed).toHaveLength(5);
    expect(run.stdout).toMatch(/failed\s+\S*tom\.pdf: tom\.pdf: the file is empty/);
    expect(run.stdout).toMatch(/failed\s+\S*afbrudt-upload\.pdf: .*cut short/);
    expect(run.stdout).toMatch(/failed\s+\S*krypteret\.pdf: .*encrypted/);
    expect(run.stdout).toMatch(/failed\s+\S*billede-med-forkert-endelse\.pdf: .*a PNG image, not a PDF/);
    expect(run.stdout).toMatch(/failed\s+\S*tekst\.pdf: .*plain text, not a PDF/);
  });

  it('indexes every good file, with a summary of pages per second', () => {
    const indexed = run.stdout.split('\n').filter((l) => l.startsWith('indexed'));
    expect(indexed).toHaveLength(8);
    expect(run.stdout).toMatch(
      /8 indexed, 0 unchanged, 5 failed · \d+ pages in [\d.]+ s \([\d.]+ pages\/s\)/,
    );
  });

  it('shows every document and the reason of each failure in status --json', () => {
    const status = protokol(['status', '--json', '--data', data]);
    expect(status.code).toBe(0);
    const records = JSON.parse(status.stdout) as SourceDocument[];
    expect(records).toHaveLength(13);
    expect(records.filter((r) => r.status === 'indexed')).toHaveLength(8);
    const empty = records.find((r) => r.name === 'tom.pdf')!;
    expect(empty).toMatchObject({ status: 'failed', errorCode: 'EMPTY_FILE' });
    expect(records.find((r) => r.name === 'krypteret.pdf')).toMatchObject({
      status: 'failed',
      errorCode: 'ENCRYPTED_FILE',
    });
  });

  it('says unchanged when the same files are taken in again', () => {
    const again = protokol(['ingest', join(fixtures, 'minutes'), '--data', data]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/0 indexed, 8 unchanged, 0 failed/);
  });

  it('finds the Telemedicin item of the 17 November 2022 meeting', () => {
    const search = protokol(['search', 'telemedicin', '--json', '--data', data]);
    const result = JSON.parse(search.stdout);
    expect(result.hits[0]).toMatchObject({
      meetingId: 'sundhedsdirektoerkredsen-2022-11-17',
      number: 2,
      title: 'Fælles Telemedicin i Syd om landsdelsprogrammerne for KOL og hjerte',
    });
  });

  it('merges the web page, its PDF printout and the referat into one meeting, each item once', () => {
    const search = protokol([
      'search',
      '',
      '--committee',
      'Sundhedsdirektørkredsen',
      '--from',
      '2022-11-17',
      '--to',
      '2022-11-17',
      '--json',
      '--data',
      data,
    ]);
    const result = JSON.parse(search.stdout);
    expect(result.total).toBe(5);
    expect(result.hits.map((h: { number: number }) => h.number).sort()).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('protokol usage', () => {
  it('exits 1 with the usage on a usage error, and every command has --help', () => {
    const bad = protokol(['ingest']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Usage: protokol ingest PATH...');
    for (const command of [
      'parse',
      'ingest',
      'load',
      'search',
      'status',
      'reindex',
      'report',
      'serve',
      'start',
    ]) {
      const help = protokol([command, '--help']);
      expect(help.code, command).toBe(0);
      expect(help.stdout).toContain(`Usage: protokol ${command}`);
    }
  });

  it('names a missing file and its reason', () => {
    const missing = protokol(['parse', 'no-such-file.pdf']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no-such-file.pdf: no such file');
  });
});
