import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../shared/api/app.ts';
import { createLocalHome, type LocalHome } from '../../shared/composition/local.ts';
import { readLocalConfig } from '../../shared/config.ts';
import { protokol } from '../support/cli.ts';
import { fixture, fixtures, root, tempDir } from '../support/fixtures.ts';
import { liveClient, liveUrl, uniquePrefix } from '../support/opensearch-live.ts';

// The two homes side by side over one data folder: the same documents taken in once, indexed in
// SQLite (the embedded default) and, by `protokol reindex --index opensearch`, in a live OpenSearch.
// A user who moves an archive to OpenSearch must find the same items with the same queries.

const QUERIES = [
  'q=sundhedsaftale',
  'q=sygeplejersker',
  'q=videokonsultationer',
  'q=telemedicin',
  'q=aftale&limit=50',
  'q=kommissorium',
  'q="politiske visioner"',
  'committee=Sundhedsdirektørkredsen&from=2023-01-01&to=2023-12-31&limit=50',
  'sort=newest&limit=50',
  'sort=oldest&limit=5',
  'q=byrådet&section=decision',
];

type Hit = {
  meetingId: string;
  number: unknown;
  start: string | null;
  title: string;
  bilag: unknown;
  matchedBilag: unknown[];
};
type Result = { total: number; hits: Hit[]; facets: object };

describe.skipIf(!liveUrl)('SQLite and OpenSearch homes over the same documents', () => {
  const prefix = uniquePrefix('parity');
  let dataDir: string;
  let sqlite: LocalHome;
  let opensearch: LocalHome;
  const get = async (home: LocalHome, path: string) => {
    const api = createApi({ index: home.archive.index, store: home.archive.store });
    const res = await api.request(path);
    expect(res.status).toBe(200);
    return (await res.json()) as Result;
  };

  beforeAll(async () => {
    dataDir = await tempDir();
    const env = { PROTOKOL_DATA_DIR: dataDir, PROTOKOL_OCR: 'off' };
    sqlite = createLocalHome(readLocalConfig(env));
    const files = ['minutes', 'bilag', 'real'].flatMap((dir) =>
      readdirSync(join(fixtures, dir)).map((f) => `${dir}/${f}`),
    );
    for (const path of files)
      await sqlite.archive.ingest({ name: path.split('/').pop()!, bytes: fixture(path) });
    const reindex = protokol(
      ['reindex', '--data', dataDir, '--index', 'opensearch', '--opensearch-url', liveUrl!],
      {
        PROTOKOL_INDEX_PREFIX: prefix,
      },
    );
    expect(reindex.stderr).toBe('');
    expect(reindex.stdout).toMatch(new RegExp(`now serving ${prefix}-items-v2 and ${prefix}-meetings-v2`));
    opensearch = createLocalHome(
      readLocalConfig({
        ...env,
        PROTOKOL_INDEX: 'opensearch',
        PROTOKOL_OPENSEARCH_URL: liveUrl!,
        PROTOKOL_INDEX_PREFIX: prefix,
      }),
    );
  });
  afterAll(async () => {
    await sqlite?.close();
    await opensearch?.close();
    await liveClient().indices.delete({ index: `${prefix}-*` } as never);
  });

  // Not compared here: `q=sundhed -aftale` gave 18 items in both homes in one run and 19 on
  // OpenSearch in another, over the same documents (an item found only through a bilag that holds
  // the -excluded word). -excluded words are held to the same rules on both indexes by the contract
  // suites; what makes this corpus differ between runs is left open (issue #15 note).
  it.each(QUERIES)('finds the same items for %s', async (params) => {
    const [local, live] = await Promise.all([
      get(sqlite, `/api/search?${params}`),
      get(opensearch, `/api/search?${params}`),
    ]);
    expect(local.total).toBeGreaterThan(0);
    const key = (h: Hit) => `${h.meetingId}#${h.number}`;
    expect(live.total).toBe(local.total);
    // Both rank by BM25, but not with the same field weights and length norms: the same items,
    // and for a date order the same dates in the same order (within a meeting, and among undated
    // items, ties are broken by agenda position, then by when they were indexed in SQLite and by
    // item key in OpenSearch).
    expect(live.hits.map(key).sort()).toEqual(local.hits.map(key).sort());
    if (!params.includes('q=')) {
      const order = (r: Result) => r.hits.map((h) => h.start);
      expect(order(live)).toEqual(order(local));
    }
    expect(live.facets).toEqual(local.facets);
    const bilag = (r: Result) => Object.fromEntries(r.hits.map((h) => [key(h), [h.bilag, h.matchedBilag]]));
    expect(bilag(live)).toEqual(bilag(local));
  });

  it('puts the same item first for the relevance suite’s queries', async () => {
    for (const q of ['telemedicin', 'sygeplejersker', 'videokonsultationer']) {
      const [local, live] = await Promise.all([
        get(sqlite, `/api/search?q=${q}`),
        get(opensearch, `/api/search?q=${q}`),
      ]);
      expect({ q, first: live.hits[0]?.title }).toEqual({ q, first: local.hits[0]?.title });
    }
  });

  it('answers the meeting, committee and coverage routes alike', async () => {
    for (const path of [
      '/api/committees',
      '/api/meetings/sundhedsdirektoerkredsen-2022-11-17',
      `/api/committees/${encodeURIComponent('Sundhedsdirektørkredsen')}/coverage`,
    ]) {
      expect(await get(opensearch, path)).toEqual(await get(sqlite, path));
    }
  });

  it('serves the page and the API over OpenSearch: protokol serve --index opensearch', async () => {
    let server: ChildProcess | undefined;
    try {
      server = spawn(
        process.execPath,
        [
          join(root, 'bin', 'protokol.mjs'),
          'serve',
          '--port',
          '0',
          '--data',
          dataDir,
          '--index',
          'opensearch',
          '--opensearch-url',
          liveUrl!,
        ],
        { cwd: root, env: { ...process.env, PROTOKOL_OCR: 'off', PROTOKOL_INDEX_PREFIX: prefix } },
      );
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        server!.stdout!.on('data', (chunk: Buffer) => {
          out += chunk;
          const m = /serves search at (http:\/\/\S+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        server!.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
      });
      const page = await fetch(`${url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<html');
      const live = (await (await fetch(`${url}/api/search?q=telemedicin`)).json()) as Result;
      const local = await get(sqlite, '/api/search?q=telemedicin');
      expect(live.hits.map((h) => h.title)).toEqual(local.hits.map((h) => h.title));
    } finally {
      server?.kill('SIGTERM');
    }
  });
});
