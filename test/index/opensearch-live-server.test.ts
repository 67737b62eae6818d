import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ITEM_MAPPINGS,
  type OpenSearchAgendaIndex,
} from '../../shared/adapters/opensearch/opensearch-agenda-index.ts';
import { SqliteAgendaIndex } from '../../shared/adapters/sqlite/sqlite-agenda-index.ts';
import { ProtokolError } from '../../shared/domain/errors.ts';
import type { Meeting, MeetingItem } from '../../shared/domain/model.ts';
import { liveIndex, liveUrl } from '../support/opensearch-live.ts';
import { query } from './agenda-index.contract.ts';

// Where a real OpenSearch 2.19 answers otherwise than the recordings the adapter was first written
// against assumed. Each test here failed on the adapter as it was before the live node ran.

function item(number: number, title: string, sections: MeetingItem['sections'] = []): MeetingItem {
  return {
    number,
    title,
    caseNumber: null,
    closed: false,
    decision: sections.find((s) => s.heading === 'Beslutning')?.text ?? null,
    sections,
    attachments: [],
    page: number,
    sources: ['a'.repeat(64)],
  };
}

function meeting(
  id: string,
  start: string | null,
  items: MeetingItem[],
  committee = 'Teknisk Udvalg',
): Meeting {
  return {
    id,
    committee,
    title: null,
    kind: 'referat',
    start,
    end: null,
    location: null,
    published: null,
    participants: [],
    absent: [],
    guests: [],
    sources: [{ documentId: 'a'.repeat(64), name: `${id}.pdf`, kind: 'referat' }],
    items,
  };
}

describe.skipIf(!liveUrl)('OpenSearch adapter on a live node', () => {
  let index: OpenSearchAgendaIndex;
  const drops: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    const live = await liveIndex('server');
    index = live.index;
    drops.push(live.drop);
  });
  afterAll(async () => {
    for (const drop of drops) await drop();
  });

  it('pages by date past items with no date, each item once (missing-date sort values)', async () => {
    await index.putMeeting(
      meeting('teknisk-udvalg-2024-05-01', '2024-05-01T16:00:00+02:00', [
        item(1, 'Vejplan'),
        item(2, 'Cykelsti'),
      ]),
    );
    await index.putMeeting(
      meeting('teknisk-udvalg-udateret', null, [
        item(1, 'Rundkørsel'),
        item(2, 'Fortov'),
        item(3, 'Busstop'),
      ]),
    );
    for (const sort of ['newest', 'oldest'] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 10; page++) {
        const result = await index.search(
          query({ committees: ['Teknisk Udvalg'], sort, limit: 1, ...(cursor ? { cursor } : {}) }),
        );
        seen.push(...result.hits.map((h) => h.title));
        if (!result.next) break;
        cursor = result.next;
      }
      // Undated items come last in both orders (as the SQLite index has them), each in its order
      // on the agenda.
      const undated = ['Rundkørsel', 'Fortov', 'Busstop'];
      const dated = ['Vejplan', 'Cykelsti'];
      expect(seen).toEqual([...dated, ...undated]);
    }
  });

  it('cuts the same snippets as the SQLite index: escaped alike, decision first, a bilag’s own text', async () => {
    const sqlite = new SqliteAgendaIndex(':memory:');
    const meetings = [
      meeting('oekonomi-2024-06-01', '2024-06-01T10:00:00+02:00', [
        item(1, 'Budget', [
          {
            heading: 'Beslutning',
            text: `Budgettet for 2024/25 blev godkendt med 'grøn' profil & "blå" <noter>.`,
          },
        ]),
      ]),
      meeting('miljoe-2024-06-02', '2024-06-02T10:00:00+02:00', [
        item(1, 'Spildevand', [
          { heading: 'Sagsfremstilling', text: 'Kloakseparering i sagens baggrund.' },
          { heading: 'Indstilling', text: 'Det indstilles at kloakseparering fremmes.' },
          { heading: 'Beslutning', text: 'Udvalget besluttede kloakseparering i 2025.' },
        ]),
        {
          ...item(2, 'Skolevej', [{ heading: 'Beslutning', text: 'Godkendt.' }]),
          attachments: [{ name: 'Notat.pdf' }],
        },
      ]),
    ];
    const bilag = {
      documentId: 'c'.repeat(64),
      name: 'Notat.pdf',
      meetingId: 'miljoe-2024-06-02',
      itemNumber: '2',
      text: 'Notatet om trafiksikkerhed ved skolen: fartdæmpning og en ny fodgængerovergang.',
    };
    for (const target of [index, sqlite]) {
      for (const m of meetings) await target.putMeeting(m);
      await target.putBilag(bilag);
    }
    for (const text of ['budgettet', 'kloakseparering', 'fodgængerovergang']) {
      const [live] = (await index.search(query({ text }))).hits;
      const [local] = (await sqlite.search(query({ text }))).hits;
      expect({ text, snippet: live!.snippet, bilag: live!.bilag }).toEqual({
        text,
        snippet: local!.snippet,
        bilag: local!.bilag,
      });
    }
    const [budget] = (await index.search(query({ text: 'budgettet' }))).hits;
    expect(budget!.snippet).toBe(
      '<mark>Budgettet</mark> for 2024/25 blev godkendt med &#39;grøn&#39; profil &amp; &quot;blå&quot; &lt;noter&gt;.',
    );
    const [inBilag] = (await index.search(query({ text: 'fodgængerovergang' }))).hits;
    expect(inBilag).toMatchObject({ title: 'Skolevej', bilag: { name: 'Notat.pdf' } });
    expect(inBilag!.snippet).toContain('<mark>fodgængerovergang</mark>');
    await sqlite.close();
  });

  it('still finds an item whose text is longer than the highlighter analyses', async () => {
    // Past index.highlight.max_analyzed_offset (1,000,000 characters) OpenSearch's highlighter fails
    // the whole search; below it, this text took its unified highlighter minutes.
    const long = `Havnebadet åbner. ${'Lang redegørelse om vandkvalitet. '.repeat(32_000)}`;
    await index.putMeeting(
      meeting('kultur-2024-06-03', '2024-06-03T10:00:00+02:00', [
        item(1, 'Havnebad', [{ heading: 'Sagsfremstilling', text: long }]),
        item(2, 'Vandkvalitet i havnen', [{ heading: 'Beslutning', text: 'Godkendt.' }]),
      ]),
    );
    const result = await index.search(query({ text: 'vandkvalitet' }));
    expect(result.hits.map((h) => h.title).sort()).toEqual(['Havnebad', 'Vandkvalitet i havnen']);
    const longHit = result.hits.find((h) => h.title === 'Havnebad')!;
    expect(longHit.snippet).toContain('<mark>vandkvalitet</mark>');
  });

  it('counts a meeting on New Year’s night in its Danish year', async () => {
    await index.putMeeting(
      meeting('nytaar-2022-01-01', '2022-01-01T00:30:00+01:00', [item(1, 'Nytårskur')], 'Nytårsudvalget'),
    );
    await index.putMeeting(
      meeting('nytaar-2022-12-31', '2022-12-31T23:30:00+01:00', [item(1, 'Nytårstale')], 'Nytårsudvalget'),
    );
    expect(await index.meetingsPerYear('Nytårsudvalget')).toEqual([{ year: '2022', meetings: 2 }]);
  });

  it('gives first and last meeting in their own offset, summer and winter time', async () => {
    const committee = 'Sommerudvalget';
    await index.putMeeting(
      meeting('sommer-2023-07-01', '2023-07-01T09:00:00+02:00', [item(1, 'A')], committee),
    );
    await index.putMeeting(
      meeting('vinter-2023-12-01', '2023-12-01T09:00:00+01:00', [item(1, 'B')], committee),
    );
    const summary = (await index.committees()).find((c) => c.name === committee);
    expect(summary).toEqual({
      name: committee,
      meetings: 2,
      first: '2023-07-01T09:00:00+02:00',
      last: '2023-12-01T09:00:00+01:00',
    });
  });
});

describe.skipIf(!liveUrl)('OpenSearch adapter before its indexes exist', () => {
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const drop of drops) await drop();
  });

  it('refuses a write naming the missing alias, and creates no index in its place', async () => {
    const live = await liveIndex('no-alias', { ensure: false });
    drops.push(live.drop);
    // The items alias exists, the meetings alias does not (a setup cut short).
    await live.index.createVersion(live.index.items, ITEM_MAPPINGS, 1);
    const error = await live.index
      .putMeeting(meeting('m-2024-01-01', '2024-01-01T10:00:00+01:00', [item(1, 'Alias')]))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtokolError);
    expect((error as Error).message).toContain(`${live.prefix}-meetings`);
    const indices = (await live.client.cat.indices({ index: `${live.prefix}-*`, format: 'json' } as never))
      .body as { index: string }[];
    expect(indices.map((i) => i.index)).toEqual([`${live.prefix}-items-v1`]);
    // Once the setup completes, writes work.
    await live.index.ensureIndexes();
    await live.index.putMeeting(meeting('m-2024-01-01', '2024-01-01T10:00:00+01:00', [item(1, 'Alias')]));
    expect((await live.index.search(query({ text: 'alias' }))).total).toBe(1);
  });
});

describe.skipIf(!liveUrl)('OpenSearch index versions and bulk errors on a live node', () => {
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const drop of drops) await drop();
  });

  it('creates version 1 behind the alias with the Danish analysis the queries rely on', async () => {
    const live = await liveIndex('versions');
    drops.push(live.drop);
    const aliases = (await live.client.indices.getAlias({ name: live.index.items })).body as object;
    expect(Object.keys(aliases)).toEqual([`${live.index.items}-v1`]);
    const analyze = async (analyzer: string, text: string) =>
      (
        (await live.client.indices.analyze({ index: live.index.items, body: { analyzer, text } } as never))
          .body as { tokens: { token: string }[] }
      ).tokens.map((t) => t.token);
    // Stop words out, stems in; compound parts come from the shared decompounder, as stems.
    expect(await analyze('danish_text', 'Sundhedsaftalen og sygeplejersker')).toEqual([
      'sundhedsaftal',
      'sygeplejersk',
    ]);
    expect(await analyze('danish_plain', 'Sundhedsaftalen')).toEqual(['sundhedsaftalen']);
  });

  it('reports a bulk item OpenSearch refused, naming it and the reason', async () => {
    const live = await liveIndex('bulk-error');
    drops.push(live.drop);
    const error = await live.index
      .putMeeting(meeting('fejl-2024-01-01', 'den 1. januar', [item(1, 'Forkert dato')]))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtokolError);
    expect((error as Error).message).toMatch(
      /^OpenSearch refused 2 bulk item\(s\): index fejl-2024-01-01#1: mapper_parsing_exception failed to parse field \[start\] of type \[date\]/,
    );
  });

  it('swaps the alias to a new version in one step, then drops the old one', async () => {
    const live = await liveIndex('swap');
    drops.push(live.drop);
    await live.index.putMeeting(
      meeting('gammel-2024-01-01', '2024-01-01T10:00:00+01:00', [item(1, 'Gammel')]),
    );
    const next = await live.index.createVersion(live.index.items, ITEM_MAPPINGS, 2);
    await live.index.swapAlias(live.index.items, next);
    const aliases = (await live.client.indices.getAlias({ name: live.index.items })).body as object;
    expect(Object.keys(aliases)).toEqual([next]);
    expect((await live.client.indices.exists({ index: `${live.index.items}-v1` })).body).toBe(false);
    // Searches and writes now go to the new version.
    expect((await live.index.search(query({ text: 'gammel' }))).total).toBe(0);
    await live.index.putMeeting(meeting('ny-2024-02-01', '2024-02-01T10:00:00+01:00', [item(1, 'Ny')]));
    expect((await live.index.search(query({ text: 'ny' }))).hits.map((h) => h.meetingId)).toEqual([
      'ny-2024-02-01',
    ]);
  });
});
