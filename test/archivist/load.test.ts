import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SourceDocument } from '../../shared/domain/model.ts';
import { protokol } from '../support/cli.ts';
import { fixtures, root, tempDir } from '../support/fixtures.ts';

const MONTHS = [
  'januar',
  'februar',
  'marts',
  'april',
  'maj',
  'juni',
  'juli',
  'august',
  'september',
  'oktober',
  'november',
];

function writeMinutes(dir: string, count: number): void {
  for (let n = 0; n < count; n++) {
    const folder = join(dir, `aar-${2000 + (n % 20)}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(
      join(folder, `referat-${n}.html`),
      // One meeting a file: a date no other file has.
      `<html><body><h1>Referat</h1><p>Udvalg: Arkivudvalget</p><p>Dato: ${1 + (n % 28)}. ${MONTHS[Math.floor(n / 28)]} 2010 kl. 10.00</p>` +
        `<h2>1. Arkivsag ${n}</h2><h3>Beslutning</h3><p>Godkendt som arkivsag nummer ${n}.</p></body></html>`,
    );
  }
}

describe('protokol load', () => {
  it('survives kill -9 and resumes where it stopped, losing and doubling nothing', async () => {
    const dir = await tempDir();
    const data = await tempDir();
    writeMinutes(dir, 300);
    // First run: killed hard once a few dozen files are in.
    await new Promise<void>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [join(root, 'bin', 'protokol.mjs'), 'load', dir, '--data', data, '--concurrency', '4'],
        {
          env: { ...process.env, PROTOKOL_OCR: 'off' },
        },
      );
      let seen = 0;
      child.stdout.on('data', (chunk: Buffer) => {
        seen += (chunk.toString().match(/^indexed/gm) ?? []).length;
        if (seen >= 40 && child.exitCode === null) child.kill('SIGKILL');
      });
      child.on('exit', (_code, signal) =>
        signal === 'SIGKILL'
          ? resolve()
          : reject(new Error(`load ended by itself before it was killed (${seen} indexed)`)),
      );
    });
    const report = join(data, 'second.csv');
    const second = protokol(['load', dir, '--data', data, '--report', report]);
    expect(second.code).toBe(0);
    const summary = /(\d+) indexed, (\d+) unchanged, 0 failed/.exec(second.stdout)!;
    expect(Number(summary[1]) + Number(summary[2])).toBe(300);
    expect(Number(summary[2])).toBeGreaterThanOrEqual(40);
    const records = JSON.parse(protokol(['status', '--json', '--data', data]).stdout) as SourceDocument[];
    expect(records).toHaveLength(300);
    expect(records.every((r) => r.status === 'indexed')).toBe(true);
    const search = JSON.parse(
      protokol(['search', 'arkivsag', '--limit', '100', '--json', '--data', data]).stdout,
    );
    expect(search.total).toBe(300);
    const rows = readFileSync(report, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('file,status,reason,meeting_id');
    expect(rows).toHaveLength(301);
  });

  it('takes what a file lacks from the manifest, reports failures, and re-runs only those', async () => {
    const dir = await tempDir();
    const data = await tempDir();
    copyFileSync(join(fixtures, 'minutes', 'punkt-de-nye-sundhedsklynger.pdf'), join(dir, 'punkt.pdf'));
    copyFileSync(join(fixtures, 'bad', 'afbrudt-upload.pdf'), join(dir, 'afbrudt.pdf'));
    writeFileSync(
      join(data, 'manifest.csv'),
      'path,committee,date,kind\npunkt.pdf,Sundhedsdirektørkredsen,2022-04-20,punkt\n',
    );
    const report = join(data, 'report.csv');
    const first = protokol([
      'load',
      dir,
      '--manifest',
      join(data, 'manifest.csv'),
      '--data',
      data,
      '--report',
      report,
    ]);
    expect(first.code).toBe(2);
    expect(first.stdout).toMatch(/failed\s+\S*afbrudt\.pdf: afbrudt\.pdf: the PDF is cut short/);
    const rows = readFileSync(report, 'utf8');
    expect(rows).toMatch(/punkt\.pdf,indexed,,sundhedsdirektoerkredsen-2022-04-20/);
    expect(rows).toMatch(/afbrudt\.pdf,failed,/);

    const retry = protokol(['load', dir, '--retry-failed', '--data', data]);
    expect(retry.stdout).toMatch(/0 indexed, 0 unchanged, 1 failed, 1 skipped/);
  });
});

describe('protokol reindex and report', () => {
  it('rebuilds the index from stored results and swaps it in', async () => {
    const data = await tempDir();
    protokol([
      'ingest',
      join(fixtures, 'minutes', 'moede-2023-10-04-sundhedsdirektoerkredsen.html'),
      '--data',
      data,
    ]);
    const reindex = protokol(['reindex', '--data', data]);
    expect(reindex.code).toBe(0);
    expect(reindex.stdout).toMatch(/reindexed 1 documents .* now serving .*index-2\.sqlite/);
    const search = JSON.parse(protokol(['search', 'sygeplejersker', '--json', '--data', data]).stdout);
    expect(search.hits[0].number).toBe(3);
    const report = protokol(['report', '--data', data]);
    expect(report.stdout).toContain('Sundhedsdirektørkredsen\n  2023: 1');
  });
});
