// The JavaScript peer of the relevance report and the benchmark: the agenda index a Node developer
// would build with MiniSearch 7.2 instead of SQLite, configured as its README shows (fields
// boosted, all words required, fuzzy and prefix matching) with the Danish stop words and stemmer
// the two real homes use. It is the engine that differs: no compound parts, no spelling
// suggestion (fuzzy matching instead), no phrases (their words required), no copies folded.
import MiniSearch, { type SearchResult as MiniResult, type Query } from 'minisearch';
import type { Meeting } from '../../shared/domain/model.ts';
import type {
  AgendaIndex,
  CommitteeSummary,
  FacetValue,
  IndexedBilag,
  SearchHit,
  SearchQuery,
  SearchResult,
} from '../../shared/ports/agenda-index.port.ts';
import { decodeCursor, encodeCursor } from '../../shared/search/cursor.ts';
import { danishStem, words } from '../../shared/search/danish-stemmer.ts';
import { itemText, yearOf } from '../../shared/search/index-text.ts';
import { onlyStopWords, parseQuery, type QueryTerm } from '../../shared/search/query.ts';
import { isStopWord } from '../../shared/search/stop-words.ts';

interface Entry {
  id: string;
  meetingId: string;
  position: number;
  title: string;
  decision: string;
  recommendation: string;
  case: string;
  caseNumber: string;
  bilag: string;
}

const FIELDS = ['title', 'decision', 'recommendation', 'case', 'caseNumber', 'bilag'] as const;
const SECTION_FIELDS: Record<SearchQuery['section'], string[]> = {
  all: [...FIELDS],
  decision: ['decision'],
  recommendation: ['recommendation'],
  case: ['case'],
};

/** An AgendaIndex over MiniSearch, in memory. */
export class MiniSearchAgendaIndex implements AgendaIndex {
  readonly #mini = new MiniSearch<Entry>({
    fields: [...FIELDS],
    storeFields: ['meetingId', 'position'],
    tokenize: (text) => words(text),
    processTerm: (term) => (isStopWord(term) ? null : danishStem(term)),
    // No clean-up in the background after a document is replaced: MiniSearch 7.2's vacuuming
    // walks its tree in batches between other calls and failed on one changed meanwhile (an
    // unhandled rejection in the relevance suite). Replaced entries stay as tombstones, skipped.
    autoVacuum: false,
    searchOptions: {
      boost: { title: 3, caseNumber: 3, decision: 1.5 },
      combineWith: 'AND',
      // Fuzzy matching from five letters on, as MiniSearch's README suggests: its answer to typos.
      fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
    },
  });
  readonly #meetings = new Map<string, Meeting>();
  /** Bilag by document id, kept to add again when the meeting is put again. */
  readonly #bilag = new Map<string, IndexedBilag>();
  /** The document ids of the bilag under each item, by `meetingId#itemNumber`. */
  readonly #bilagOfItem = new Map<string, Set<string>>();

  async putMeeting(meeting: Meeting): Promise<void> {
    await this.removeMeeting(meeting.id);
    this.#meetings.set(meeting.id, meeting);
    this.#mini.addAll(meeting.items.map((_, position) => this.#entry(meeting, position)));
  }

  async removeMeeting(id: string): Promise<void> {
    const meeting = this.#meetings.get(id);
    if (!meeting) return;
    for (let position = 0; position < meeting.items.length; position++)
      this.#mini.discard(`${id}#${position}`);
    this.#meetings.delete(id);
  }

  async getMeeting(id: string): Promise<Meeting | null> {
    return this.#meetings.get(id) ?? null;
  }

  async putBilag(bilag: IndexedBilag): Promise<void> {
    const before = this.#bilag.get(bilag.documentId);
    if (before)
      this.#bilagOfItem.get(itemKey(before.meetingId, before.itemNumber))?.delete(before.documentId);
    this.#bilag.set(bilag.documentId, bilag);
    const item = itemKey(bilag.meetingId, bilag.itemNumber);
    this.#bilagOfItem.set(item, (this.#bilagOfItem.get(item) ?? new Set()).add(bilag.documentId));
    this.#reindexItemOf(bilag);
    // A bilag moved to another item leaves the one it was under.
    if (before && itemKey(before.meetingId, before.itemNumber) !== item) this.#reindexItemOf(before);
  }

  async removeBilag(documentId: string): Promise<void> {
    const bilag = this.#bilag.get(documentId);
    if (!bilag) return;
    this.#bilag.delete(documentId);
    this.#bilagOfItem.get(itemKey(bilag.meetingId, bilag.itemNumber))?.delete(documentId);
    this.#reindexItemOf(bilag);
  }

  #reindexItemOf(bilag: IndexedBilag): void {
    const meeting = this.#meetings.get(bilag.meetingId);
    const position = meeting?.items.findIndex((i) => String(i.number) === bilag.itemNumber) ?? -1;
    if (!meeting || position < 0) return;
    this.#mini.replace(this.#entry(meeting, position));
  }

  #entry(meeting: Meeting, position: number): Entry {
    const item = meeting.items[position]!;
    const text = itemText(item);
    const ids = this.#bilagOfItem.get(itemKey(meeting.id, String(item.number))) ?? [];
    const bilag = [...ids].map((id) => this.#bilag.get(id)!.text);
    return {
      id: `${meeting.id}#${position}`,
      meetingId: meeting.id,
      position,
      ...text,
      caseNumber: item.caseNumber ?? '',
      bilag: item.closed ? '' : bilag.join('\n'),
    };
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const parsed = parseQuery(query.text);
    const empty = { total: 0, hits: [], facets: { committee: [], year: [], kind: [] }, next: null };
    if (onlyStopWords(parsed)) return { ...empty, ignored: parsed.ignored };
    const fields = SECTION_FIELDS[query.section];
    const clauses: Query[] = parsed.clauses.map((alternatives) => ({
      combineWith: 'OR',
      queries: alternatives.map(termQuery),
    }));
    if (parsed.excluded.length)
      clauses.push({
        combineWith: 'AND_NOT',
        queries: [MiniSearch.wildcard, { combineWith: 'OR', queries: [parsed.excluded.join(' ')] }],
      });
    const accept = (meeting: Meeting) =>
      (!query.committees.length || query.committees.includes(meeting.committee ?? '')) &&
      (!query.kinds.length || query.kinds.includes(meeting.kind)) &&
      (!query.authorities?.length || query.authorities.includes(meeting.authority ?? '')) &&
      (!query.from || (meeting.start ?? '').slice(0, 10) >= query.from) &&
      (!query.to || (meeting.start ?? '9999').slice(0, 10) <= query.to) &&
      (!query.undated || meeting.start === null);
    const found: MiniResult[] = this.#mini.search(
      clauses.length ? { combineWith: 'AND', queries: clauses } : MiniSearch.wildcard,
      { fields, filter: (r) => accept(this.#meetings.get(r.meetingId as string)!) },
    );
    if (query.sort !== 'relevance' || !clauses.length) {
      const start = (r: MiniResult) => this.#meetings.get(r.meetingId as string)!.start ?? '';
      const order = query.sort === 'oldest' ? 1 : -1;
      found.sort(
        (a, b) => order * start(a).localeCompare(start(b)) || (a.position as number) - (b.position as number),
      );
    }
    const offset = decodeCursor(query.cursor);
    const page = found.slice(offset, offset + query.limit);
    const meetingsFound = found.map((r) => this.#meetings.get(r.meetingId as string)!);
    return {
      total: found.length,
      hits: page.map((r) => this.#hit(r)),
      facets: {
        committee: facet(meetingsFound.map((m) => m.committee ?? '')),
        year: facet(meetingsFound.map((m) => yearOf(m.start))),
        kind: facet(meetingsFound.map((m) => m.kind)),
      },
      next: offset + query.limit < found.length ? encodeCursor(offset + query.limit) : null,
    };
  }

  #hit(result: MiniResult): SearchHit {
    const meeting = this.#meetings.get(result.meetingId as string)!;
    const item = meeting.items[result.position as number]!;
    const text = itemText(item);
    return {
      meetingId: meeting.id,
      authority: meeting.authority ?? null,
      committee: meeting.committee,
      start: meeting.start,
      number: item.number,
      title: item.title,
      caseNumber: item.caseNumber ?? null,
      kind: meeting.kind,
      decision: item.closed ? null : (item.decision ?? null),
      snippet: (text.decision || text.case || text.title).slice(0, 200),
      bilag: null,
      matchedBilag: [],
      sources: [],
      documentId: item.sources[0] ?? null,
      page: item.page ?? null,
      score: result.score,
    };
  }

  async committees(): Promise<CommitteeSummary[]> {
    const byName = new Map<string, CommitteeSummary>();
    for (const m of this.#meetings.values()) {
      if (!m.committee) continue;
      const c = byName.get(m.committee) ?? { name: m.committee, meetings: 0, first: null, last: null };
      c.meetings++;
      if (m.start && (!c.first || m.start < c.first)) c.first = m.start;
      if (m.start && (!c.last || m.start > c.last)) c.last = m.start;
      byName.set(m.committee, c);
    }
    return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name, 'da'));
  }

  async meetingsPerYear(committee: string): Promise<{ year: string; meetings: number }[]> {
    const years = facet(
      [...this.#meetings.values()].filter((m) => m.committee === committee).map((m) => yearOf(m.start)),
    );
    return years
      .map((y) => ({ year: y.value, meetings: y.count }))
      .sort((a, b) => a.year.localeCompare(b.year));
  }
}

/** One alternative of a clause as a MiniSearch query: a prefix searched as one, the rest by their words. */
function termQuery(term: QueryTerm): Query {
  if (term.kind === 'prefix') return { queries: [term.prefix], prefix: true, fuzzy: false };
  if (term.kind === 'word') return term.word;
  return { combineWith: 'AND', queries: [term.words.join(' ')] };
}

function itemKey(meetingId: string, itemNumber: string): string {
  return `${meetingId}#${itemNumber}`;
}

function facet(values: string[]): FacetValue[] {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count);
}
