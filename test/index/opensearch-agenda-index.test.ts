import { describe, expect, it } from 'vitest';
import { OpenSearchAgendaIndex } from '../../shared/adapters/opensearch/opensearch-agenda-index.ts';
import { ProtokolError } from '../../shared/domain/errors.ts';
import type { Meeting } from '../../shared/domain/model.ts';
import { type Exchange, recording, replayClient } from '../support/opensearch-replay.ts';
import { query } from './agenda-index.contract.ts';

// The OpenSearch adapter against recorded exchanges shaped as OpenSearch 2.x answers (made by
// test/fixtures/opensearch/make-recordings.ts). No server can run here; the live suite
// (opensearch-live.test.ts) runs the whole AgendaIndex contract when OPENSEARCH_URL is set.

function replay(name: string) {
  const exchanges = recording(name);
  const { client, remaining } = replayClient(exchanges);
  return { index: new OpenSearchAgendaIndex(client), exchanges, remaining };
}

const meeting = (): Meeting => {
  const body = recording('put-meeting')[1]!.request.body as object[];
  return (body.at(-1) as { meeting: Meeting }).meeting;
};

describe('OpenSearch adapter (recorded exchanges)', () => {
  it('creates the items index behind its alias, with Danish stemming, stop words, compound parts and case numbers', async () => {
    const { index, exchanges, remaining } = replay('ensure-indexes');
    await index.ensureIndexes();
    expect(remaining()).toBe(0);
    const created = exchanges[1]!.request.body as {
      settings: { analysis: { analyzer: Record<string, { filter: string[] }> } };
      mappings: { properties: Record<string, { type: string; analyzer?: string; fields?: object }> };
      aliases: object;
    };
    expect(created.aliases).toEqual({ 'protokol-items': {} });
    expect(created.settings.analysis.analyzer.danish_text!.filter).toEqual([
      'lowercase',
      'danish_stop',
      'danish_stemmer',
    ]);
    expect(created.mappings.properties.committee).toEqual({ type: 'keyword' });
    expect(created.mappings.properties.start).toEqual({ type: 'date' });
    expect(created.mappings.properties.title).toMatchObject({ type: 'text', analyzer: 'danish_text' });
    // Compound parts come stemmed from the shared decompounder, one token each.
    expect(created.mappings.properties.compounds).toMatchObject({ type: 'text', analyzer: 'whitespace' });
    expect(created.mappings.properties.caseKey).toEqual({ type: 'keyword' });
    expect(created.mappings.properties.bilag!.type).toBe('nested');
  });

  it('indexes a meeting in one bulk request: one document per item, and the meeting', async () => {
    const { index, exchanges, remaining } = replay('put-meeting');
    await index.putMeeting(meeting());
    expect(remaining()).toBe(0);
    const bulk = exchanges[1]!.request.body as Record<string, unknown>[];
    expect(bulk[0]).toEqual({
      index: { _index: 'protokol-items', _id: 'sundhedsdirektoerkredsen-2022-11-17#2' },
    });
    expect(bulk[1]).toMatchObject({
      committee: 'Sundhedsdirektørkredsen',
      year: '2022',
      title: 'Fælles Telemedicin i Syd',
      bilag: [],
    });
    expect(bulk[2]).toEqual({
      index: { _index: 'protokol-meetings', _id: 'sundhedsdirektoerkredsen-2022-11-17' },
    });
  });

  it('sends again only the items OpenSearch refused with 429', async () => {
    const { index, exchanges, remaining } = replay('bulk-429-then-ok');
    await index.putMeeting(meeting());
    expect(remaining()).toBe(0);
    const retried = exchanges[2]!.request.body as object[];
    expect(retried).toHaveLength(2);
    expect(retried[0]).toEqual({
      index: { _index: 'protokol-items', _id: 'sundhedsdirektoerkredsen-2022-11-17#2' },
    });
  });

  it('reports a bulk item OpenSearch refused, naming it and the reason', async () => {
    const { index } = replay('bulk-item-error');
    const error = await index.putMeeting(meeting()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtokolError);
    expect((error as ProtokolError).message).toBe(
      'OpenSearch refused 1 bulk item(s): index sundhedsdirektoerkredsen-2022-11-17#2: mapper_parsing_exception failed to parse field [start] of type [date]',
    );
  });

  it('asks with the port’s semantics and reads hits, highlight, matched bilag, facets and the cursor', async () => {
    const { index, exchanges } = replay('search-telemedicin');
    const result = await index.search(
      query({ text: 'telemedicin -region', from: '2022-01-01', to: '2022-12-31', limit: 1 }),
    );
    const body = exchanges[0]!.request.body as {
      query: { bool: { must: object[]; must_not: object[] } };
      post_filter: object;
      aggs: Record<string, { filter: { bool: { filter: object[] } } }>;
      sort: unknown[];
      highlight: { encoder: string; pre_tags: string[] };
    };
    expect(body.query.bool.must_not).toEqual([
      { multi_match: { query: 'region', fields: ['title^5', 'decision^2.5', 'recommendation^1.5', 'case'] } },
    ]);
    // The year facet counts without the date filter; the others within it.
    expect(body.aggs.year!.filter.bool.filter).toEqual([]);
    expect(body.aggs.committee!.filter.bool.filter).toHaveLength(1);
    expect(body.highlight).toMatchObject({ encoder: 'html', pre_tags: ['<mark>'] });
    expect(result).toMatchObject({
      total: 2,
      hits: [
        {
          meetingId: 'sundhedsdirektoerkredsen-2022-11-17',
          number: 2,
          snippet: 'Der var opbakning til <mark>telemedicin</mark>.',
          matchedBilag: [{ name: 'Oplæg.pdf', documentId: 'b'.repeat(64) }],
        },
      ],
      facets: {
        committee: [
          { value: 'Sundhedsdirektørkredsen', count: 1 },
          { value: 'Økonomiudvalget', count: 1 },
        ],
        year: [{ value: '2022', count: 1 }],
      },
    });
    expect(JSON.parse(Buffer.from(result.next!, 'base64url').toString())).toEqual({
      s: [7.31, 'sundhedsdirektoerkredsen-2022-11-17#2'],
    });
  });

  it('turns the cursor into search_after on the next request', async () => {
    const exchanges: Exchange[] = [];
    const { client } = replayClient(exchanges);
    const index = new OpenSearchAgendaIndex(client);
    const cursor = Buffer.from(JSON.stringify({ s: [7.31, 'x#2'] })).toString('base64url');
    const error = await index
      .search(query({ text: 'telemedicin', cursor }))
      .catch((e: { meta: { body: { got: { body: { search_after: unknown } } } } }) => e);
    expect(
      (error as { meta: { body: { got: { body: { search_after: unknown } } } } }).meta.body.got.body
        .search_after,
    ).toEqual([7.31, 'x#2']);
  });

  it('swaps an alias to a new index version in one step, then drops the old one', async () => {
    const { index, exchanges, remaining } = replay('swap-alias');
    await index.swapAlias('protokol-items', 'protokol-items-v2');
    expect(remaining()).toBe(0);
    expect(exchanges[1]!.request.body).toEqual({
      actions: [
        { remove: { index: 'protokol-items-v1', alias: 'protokol-items' } },
        { add: { index: 'protokol-items-v2', alias: 'protokol-items' } },
      ],
    });
  });
});
