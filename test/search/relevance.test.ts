import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Archive } from '../../shared/ingest/ingest.ts';
import { query } from '../index/agenda-index.contract.ts';
import { fixtures } from '../support/fixtures.ts';
import { archiveWith } from '../support/memory-archive.ts';

// Danish queries a citizen would type, over the real fixtures, with the items they must return
// near the top.
describe('relevance over the fixtures', () => {
  let archive: Archive;
  beforeAll(async () => {
    const files = ['minutes', 'bilag', 'real'].flatMap((dir) =>
      readdirSync(join(fixtures, dir)).map((f) => `${dir}/${f}`),
    );
    archive = await archiveWith(files);
  });

  const top = async (text: string, n = 3) => (await archive.index.search(query({ text }))).hits.slice(0, n);

  it('"sundhedsaftale" → the items about Sundhedsaftalen 2024-27 first', async () => {
    const titles = (await top('sundhedsaftale', 2)).map((h) => h.title);
    expect(titles).toEqual(
      expect.arrayContaining([
        'Drøftelse af udkast til politiske visioner for Sundhedsaftalen 2024-27',
        'Temadrøftelse: Det administrative tillæg til Sundhedsaftalen 2024-2027',
      ]),
    );
  });

  it('"sygeplejersker" → the item, and its KL bilag matches too', async () => {
    const [hit] = await top('sygeplejersker', 1);
    expect(hit).toMatchObject({ meetingId: 'sundhedsdirektoerkredsen-2023-10-04', number: 3 });
    expect(hit!.matchedBilag.map((b) => b.name)).toEqual(['KL-oplæg om forbeholdt virksomdhedsområde.pdf']);
  });

  it('"videokonsultationer", a word only in a bilag → the item that lists that bilag', async () => {
    const [hit] = await top('videokonsultationer', 1);
    expect(hit).toMatchObject({ number: 9, bilag: { name: 'Innovationspartnerskab – oplæg.pdf' } });
  });

  it('"telemedicin" → the Telemedicin item of 17 November 2022 first', async () => {
    const [hit] = await top('telemedicin', 1);
    expect(hit).toMatchObject({ meetingId: 'sundhedsdirektoerkredsen-2022-11-17', number: 2 });
  });

  it('"aftale" finds Sundhedsaftalen through its compound part, below whole-word matches', async () => {
    const hits = (await archive.index.search(query({ text: 'aftale', limit: 50 }))).hits;
    const compound = hits.findIndex((h) => h.title.includes('Sundhedsaftalen 2024-27'));
    expect(compound).toBeGreaterThan(-1);
    const wholeWord = hits.findIndex((h) => h.snippet.toLowerCase().includes('<mark>aftale'));
    expect(wholeWord).toBeGreaterThan(-1);
    expect(wholeWord).toBeLessThan(compound);
  });

  it('committee and year filters alone list exactly that meeting’s items', async () => {
    const result = await archive.index.search(
      query({ committees: ['Sundhedsdirektørkredsen'], from: '2023-01-01', to: '2023-12-31', limit: 50 }),
    );
    expect(result.hits.map((h) => h.number).sort((a, b) => Number(a) - Number(b))).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
    expect(new Set(result.hits.map((h) => h.meetingId))).toEqual(
      new Set(['sundhedsdirektoerkredsen-2023-10-04']),
    );
  });
});
