import type { Client } from '@opensearch-project/opensearch';
import { InvalidArgumentError, ProtokolError } from '../../domain/errors.ts';
import type { Meeting, MeetingItem } from '../../domain/model.ts';
import type {
  AgendaIndex,
  CommitteeSummary,
  FacetValue,
  IndexedBilag,
  SearchHit,
  SearchQuery,
  SearchResult,
} from '../../ports/agenda-index.port.ts';
import { foldCopies, type ItemSource, identityOf, itemSources, mergeSources } from '../../search/copies.ts';
import { decodeSearchAfter, encodeSearchAfter } from '../../search/cursor.ts';
import { danishStem } from '../../search/danish-stemmer.ts';
import { MIN_PART } from '../../search/decompound.ts';
import {
  compoundPartStems,
  itemForBilag,
  itemKey,
  itemNumberFrom,
  itemText,
  snippetSource,
  yearOf,
} from '../../search/index-text.ts';
import {
  anyClause,
  caseKey,
  isEmptyQuery,
  onlyStopWords,
  type ParsedQuery,
  parseQuery,
  type QueryTerm,
  queryPrefixes,
  queryStems,
  relaxable,
  suggestableWords,
} from '../../search/query.ts';
import { makeSnippet } from '../../search/snippet.ts';
import { DANISH_STOP_WORDS } from '../../search/stop-words.ts';
import { maxEdits, replaceWord } from '../../search/suggest.ts';

/**
 * Danish analysis: the Snowball stemmer and stop words, the same as the SQLite index's (the same
 * stemmer, the same stop list). Compound parts are found by the shared decompounder
 * (search/decompound.ts, over the Danish hunspell dictionary) when a document is built, and
 * indexed as the stems they are, in `compounds` and `titleParts`: the parts OpenSearch finds are
 * then exactly those SQLite finds. (Lucene's dictionary_decompounder emits every dictionary word
 * found anywhere inside a token, "regn" and "skab" inside "klimaregnskab" too, and knows no
 * linking letters: it would find more than SQLite, and differently.)
 */
export const INDEX_SETTINGS = {
  analysis: {
    filter: {
      danish_stop: { type: 'stop', stopwords: DANISH_STOP_WORDS },
      danish_stemmer: { type: 'stemmer', language: 'danish' },
    },
    analyzer: {
      danish_text: {
        type: 'custom',
        tokenizer: 'standard',
        filter: ['lowercase', 'danish_stop', 'danish_stemmer'],
      },
      // Words as written, for "Mente du …" suggestions.
      danish_plain: { type: 'custom', tokenizer: 'standard', filter: ['lowercase'] },
    },
  },
} as const;

const text = () => ({ type: 'text', analyzer: 'danish_text', copy_to: 'vocabulary' });
/** Stems computed by the decompounder, one token each. */
const stems = { type: 'text', analyzer: 'whitespace', norms: false } as const;

/** One document per agenda item; its bilag are nested so a hit in one leads to the item. */
export const ITEM_MAPPINGS = {
  dynamic: 'strict',
  properties: {
    meetingId: { type: 'keyword' },
    itemKey: { type: 'keyword' },
    number: { type: 'keyword' },
    position: { type: 'integer' },
    committee: { type: 'keyword' },
    authority: { type: 'keyword' },
    start: { type: 'date' },
    year: { type: 'keyword' },
    kind: { type: 'keyword' },
    closed: { type: 'boolean' },
    caseNumber: { type: 'keyword', index: false },
    caseKey: { type: 'keyword' },
    title: text(),
    decision: text(),
    recommendation: text(),
    case: text(),
    compounds: stems,
    titleParts: stems,
    vocabulary: { type: 'text', analyzer: 'danish_plain' },
    decisionText: { type: 'keyword', index: false, doc_values: false },
    snippetText: { type: 'keyword', index: false, doc_values: false },
    documentId: { type: 'keyword' },
    sources: { type: 'object', enabled: false },
    page: { type: 'integer' },
    bilag: {
      type: 'nested',
      properties: {
        documentId: { type: 'keyword' },
        name: { type: 'keyword' },
        text: { type: 'text', analyzer: 'danish_text' },
        compounds: stems,
      },
    },
  },
} as const;

export const MEETING_MAPPINGS = {
  dynamic: 'strict',
  properties: {
    committee: { type: 'keyword' },
    start: { type: 'date' },
    meeting: { type: 'object', enabled: false },
  },
} as const;

interface ItemDoc {
  meetingId: string;
  itemKey: string;
  number: string | null;
  position: number;
  committee: string | null;
  authority?: string | null;
  start: string | null;
  year: string;
  kind: string;
  closed: boolean;
  caseNumber: string | null;
  caseKey: string | null;
  title: string;
  decision: string;
  recommendation: string;
  case: string;
  compounds: string;
  titleParts: string;
  decisionText: string | null;
  snippetText: string;
  documentId: string | null;
  sources: ItemSource[];
  page: number | null;
  bilag: { documentId: string; name: string; text: string; compounds: string }[];
}

const FIELDS = ['title^5', 'decision^2.5', 'recommendation^1.5', 'case'];
const SECTION_FIELDS: Record<SearchQuery['section'], string[]> = {
  all: FIELDS,
  decision: ['decision'],
  recommendation: ['recommendation'],
  case: ['case'],
};

export interface OpenSearchIndexOptions {
  /** Alias prefix: items live behind `${prefix}-items`, meetings behind `${prefix}-meetings`. */
  prefix?: string;
  /** Retries of bulk items refused with 429 (too many requests). */
  retries?: number;
  refresh?: boolean | 'wait_for';
  /**
   * Create the indexes behind their aliases before the first request (the local home). On AWS the
   * opensearch-setup resource creates them; the functions' roles may not.
   */
  createIndexes?: boolean;
  /** Read and write these concrete indexes instead of the aliases: a rebuild fills new versions. */
  concrete?: { items: string; meetings: string };
}

/**
 * The agenda index on OpenSearch: Danish analysis, keyword facets, snippets, search_after paging,
 * bulk indexing that retries items refused with 429, and versioned indexes behind aliases so a
 * reindex swaps with no downtime.
 */
export class OpenSearchAgendaIndex implements AgendaIndex {
  readonly #client: Client;
  readonly items: string;
  readonly meetings: string;
  readonly #retries: number;
  readonly #refresh: boolean | 'wait_for';
  readonly #options: OpenSearchIndexOptions;
  #ready: Promise<void> | null = null;

  constructor(client: Client, options: OpenSearchIndexOptions = {}) {
    this.#client = client;
    this.#options = options;
    const prefix = options.prefix ?? 'protokol';
    this.items = options.concrete?.items ?? `${prefix}-items`;
    this.meetings = options.concrete?.meetings ?? `${prefix}-meetings`;
    this.#retries = options.retries ?? 5;
    this.#refresh = options.refresh ?? 'wait_for';
  }

  /** Resolves once the indexes exist, when this index is to create them; at once otherwise. */
  #whenReady(): Promise<void> {
    if (!this.#options.createIndexes) return Promise.resolve();
    this.#ready ??= this.ensureIndexes().catch((error: unknown) => {
      this.#ready = null;
      throw error;
    });
    return this.#ready;
  }

  /**
   * Fills new versions of both indexes with `fill`, then points both aliases at them in one atomic
   * step and drops the old versions. Searches keep answering from the old versions meanwhile.
   */
  async rebuild(
    fill: (target: OpenSearchAgendaIndex) => Promise<void>,
  ): Promise<{ items: string; meetings: string }> {
    await this.#whenReady();
    const next = async (alias: string, mappings: object) => {
      const existing = Object.keys(
        (await this.#client.indices.get({ index: `${alias}-v*`, expand_wildcards: 'all' } as never))
          .body as object,
      );
      const current = Object.keys((await this.#client.indices.getAlias({ name: alias })).body as object);
      // Versions no alias points at are what a rebuild cut short left behind.
      for (const stale of existing.filter((i) => !current.includes(i)))
        await this.#client.indices.delete({ index: stale });
      const version = Math.max(0, ...existing.map((i) => Number(/-v(\d+)$/.exec(i)?.[1] ?? 0))) + 1;
      return this.createVersion(alias, mappings, Math.max(version, 2));
    };
    const target = {
      items: await next(this.items, ITEM_MAPPINGS),
      meetings: await next(this.meetings, MEETING_MAPPINGS),
    };
    await fill(
      new OpenSearchAgendaIndex(this.#client, { ...this.#options, createIndexes: false, concrete: target }),
    );
    const old = {
      items: Object.keys((await this.#client.indices.getAlias({ name: this.items })).body as object),
      meetings: Object.keys((await this.#client.indices.getAlias({ name: this.meetings })).body as object),
    };
    await this.#client.indices.updateAliases({
      body: {
        actions: (['items', 'meetings'] as const).flatMap((kind) => [
          ...old[kind].map((index) => ({ remove: { index, alias: this[kind] } })),
          { add: { index: target[kind], alias: this[kind] } },
        ]),
      },
    } as never);
    for (const index of [...old.items, ...old.meetings]) await this.#client.indices.delete({ index });
    return target;
  }

  /** Creates version 1 of both indexes behind their aliases when they do not exist yet. */
  async ensureIndexes(): Promise<void> {
    for (const [alias, mappings] of [
      [this.items, ITEM_MAPPINGS],
      [this.meetings, MEETING_MAPPINGS],
    ] as const) {
      const exists = await this.#client.indices.existsAlias({ name: alias });
      if (exists.body) continue;
      await this.createVersion(alias, mappings, 1);
    }
  }

  /** Creates `${alias}-v${version}` with the mappings, and points the alias at it if it is the first. */
  async createVersion(alias: string, mappings: object, version: number): Promise<string> {
    const index = `${alias}-v${version}`;
    await this.#client.indices.create({
      index,
      body: {
        settings: { ...INDEX_SETTINGS, number_of_shards: 1 },
        mappings,
        ...(version === 1 ? { aliases: { [alias]: {} } } : {}),
      },
    } as never);
    return index;
  }

  /** Points an alias at a new index version in one atomic step, and drops the old version. */
  async swapAlias(alias: string, index: string): Promise<void> {
    const current = await this.#client.indices.getAlias({ name: alias });
    const old = Object.keys(current.body as object);
    await this.#client.indices.updateAliases({
      body: { actions: [...old.map((o) => ({ remove: { index: o, alias } })), { add: { index, alias } }] },
    } as never);
    for (const o of old) if (o !== index) await this.#client.indices.delete({ index: o });
  }

  async putMeeting(meeting: Meeting): Promise<void> {
    await this.#whenReady();
    const kept = await this.#bilagOf(meeting.id);
    const docs = meeting.items.map((item, position) =>
      this.#itemDoc(meeting, item, position, kept.get(itemKey(meeting.id, item.number, position)) ?? []),
    );
    const keys = new Set(docs.map((d) => d.itemKey));
    const stale = [...kept.keys()].filter((k) => !keys.has(k));
    await this.#bulk([
      ...docs.flatMap((doc) => [{ index: { _index: this.items, _id: doc.itemKey } }, doc]),
      ...stale.map((k) => ({ delete: { _index: this.items, _id: k } })),
      { index: { _index: this.meetings, _id: meeting.id } },
      { committee: meeting.committee, start: meeting.start, meeting },
    ]);
  }

  async removeMeeting(id: string): Promise<void> {
    await this.#whenReady();
    await this.#client.deleteByQuery({
      index: this.items,
      refresh: true,
      body: { query: { term: { meetingId: id } } },
    } as never);
    await this.#client
      .delete({ index: this.meetings, id, refresh: this.#refresh } as never)
      .catch((error: { meta?: { statusCode?: number } }) => {
        if (error.meta?.statusCode !== 404) throw error;
      });
  }

  async getMeeting(id: string): Promise<Meeting | null> {
    await this.#whenReady();
    try {
      const res = await this.#client.get({ index: this.meetings, id });
      return (res.body._source as { meeting: Meeting }).meeting;
    } catch (error) {
      if ((error as { meta?: { statusCode?: number } }).meta?.statusCode === 404) return null;
      throw error;
    }
  }

  async putBilag(bilag: IndexedBilag): Promise<void> {
    await this.#whenReady();
    const meeting = await this.getMeeting(bilag.meetingId);
    if (!meeting) throw new InvalidArgumentError('meetingId', `no meeting "${bilag.meetingId}" in the index`);
    const found = itemForBilag(meeting, bilag.itemNumber);
    if (!found) return;
    const { item, position } = found;
    const key = itemKey(meeting.id, item.number, position);
    const res = await this.#client.get({ index: this.items, id: key });
    const doc = res.body._source as ItemDoc;
    doc.bilag = [
      ...doc.bilag.filter((b) => b.documentId !== bilag.documentId),
      {
        documentId: bilag.documentId,
        name: bilag.name,
        text: bilag.text,
        compounds: compoundPartStems(bilag.text),
      },
    ];
    await this.#bulk([{ index: { _index: this.items, _id: key } }, doc]);
  }

  async removeBilag(documentId: string): Promise<void> {
    await this.#whenReady();
    await this.#client.updateByQuery({
      index: this.items,
      refresh: true,
      body: {
        query: { nested: { path: 'bilag', query: { term: { 'bilag.documentId': documentId } } } },
        script: {
          lang: 'painless',
          source: 'ctx._source.bilag.removeIf(b -> b.documentId == params.id)',
          params: { id: documentId },
        },
      },
    } as never);
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    await this.#whenReady();
    const parsed = parseQuery(query.text);
    if (onlyStopWords(parsed) && !query.caseNumber) {
      return {
        total: 0,
        hits: [],
        facets: { committee: [], year: [], kind: [], authority: [] },
        next: null,
        suggestion: null,
        ignored: parsed.ignored,
      };
    }
    const body = searchBody(query);
    const res = await this.#client.search({ index: this.items, body } as never);
    const result = readSearchResponse(res.body as unknown as SearchResponse, query, parsed);
    // As in SQLite: no item has every word and none is misspelled, so show those with most of them.
    if (result.total === 0 && !result.suggestion && relaxable(parsed)) {
      const some = await this.#client.search({ index: this.items, body: searchBody(query, true) } as never);
      const relaxed = readSearchResponse(some.body as unknown as SearchResponse, query, parsed);
      if (relaxed.total > 0) return { ...relaxed, suggestion: null, relaxed: true };
    }
    return { ...result, relaxed: false };
  }

  async committees(): Promise<CommitteeSummary[]> {
    await this.#whenReady();
    const res = await this.#client.search({
      index: this.meetings,
      body: {
        size: 0,
        aggs: {
          committees: {
            terms: { field: 'committee', size: 1000, order: { _key: 'asc' } },
            // min/max answer in UTC ("2022-11-17T08:00:00.000Z"); the first and last meeting's
            // own start keeps the offset it was held at.
            aggs: {
              first: edgeMeeting('asc'),
              last: edgeMeeting('desc'),
            },
          },
        },
      },
    } as never);
    const buckets = (res.body as unknown as { aggregations: { committees: { buckets: CommitteeBucket[] } } })
      .aggregations.committees.buckets;
    const start = (edge: CommitteeBucket['first']) => edge.hits.hits[0]?._source.start ?? null;
    return buckets.map((b) => ({
      name: b.key,
      meetings: b.doc_count,
      first: start(b.first),
      last: start(b.last),
    }));
  }

  async meetingsPerYear(committee: string): Promise<{ year: string; meetings: number }[]> {
    await this.#whenReady();
    const res = await this.#client.search({
      index: this.meetings,
      body: {
        size: 0,
        query: { term: { committee } },
        aggs: {
          years: {
            date_histogram: {
              field: 'start',
              calendar_interval: 'year',
              // Years as held in Denmark: a meeting at 00:30 on 1 January is not one of the year before.
              time_zone: 'Europe/Copenhagen',
              format: 'yyyy',
              min_doc_count: 1,
            },
          },
        },
      },
    } as never);
    const buckets = (
      res.body as unknown as {
        aggregations: { years: { buckets: { key_as_string: string; doc_count: number }[] } };
      }
    ).aggregations.years.buckets;
    return buckets.map((b) => ({ year: b.key_as_string, meetings: b.doc_count }));
  }

  #itemDoc(meeting: Meeting, item: MeetingItem, position: number, bilag: ItemDoc['bilag']): ItemDoc {
    const t = itemText(item);
    return {
      meetingId: meeting.id,
      itemKey: itemKey(meeting.id, item.number, position),
      number: item.number == null ? null : String(item.number),
      position,
      committee: meeting.committee,
      ...(meeting.authority ? { authority: meeting.authority } : {}),
      start: meeting.start,
      year: yearOf(meeting.start),
      kind: meeting.kind,
      closed: item.closed,
      caseNumber: item.caseNumber,
      caseKey: item.caseNumber ? caseKey(item.caseNumber) : null,
      title: t.title,
      decision: t.decision,
      recommendation: t.recommendation,
      case: t.case,
      compounds: compoundPartStems([t.decision, t.recommendation, t.case].join(' ')),
      titleParts: compoundPartStems(t.title),
      decisionText: item.closed ? null : item.decision,
      snippetText: snippetSource(t),
      documentId: item.sources[0] ?? null,
      sources: itemSources(meeting, item),
      page: item.page,
      bilag: item.closed ? [] : bilag,
    };
  }

  /** The bilag already indexed under each item of a meeting, so re-indexing the meeting keeps them. */
  async #bilagOf(meetingId: string): Promise<Map<string, ItemDoc['bilag']>> {
    const res = await this.#client
      .search({
        index: this.items,
        body: { size: 1000, query: { term: { meetingId } }, _source: ['itemKey', 'bilag'] },
      } as never)
      .catch((error: { meta?: { statusCode?: number } }) => {
        throw error.meta?.statusCode === 404 ? this.#missingAlias(this.items) : error;
      });
    const hits = (res.body as { hits: { hits: { _source: Pick<ItemDoc, 'itemKey' | 'bilag'> }[] } }).hits
      .hits;
    return new Map(hits.map((h) => [h._source.itemKey, h._source.bilag ?? []]));
  }

  #missingAlias(alias: string | undefined): ProtokolError {
    return new ProtokolError(
      'INDEX_ERROR',
      `the OpenSearch alias "${alias ?? `${this.items}/${this.meetings}`}" does not exist: create the indexes first ` +
        '(ensureIndexes; on AWS the opensearch-setup resource does it)',
    );
  }

  /** Sends a bulk request; items refused with 429 are sent again with backoff, other failures reported. */
  async #bulk(operations: object[]): Promise<void> {
    let pending = operations;
    for (let attempt = 0; ; attempt++) {
      // Written only through the aliases: a write to a missing alias would otherwise auto-create a
      // concrete index of that name, with guessed mappings, and block the alias for good.
      const res = await this.#client.bulk({
        body: pending,
        refresh: this.#refresh,
        require_alias: !this.#options.concrete,
      } as never);
      const body = res.body as BulkResponse;
      if (!body.errors) return;
      const missing = body.items
        .map((item) => Object.values(item)[0]!)
        .find((result) => result.error?.type === 'index_not_found_exception');
      if (missing) throw this.#missingAlias(missing._index);
      const retry: object[] = [];
      const failures: string[] = [];
      let op = 0;
      for (const item of body.items) {
        const [action, result] = Object.entries(item)[0]!;
        const hasSource = action !== 'delete';
        if (result.status === 429) retry.push(...pending.slice(op, op + (hasSource ? 2 : 1)));
        else if (result.status >= 300 && !(action === 'delete' && result.status === 404)) {
          failures.push(
            `${action} ${result._id}: ${result.error?.type ?? result.status} ${result.error?.reason ?? ''}`.trim(),
          );
        }
        op += hasSource ? 2 : 1;
      }
      if (failures.length)
        throw new ProtokolError(
          'INDEX_ERROR',
          `OpenSearch refused ${failures.length} bulk item(s): ${failures.join('; ')}`,
        );
      if (retry.length === 0) return;
      if (attempt >= this.#retries)
        throw new ProtokolError(
          'INDEX_ERROR',
          `OpenSearch kept refusing ${retry.length / 2} item(s) with 429 after ${attempt + 1} tries`,
        );
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
      pending = retry;
    }
  }
}

/** The committee's first or last dated meeting, as stored. */
const edgeMeeting = (order: 'asc' | 'desc') => ({
  top_hits: { size: 1, sort: [{ start: { order, missing: '_last' } }], _source: ['start'] },
});

interface EdgeMeeting {
  hits: { hits: { _source: { start: string | null } }[] };
}

interface CommitteeBucket {
  key: string;
  doc_count: number;
  first: EdgeMeeting;
  last: EdgeMeeting;
}

interface BulkResponse {
  errors: boolean;
  items: Record<
    string,
    { _index?: string; _id: string; status: number; error?: { type: string; reason: string } }
  >[];
}

interface SearchResponse {
  hits: {
    total: { value: number };
    hits: {
      _id: string;
      _score: number | null;
      _source: ItemDoc;
      sort?: unknown[];
      matched_queries?: string[];
      inner_hits?: {
        bilag?: { hits: { hits: { _source: { documentId: string; name: string } }[] } };
        bestBilag?: { hits: { hits: { _source: { text: string } }[] } };
      };
    }[];
  };
  aggregations: Record<string, { values: { buckets: { key: string; doc_count: number }[] } }>;
  suggest?: Record<string, { text: string; options: { text: string; freq: number; score: number }[] }[]>;
}

// Compound parts are scored by BM25 as in SQLite, weighed below the whole word in the same field
// (SQLite's WEIGHTS: title 5, a part of the title 2.5, the text's parts 0.5): "vedligeholdelse"
// ranks items that say it above those that say "bygningsvedligeholdelse" in the same place, but
// a title about Bygningsvedligeholdelse above a passing mention of vedligeholdelse.
const PART_BOOST = 0.5;
const TITLE_PART_BOOST = 2.5;

/** One alternative of a clause: a word, a prefix*, a "phrase" or a case number. */
function alternativeClause(t: QueryTerm, fields: string[], all: boolean, excluded: string[] = []): object {
  // As in SQLite, where each bilag is an entry of its own: a bilag that holds an -excluded word
  // does not make its item a match.
  const inBilag = (q: object) =>
    excluded.length
      ? { bool: { must: [q], must_not: excluded.map((w) => ({ match: { 'bilag.text': w } })) } }
      : q;
  const bare = fields.map((f) => f.replace(/\^.*/, ''));
  switch (t.kind) {
    case 'word': {
      const should: object[] = [{ multi_match: { query: t.word, fields } }];
      if (all) {
        should.push({
          nested: { path: 'bilag', query: inBilag({ match: { 'bilag.text': t.word } }), score_mode: 'max' },
        });
        if (t.stem.length >= MIN_PART) {
          should.push(
            { match: { titleParts: { query: t.stem, boost: TITLE_PART_BOOST } } },
            { match: { compounds: { query: t.stem, boost: PART_BOOST } } },
            {
              nested: {
                path: 'bilag',
                query: inBilag({ match: { 'bilag.compounds': { query: t.stem, boost: PART_BOOST } } }),
                score_mode: 'max',
              },
            },
          );
        }
      }
      return { bool: { should, minimum_should_match: 1 } };
    }
    case 'prefix': {
      // The index holds stems: "kommunen*" must find the stem "kommun" too.
      const stem = danishStem(t.prefix);
      const should: object[] = bare.map((f) => ({ prefix: { [f]: { value: t.prefix } } }));
      if (stem !== t.prefix) should.push(...bare.map((f) => ({ term: { [f]: stem } })));
      if (all)
        should.push({
          nested: {
            path: 'bilag',
            query: inBilag({ prefix: { 'bilag.text': { value: t.prefix } } }),
            score_mode: 'max',
          },
        });
      return { bool: { should, minimum_should_match: 1 } };
    }
    case 'phrase':
      return { multi_match: { query: t.words.join(' '), type: 'phrase', fields } };
    case 'case':
      return {
        bool: {
          should: [
            { constant_score: { filter: { term: { caseKey: t.key } }, boost: 10 } },
            { multi_match: { query: t.words.join(' '), type: 'phrase', fields } },
          ],
          minimum_should_match: 1,
        },
      };
  }
}

/** The plain words of a query, each with the term suggester that may correct it. */
function suggesters(parsed: ParsedQuery): Record<string, object> {
  const out: Record<string, object> = {};
  for (const [i, word] of suggestableWords(parsed).entries()) {
    const edits = maxEdits(word.length);
    if (edits === 0) continue;
    // As in SQLite: only a word the index does not hold is corrected (suggest_mode missing).
    out[`w${i}`] = {
      text: word,
      term: {
        field: 'vocabulary',
        suggest_mode: 'missing',
        sort: 'score',
        string_distance: 'damerau_levenshtein',
        max_edits: edits,
        prefix_length: 1,
        size: 1,
      },
    };
  }
  return out;
}

/**
 * The sort values of an item with no date, so that it comes last in both orders, as the SQLite
 * index has it: the year 1 newest first, the year 9999 oldest first. `missing: _last`/`_first`
 * would put Long.MIN/MAX there, which JSON.parse rounds (-9223372036854776000) and OpenSearch then
 * refuses as search_after ("failed to parse date field"); these are exact in a double.
 */
const NO_DATE = -62_135_596_800_000; // 0001-01-01T00:00:00.000Z
const NO_DATE_OLDEST_FIRST = 253_402_214_400_000; // 9999-12-31T00:00:00.000Z
const missingDate = (order: 'asc' | 'desc') => (order === 'asc' ? NO_DATE_OLDEST_FIRST : NO_DATE);

/**
 * search_after from a cursor. A date no double holds exactly can only be the rounded Long sentinel
 * of a cursor made before NO_DATE: it means "no date", so it continues among the undated items.
 */
function searchAfter(cursor: string | undefined, byDate: 'asc' | 'desc' | null): unknown[] | null {
  const after = decodeSearchAfter(cursor);
  if (after && byDate && typeof after[0] === 'number' && !Number.isSafeInteger(after[0]))
    return [missingDate(byDate), ...after.slice(1)];
  return after;
}

/** The name of the query part that matches an item's own text (title, decision, …), not its bilag. */
const OWN_TEXT = 'ownText';

/** The OpenSearch request body for a search: the same semantics as the SQLite adapter. */
export function searchBody(query: SearchQuery, anyWord = false): object {
  const strict: ParsedQuery = parseQuery(query.text);
  const parsed = anyWord ? anyClause(strict) : strict;
  const fields = SECTION_FIELDS[query.section];
  const all = query.section === 'all';
  const must: object[] = parsed.clauses.map((clause) =>
    clause.length === 1
      ? alternativeClause(clause[0]!, fields, all, parsed.excluded)
      : {
          bool: {
            should: clause.map((t) => alternativeClause(t, fields, all, parsed.excluded)),
            minimum_should_match: 1,
          },
        },
  );
  const mustNot = parsed.excluded.map((w) => ({ multi_match: { query: w, fields } }));
  const words = parsed.clauses
    .flatMap((c) => c.flatMap((t) => (t.kind === 'word' ? [t.word] : t.kind === 'prefix' ? [] : t.words)))
    .join(' ');
  const caseFilter = query.caseNumber ? [{ term: { caseKey: caseKey(query.caseNumber) } }] : [];
  const titleStems = queryStems(parsed).filter((st) => st.length >= MIN_PART);
  const suggest = suggesters(parsed);
  const filters: Record<'committee' | 'kind' | 'year' | 'authority', object | null> = {
    committee: query.committees.length ? { terms: { committee: query.committees } } : null,
    authority: query.authorities?.length ? { terms: { authority: query.authorities } } : null,
    kind: query.kinds.length ? { terms: { kind: query.kinds } } : null,
    year: query.undated
      ? { bool: { must_not: { exists: { field: 'start' } } } }
      : query.from || query.to
        ? {
            range: {
              start: {
                ...(query.from ? { gte: query.from } : {}),
                ...(query.to ? { lte: `${query.to}||/d` } : {}),
                time_zone: 'Europe/Copenhagen',
              },
            },
          }
        : null,
  };
  const others = (skip?: keyof typeof filters) =>
    Object.entries(filters)
      .filter(([k, f]) => k !== skip && f)
      .map(([, f]) => f!);
  const empty = isEmptyQuery(parsed);
  const byDate = query.sort === 'oldest' ? 'asc' : query.sort === 'newest' || empty ? 'desc' : null;
  const sort = byDate
    ? [{ start: { order: byDate, missing: missingDate(byDate) } }, { position: 'asc' }, { itemKey: 'asc' }]
    : ['_score', { itemKey: 'asc' }];
  const after = searchAfter(query.cursor, byDate);
  return {
    // A few more than the page, so copies folded into one hit still leave a full page.
    size: query.limit + 9,
    track_total_hits: true,
    query: {
      bool: {
        must: empty ? [{ match_all: {} }] : must,
        must_not: mustNot,
        filter: caseFilter,
        // Not conditions. The first fetches which bilag matched, as inner hits. The other two score
        // nothing: they tell whether the item's own text matched (else the best match is in a
        // bilag, which the hit names) and bring the best bilag's text for the snippet.
        ...(words
          ? {
              should: [
                ...(all
                  ? [
                      {
                        nested: {
                          path: 'bilag',
                          query: { match: { 'bilag.text': words } },
                          inner_hits: {
                            name: 'bilag',
                            _source: ['bilag.documentId', 'bilag.name'],
                            size: 10,
                          },
                        },
                      },
                      {
                        nested: {
                          path: 'bilag',
                          query: { match: { 'bilag.text': words } },
                          boost: 0,
                          inner_hits: { name: 'bestBilag', _source: ['bilag.text'], size: 1 },
                        },
                      },
                    ]
                  : []),
                // The item's own text: its whole words, or a part of a compound in its title (which
                // SQLite weighs above any bilag). An item whose text has the word only as a part of a
                // compound, while a bilag has the word itself, is found best in the bilag, as in SQLite.
                {
                  bool: {
                    should: [
                      { multi_match: { query: words, fields } },
                      ...(all && titleStems.length ? [{ terms: { titleParts: titleStems } }] : []),
                    ],
                    boost: 0,
                    _name: OWN_TEXT,
                  },
                },
              ],
            }
          : {}),
      },
    },
    post_filter: { bool: { filter: others() } },
    aggs: Object.fromEntries(
      (['committee', 'year', 'kind', 'authority'] as const).map((facet) => [
        facet,
        {
          filter: { bool: { filter: others(facet === 'year' ? 'year' : facet) } },
          aggs: {
            values: {
              terms: { field: facet, size: 200, ...(facet === 'year' ? { order: { _key: 'desc' } } : {}) },
            },
          },
        },
      ]),
    ),
    sort,
    ...(after ? { search_after: after } : {}),
    _source: { excludes: ['decision', 'recommendation', 'case', 'bilag', 'compounds', 'titleParts'] },
    ...(Object.keys(suggest).length ? { suggest } : {}),
  };
}

/** Turns an OpenSearch answer into the port's result: one hit per item, facets, the next cursor. */
export function readSearchResponse(
  body: SearchResponse,
  query: SearchQuery,
  parsed: ParsedQuery,
): SearchResult {
  const stems = queryStems(parsed);
  const prefixes = queryPrefixes(parsed);
  const raw = body.hits.hits;
  // Copies of one item that meetings could not merge fold into one hit, within the page.
  const folded = foldCopies(raw, (h) => identityOf(h._source, () => h._source.snippetText ?? ''));
  const page = folded.slice(0, query.limit);
  const hits: SearchHit[] = page.map(({ hit: h, copies }) => {
    const sources = mergeSources([h, ...copies].map((c) => c._source.sources ?? []));
    const s = h._source;
    const matched = (h.inner_hits?.bilag?.hits.hits ?? []).map((b) => ({
      name: b._source.name,
      documentId: b._source.documentId,
    }));
    // Snippets are cut here, as the SQLite index cuts them, not by OpenSearch's highlighter: its
    // html encoder escapes ' and / unlike escapeHtml, its fields come in hash order, a field over
    // index.highlight.max_analyzed_offset (1,000,000 characters) fails the whole search, and below
    // that a long item with many matches took the unified highlighter minutes on a live node.
    const ownText = !stems.length || (h.matched_queries ?? []).includes(OWN_TEXT);
    const bestBilag = ownText ? undefined : h.inner_hits?.bestBilag?.hits.hits[0]?._source.text;
    return {
      meetingId: s.meetingId,
      authority: s.authority ?? null,
      committee: s.committee,
      start: s.start,
      number: itemNumberFrom(s.number),
      title: s.title,
      caseNumber: s.caseNumber ?? null,
      kind: s.kind,
      decision: s.decisionText,
      snippet: makeSnippet(bestBilag ?? s.snippetText, stems, 240, prefixes),
      bilag: !ownText && matched[0] ? matched[0] : null,
      matchedBilag: matched,
      sources,
      documentId: s.documentId,
      page: s.page,
      score: h._score ?? 0,
    };
  });
  const facet = (name: string): FacetValue[] =>
    (body.aggregations[name]?.values.buckets ?? []).map((b) => ({
      value: String(b.key),
      count: b.doc_count,
    }));
  const last = page.at(-1)?.hit;
  const total = body.hits.total.value - (raw.length - folded.length);
  let suggestion: string | null = null;
  if (total < SUGGEST_BELOW && body.suggest) {
    let text = query.text;
    for (const [word, entries] of suggestableWords(parsed).map(
      (w, i) => [w, body.suggest?.[`w${i}`]] as const,
    )) {
      const option = entries?.[0]?.options?.[0]?.text;
      if (option && option !== word) text = replaceWord(text, word, option);
    }
    suggestion = text !== query.text ? text : null;
  }
  return {
    total,
    hits,
    facets: {
      committee: facet('committee'),
      year: facet('year'),
      kind: facet('kind'),
      authority: facet('authority'),
    },
    next: folded.length > query.limit && last?.sort ? encodeSearchAfter(last.sort) : null,
    suggestion,
    ignored: parsed.ignored,
  };
}

/** A query that finds fewer items than this gets a spelling suggestion, as in SQLite. */
const SUGGEST_BELOW = 3;
