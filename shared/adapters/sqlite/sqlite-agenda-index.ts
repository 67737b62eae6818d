import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import { InvalidArgumentError } from '../../domain/errors.ts';
import type { Meeting } from '../../domain/model.ts';
import type {
  AgendaIndex,
  CommitteeSummary,
  IndexedBilag,
  SearchHit,
  SearchQuery,
  SearchResult,
} from '../../ports/agenda-index.port.ts';
import {
  type CopyFacts,
  foldCopies,
  type ItemSource,
  identityOf,
  itemSources,
  mergeSources,
} from '../../search/copies.ts';
import { decodeCursor, encodeCursor } from '../../search/cursor.ts';
import { danishStem, words as wordsOf } from '../../search/danish-stemmer.ts';
import { MIN_PART } from '../../search/decompound.ts';
import {
  compoundPartStemsOf,
  itemForBilag,
  itemKey,
  itemNumberFrom,
  itemText,
  snippetSource,
  stemmedWords,
  yearOf,
} from '../../search/index-text.ts';
import {
  anyClause,
  caseKey,
  onlyStopWords,
  type ParsedQuery,
  parseQuery,
  type QueryTerm,
  queryPrefixes,
  queryStems,
  relaxable,
  suggestableWords,
} from '../../search/query.ts';
import { searchKey, VersionedCache } from '../../search/result-cache.ts';
import { makeSnippet } from '../../search/snippet.ts';
import { closestWord, editDistance, replaceWord, type VocabularyWord } from '../../search/suggest.ts';
import { EntryColumns } from './sqlite-entry-columns.ts';
import { ItemMatches, type MatchedItems, rankItems } from './sqlite-item-ranking.ts';
import { useWriteAheadLog } from './write-ahead-log.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meetings (
  id TEXT PRIMARY KEY,
  committee TEXT,
  start TEXT,
  json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS entries (
  -- Small columns first: a search reads them for thousands of rows, and SQLite reads a row's
  -- columns in order, through the overflow pages of any long text that stands before them.
  id INTEGER PRIMARY KEY,
  meeting_id TEXT NOT NULL,
  item_key TEXT NOT NULL,
  number TEXT,
  position INTEGER NOT NULL,
  committee TEXT,
  authority TEXT,
  start TEXT,
  year TEXT NOT NULL,
  kind TEXT NOT NULL,
  document_id TEXT,
  page INTEGER,
  bilag_name TEXT,
  bilag_doc TEXT,
  title TEXT NOT NULL,
  case_number TEXT,
  sources TEXT,
  decision TEXT,
  text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS entries_meeting ON entries(meeting_id);
CREATE INDEX IF NOT EXISTS entries_bilag ON entries(bilag_doc);
-- Listing, filtering and facets read EntryColumns now; indexes earlier versions made for them go.
DROP INDEX IF EXISTS entries_listing;
DROP INDEX IF EXISTS entries_committee_listing;
DROP INDEX IF EXISTS entries_committee;
DROP INDEX IF EXISTS entries_facets;
-- compounds and titleparts hold the stems of the parts of compounds (decompound.ts), casenumber
-- the item's case number as one token (caseKey).
CREATE VIRTUAL TABLE IF NOT EXISTS entries_fts USING fts5(
  title, decision, recommendation, casetext, bilag, compounds, titleparts, casenumber,
  content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE IF NOT EXISTS entries_vocab USING fts5vocab(entries_fts, 'row');
-- The entries each write transaction removed, added or changed, in commit order, so another
-- connection (a search worker, another process) brings its in-memory columns up to date by
-- reading those rows again instead of every entry (EntryColumns.refresh). Old rows are pruned.
CREATE TABLE IF NOT EXISTS entry_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, id INTEGER NOT NULL);
-- A copy of the in-memory columns as of entry change seq, so a connection starts from it instead
-- of reading every entry (EntryColumns.save): one row, written by a writer when it closes.
CREATE TABLE IF NOT EXISTS entry_columns (id INTEGER PRIMARY KEY CHECK (id = 0), seq INTEGER NOT NULL, data BLOB NOT NULL);
`;

/**
 * Raised whenever what the index stores per entry changes; an index file of an older version is
 * rebuilt from the meetings and bilag texts it holds when it is opened.
 */
const SCHEMA_VERSION = 4;

/**
 * bm25 weights per FTS column (title, decision, recommendation, casetext, bilag, compounds,
 * titleparts, casenumber): a case number and a title count most; a compound part less than the
 * whole word in the same place.
 */
const WEIGHTS = [5, 2.5, 1.5, 1, 0.7, 0.5, 2.5, 10];
const TITLE_BOOST = 6;
/** Unscored, an entry with a query word as a part of its title ranks below titles that hold it whole... */
const TITLE_PART_TIER = -(TITLE_BOOST - 1);
/** ...and one with it only as a part of a compound in its text below every whole-word match. */
const COMPOUND_PENALTY = 1000;
/** Unscored, an entry with a query word whole in its text only: below every title that holds it. */
const WORD_TIER = 0;
/** A frequent word is ranked by tier only when at least this many titles (or the limit, if fewer) hold a query word. */
const TITLES_TO_RANK = 100;
/** A query that finds fewer items than this gets a spelling suggestion when one finds more. */
const SUGGEST_BELOW = 3;
const WORD_COLUMNS = ['title', 'decision', 'recommendation', 'casetext', 'bilag'];
const SECTION_COLUMNS: Record<SearchQuery['section'] | 'title', string> = {
  all: 'title decision recommendation casetext bilag',
  title: 'title',
  decision: 'decision',
  recommendation: 'recommendation',
  case: 'casetext',
};

interface EntryRow {
  item_key: string;
  meeting_id: string;
  number: string | null;
  committee: string | null;
  authority: string | null;
  start: string | null;
  kind: string;
  title: string;
  case_number: string | null;
  sources: string | null;
  decision: string | null;
  document_id: string | null;
  page: number | null;
  bilag_name: string | null;
  bilag_doc: string | null;
  text: string;
}

export interface SqliteIndexOptions {
  /** How many recent search results to keep until the index changes; 0 keeps none. */
  cachedResults?: number;
  /**
   * How many recent searches' match sets to keep for refining them (12 bytes per matched item
   * each) until the index changes; 0 finds the matches anew every time. 16 unless told.
   */
  recentMatches?: number;
  /**
   * How many entries found only through compound parts bm25() scores; beyond that they are ranked
   * by tier, cheaply (see #matchItems). 500 unless told.
   */
  partScoringLimit?: number;
  /**
   * The page cache, in MB; from 64 on, reads also go through a memory mapping of up to 1 GB.
   * 64 unless told; a process that only writes (a bulk load) needs little of either.
   */
  pageCacheMb?: number;
  /**
   * How many entries holding the query's words bm25() scores; beyond that the title matches are
   * scored by their titles and the rest ranked by tier (see #matchItems). 5,000 unless told.
   */
  wordScoringLimit?: number;
  /**
   * A read-only connection to an index another connection has created (a search worker's): the
   * schema is neither created nor migrated, and writes fail.
   */
  readOnly?: boolean;
}

/**
 * The agenda index in SQLite with FTS5, through Node's built-in node:sqlite: no native addon.
 * Each item (and each bilag under an item) is one entry; its text is stored stemmed with the
 * Danish Snowball stemmer per field, plus reversed stems so compound parts can be found.
 */
export class SqliteAgendaIndex implements AgendaIndex {
  /** The index file, for another connection (a search worker) to open. */
  readonly path: string;
  readonly #db: DatabaseSync;
  readonly #partScoringLimit: number;
  readonly #wordScoringLimit: number;
  readonly #columns: EntryColumns;
  readonly #matches: ItemMatches;
  /** Match sets of recent searches, for refining them. */
  readonly #recentMatches: VersionedCache<MatchedItems>;
  #flagBytes = new Uint8Array(0);
  /** Entries this connection's open write transaction removed and inserted or changed. */
  readonly #pending = { removed: new Set<number>(), changed: new Set<number>() };

  /** Results of recent searches, for asking them again. */
  readonly #results: VersionedCache<SearchResult>;
  readonly #dataVersion: ReturnType<DatabaseSync['prepare']>;
  readonly #readOnly: boolean;
  /** Write transactions this connection has committed: PRAGMA data_version counts only others'. */
  #commits = 0;

  constructor(
    path: string,
    {
      cachedResults = 0,
      recentMatches = 16,
      partScoringLimit = 500,
      pageCacheMb = 64,
      wordScoringLimit = 5000,
      readOnly = false,
    }: SqliteIndexOptions = {},
  ) {
    this.path = path;
    this.#readOnly = readOnly;
    this.#partScoringLimit = partScoringLimit;
    this.#wordScoringLimit = wordScoringLimit;
    if (path !== ':memory:' && !readOnly) mkdirSync(dirname(path), { recursive: true });
    this.#db = new DatabaseSync(path, { readOnly });
    // A search looks up thousands of entries at random: a larger page cache and memory-mapped
    // reads halve that cost on a large index; the temporary match table lives in memory. A writer
    // waits for another as long as the record store's writers do (store-database.ts): a reindex
    // beside uploads on a busy machine holds the lock for seconds.
    const mapped = pageCacheMb >= 64 ? 1024 * 1024 * 1024 : 0;
    this.#db.exec(
      `PRAGMA busy_timeout = 30000; PRAGMA cache_size = -${pageCacheMb * 1024}; PRAGMA mmap_size = ${mapped}; PRAGMA temp_store = MEMORY;`,
    );
    if (!readOnly) {
      useWriteAheadLog(this.#db);
      this.#db.exec('PRAGMA synchronous = NORMAL');
    }
    const carried = readOnly ? null : this.#carryOverOldVersion();
    if (!readOnly) {
      this.#db.exec(SCHEMA);
      // Set only when it differs: setting it writes, and a write makes closing checkpoint the WAL
      // (8 ms of a one-shot `protokol search`).
      const { user_version: version } = this.#db.prepare('PRAGMA user_version').get() as {
        user_version: number;
      };
      if (version !== SCHEMA_VERSION) this.#db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
    }
    this.#dataVersion = this.#db.prepare('PRAGMA data_version');
    this.#columns = new EntryColumns(this.#db);
    this.#matches = new ItemMatches(this.#columns);
    this.#results = new VersionedCache(cachedResults);
    this.#recentMatches = new VersionedCache(recentMatches);
    if (carried) {
      for (const meeting of carried.meetings) this.#transaction(() => this.#writeMeeting(meeting));
      for (const bilag of carried.bilag) this.#writeBilag(bilag);
    }
  }

  /**
   * An index file written by an older version stores entries another way: its meetings and bilag
   * texts are read out and its tables dropped, to be indexed again the way this version does.
   */
  #carryOverOldVersion(): { meetings: Meeting[]; bilag: IndexedBilag[] } | null {
    const { user_version: version } = this.#db.prepare('PRAGMA user_version').get() as {
      user_version: number;
    };
    const old = this.#db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'entries'").get();
    if (!old || version >= SCHEMA_VERSION) return null;
    const meetings = (this.#db.prepare('SELECT json FROM meetings').all() as { json: string }[]).map(
      (r) => JSON.parse(r.json) as Meeting,
    );
    const bilag = (
      this.#db
        .prepare(
          'SELECT bilag_doc, bilag_name, meeting_id, number, text FROM entries WHERE bilag_doc IS NOT NULL',
        )
        .all() as {
        bilag_doc: string;
        bilag_name: string;
        meeting_id: string;
        number: string;
        text: string;
      }[]
    ).map((r) => ({
      documentId: r.bilag_doc,
      name: r.bilag_name,
      meetingId: r.meeting_id,
      itemNumber: r.number,
      text: r.text,
    }));
    this.#db.exec(
      'DROP TABLE IF EXISTS entries_vocab; DROP TABLE IF EXISTS entries_fts; DROP TABLE entries; DROP TABLE IF EXISTS entry_columns;',
    );
    return { meetings, bilag };
  }

  async putMeeting(meeting: Meeting): Promise<void> {
    this.#transaction(() => this.#writeMeeting(meeting));
  }

  #writeMeeting(meeting: Meeting): void {
    {
      this.#deleteEntries('meeting_id = ? AND bilag_doc IS NULL', meeting.id);
      this.#statement('INSERT OR REPLACE INTO meetings (id, committee, start, json) VALUES (?, ?, ?, ?)').run(
        meeting.id,
        meeting.committee,
        meeting.start,
        JSON.stringify(meeting),
      );
      for (const [position, item] of meeting.items.entries()) {
        const text = itemText(item);
        this.#insertEntry(
          {
            ...meetingColumns(meeting),
            item_key: itemKey(meeting.id, item.number, position),
            number: item.number == null ? null : String(item.number),
            position,
            title: item.title,
            case_number: item.caseNumber,
            sources: JSON.stringify(itemSources(meeting, item)),
            decision: item.closed ? null : item.decision,
            document_id: item.sources[0] ?? null,
            page: item.page,
            bilag_name: null,
            bilag_doc: null,
            text: snippetSource(text),
          },
          [text.title, text.decision, text.recommendation, text.case, ''],
          item.caseNumber,
        );
      }
      // Bilag entries carry the meeting's facets; keep them in step with it.
      const bilag = this.#statement(
        'UPDATE entries SET committee = ?, start = ?, year = ?, kind = ?, authority = ? WHERE meeting_id = ? AND bilag_doc IS NOT NULL RETURNING id',
      ).all(
        meeting.committee,
        meeting.start,
        yearOf(meeting.start),
        meeting.kind,
        meeting.authority ?? null,
        meeting.id,
      ) as {
        id: number;
      }[];
      for (const { id } of bilag) this.#pending.changed.add(id);
    }
  }

  async removeMeeting(id: string): Promise<void> {
    this.#transaction(() => {
      this.#deleteEntries('meeting_id = ?', id);
      this.#db.prepare('DELETE FROM meetings WHERE id = ?').run(id);
    });
  }

  async getMeeting(id: string): Promise<Meeting | null> {
    const row = this.#db.prepare('SELECT json FROM meetings WHERE id = ?').get(id) as
      | { json: string }
      | undefined;
    return row ? (JSON.parse(row.json) as Meeting) : null;
  }

  async putBilag(bilag: IndexedBilag): Promise<void> {
    this.#writeBilag(bilag);
  }

  #writeBilag(bilag: IndexedBilag): void {
    const row = this.#db.prepare('SELECT json FROM meetings WHERE id = ?').get(bilag.meetingId) as
      | { json: string }
      | undefined;
    if (!row) throw new InvalidArgumentError('meetingId', `no meeting "${bilag.meetingId}" in the index`);
    const meeting = JSON.parse(row.json) as Meeting;
    const found = itemForBilag(meeting, bilag.itemNumber);
    if (!found) return;
    const { item, position } = found;
    this.#transaction(() => {
      this.#deleteEntries('bilag_doc = ?', bilag.documentId);
      this.#insertEntry(
        {
          ...meetingColumns(meeting),
          item_key: itemKey(meeting.id, item.number, position),
          number: String(item.number),
          position,
          title: item.title,
          case_number: item.caseNumber,
          sources: JSON.stringify(itemSources(meeting, item)),
          decision: item.decision,
          document_id: bilag.at?.documentId ?? item.sources[0] ?? null,
          page: bilag.at?.page ?? item.page,
          bilag_name: bilag.name,
          bilag_doc: bilag.documentId,
          text: bilag.text,
        },
        ['', '', '', '', bilag.text],
        item.caseNumber,
      );
    });
  }

  async removeBilag(documentId: string): Promise<void> {
    this.#transaction(() => this.#deleteEntries('bilag_doc = ?', documentId));
  }

  /** Loads what a search keeps in memory (the columns of every entry), so that the first search does not wait for it. */
  warm(): void {
    this.#read(() => this.#columns.refresh());
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const parsed = parseQuery(query.text);
    const offset = decodeCursor(query.cursor);
    const caseFilter = query.caseNumber ? caseKey(query.caseNumber) : null;
    if (onlyStopWords(parsed) && !caseFilter) return nothingToSearch(parsed);
    const match = ftsQuery(parsed, query.section, 'compounds', caseFilter);
    const stems = queryStems(parsed);
    const prefixes = queryPrefixes(parsed);

    // One read transaction, so the columns, the matches and the rows of the page are one snapshot
    // even while another process writes.
    return this.#read(() => {
      const columns = this.#columns;
      columns.refresh();
      const key = searchKey(query);
      const cached = this.#results.get(key, columns.generation);
      if (cached) return cached;

      const find = (q: ParsedQuery, expr: string | null) =>
        this.#recall(expr ? `${query.section}:${expr}` : `list:${q.excluded.join(' ')}`, () =>
          expr ? this.#matchItems(q, expr, query.section, caseFilter) : this.#listItems(q),
        );
      // Copies of one item that meetings could not merge are folded into one hit: rank a little
      // more than the page needs, fold, then page through the folded list.
      const want = offset + query.limit + 1;
      const window = want + Math.ceil(want / 4) + 8;
      let matches = find(parsed, match);
      let ranked = rankItems(columns, matches, query, match !== null, window);
      const suggestion = match && ranked.total < SUGGEST_BELOW ? this.#suggest(query.text, parsed) : null;
      // No item has every word, and none is misspelled: show the items with most of them, and say so.
      let relaxed = false;
      if (match && ranked.total === 0 && !suggestion && relaxable(parsed)) {
        const some = anyClause(parsed);
        const expr = ftsQuery(some, query.section, 'compounds', caseFilter);
        matches = find(some, expr);
        ranked = rankItems(columns, matches, query, true, window);
        relaxed = ranked.total > 0;
      }
      // The facts of every ranked entry in one statement: a statement per entry costs twice as much.
      const facts = new Map(
        (
          this.#statement(
            'SELECT id, title, number, committee, start, case_number AS caseNumber FROM entries WHERE id IN (SELECT value FROM json_each(?))',
          ).all(JSON.stringify(ranked.page.map((slot) => matches.best[slot]!))) as unknown as (CopyFacts & {
            id: number;
          })[]
        ).map((row) => [row.id, row]),
      );
      const opening = this.#statement('SELECT substr(text, 1, 2000) AS text FROM entries WHERE id = ?');
      const folded = foldCopies(ranked.page, (slot) =>
        identityOf(
          facts.get(matches.best[slot]!)!,
          () => (opening.get(matches.best[slot]!) as { text: string }).text,
        ),
      );
      const page = folded.slice(offset);
      // The text as bytes, decoded here: TextDecoder makes a string of a long text in half the time
      // node:sqlite takes.
      const entry = this.#statement(
        `SELECT ${ENTRY_COLUMNS.join(', ')}, CAST(text AS BLOB) AS text FROM entries WHERE id = ?`,
      );
      const sourcesRow = this.#statement('SELECT sources FROM entries WHERE id = ?');
      const bilag = this.#statement(
        'SELECT bilag_name AS name, bilag_doc AS documentId FROM entries WHERE id = ?',
      );
      const result: SearchResult = {
        total: ranked.total - (ranked.page.length - folded.length),
        hits: page.slice(0, query.limit).map(({ hit: slot, copies }): SearchHit => {
          const row = entry.get(matches.best[slot]!) as unknown as Omit<EntryRow, 'text'> & {
            text: Uint8Array;
          };
          const sourcesOf = (r: Pick<EntryRow, 'sources'>) =>
            r.sources ? (JSON.parse(r.sources) as ItemSource[]) : [];
          const sources = mergeSources([
            sourcesOf(row),
            ...copies.map((c) => sourcesOf(sourcesRow.get(matches.best[c]!) as Pick<EntryRow, 'sources'>)),
          ]);
          return {
            meetingId: row.meeting_id,
            authority: row.authority,
            committee: row.committee,
            start: row.start,
            number: itemNumberFrom(row.number),
            title: row.title,
            caseNumber: row.case_number,
            kind: row.kind,
            decision: row.decision,
            snippet: makeSnippet(UTF8.decode(row.text), stems, 240, prefixes),
            bilag:
              row.bilag_doc && row.bilag_name ? { name: row.bilag_name, documentId: row.bilag_doc } : null,
            matchedBilag: matches
              .bilagOf(slot)
              .map((id) => bilag.get(id) as { name: string; documentId: string }),
            sources,
            documentId: row.document_id,
            page: row.page,
            score: -matches.score[slot]!,
          };
        }),
        facets: ranked.facets,
        next: page.length > query.limit ? encodeCursor(offset + query.limit) : null,
        suggestion,
        ignored: parsed.ignored,
        relaxed,
      };
      this.#results.set(key, columns.generation, result);
      return result;
    });
  }

  /**
   * The items a query matches, each with its best entry (the item's own text or one of its bilag)
   * and score. bm25() normalises by the length of the whole entry, so a title match in a long item
   * would lose to a passing mention in a short bilag: title matches get a boost, a compound part
   * of the title half of it. A compound part weighs less than the whole word in the same field
   * (WEIGHTS), so "vedligeholdelse" ranks items that say it above those that say
   * "bygningsvedligeholdelse" in the same place, but a title about Bygningsvedligeholdelse above a
   * passing mention of vedligeholdelse.
   *
   * bm25() costs about a microsecond per row, and a frequent compound ("sundhedsaftale" in a large
   * archive) would make a search for its part ("aftale") score thousands of rows more. Beyond
   * `partScoringLimit` entries holding a query word as a part, bm25() scores whole-word matches only;
   * the others are found by rowid and ranked by tier (a part of the title as a strong match, a
   * part in the text below every whole word), newest first within a tier.
   *
   * The same holds for the words themselves: a word in most items ("budget" in a large archive)
   * would have bm25() score every one of them. Beyond `wordScoringLimit` entries, bm25() scores
   * only the entries whose titles hold a query word (over their titles: a few hundred rows, which
   * a whole-word title outranks anyway), and the rest go by tier, newest first.
   */
  #matchItems(
    parsed: ParsedQuery,
    match: string,
    section: SearchQuery['section'],
    caseFilter: string | null,
  ): ItemMatches {
    const columns = this.#columns;
    const flags = this.#flags(columns.size);
    const TITLE = 1;
    const TITLE_PART = 2;
    const SCORED = 4;
    const words = ftsQuery(parsed, section, 'words', caseFilter)!;
    const titleQuery = ftsQuery(parsed, 'title');
    const bm25 = (expr: string) =>
      this.#statement(
        `SELECT rowid, bm25(entries_fts, ${WEIGHTS.join(', ')}) FROM entries_fts WHERE entries_fts MATCH ?`,
        { arrays: true },
      ).all(expr) as unknown as [number, number][];
    // bm25() costs about a microsecond a row, counting a twentieth of that: a word in tens of
    // thousands of entries is ranked without scoring them all.
    // Only where enough titles hold a word to fill the first pages with them, as bm25() would.
    const limit = this.#wordScoringLimit;
    const titles = titleQuery && this.#count(words) > limit ? this.#count(titleQuery) : -1;
    const many = titles >= Math.min(TITLES_TO_RANK, limit);
    // Titles are short, so few hold a word; where even they are too many, they are a tier too.
    const titleScores: [number, number][] = !many
      ? []
      : titles <= limit
        ? bm25(titleQuery!)
        : this.#rowids(titleQuery!).map((id) => [id, 0]);
    const titled = many ? titleScores.map((r) => r[0]) : titleQuery ? this.#rowids(titleQuery) : [];
    for (const id of titled) flags[id]! |= TITLE;
    // How many entries hold a query word as a compound part at all: usually few, and read from the
    // parts' own (short) lists. None, and the search is the whole-word search it always was.
    const parts = section === 'all' && words !== match ? this.#count(ftsQuery(parsed, 'parts')!) : 0;
    const titleParts = parts ? this.#rowids(ftsQuery(parsed, 'titleparts')!) : [];
    for (const id of titleParts) flags[id]! |= TITLE_PART;
    const boost = (f: number) => (f & TITLE ? TITLE_BOOST : f & TITLE_PART ? TITLE_BOOST / 2 : 0);

    const matches = this.#matches.reset();
    let scored: [number, number][] = [];
    if (many) {
      // By tier: a title holding a word first, ordered by bm25() over the titles (a few hundred
      // rows); then a compound part of the title; then the word in the text, newest first; then
      // the word only as a part of a compound in the text.
      const titleScore = new Map(titleScores);
      const whole = parts ? this.#rowids(words) : [];
      for (const id of whole) flags[id]! |= SCORED;
      for (const id of this.#rowids(parts ? match : words)) {
        const f = flags[id]!;
        matches.add(
          id,
          f & TITLE
            ? titleScore.get(id)! - TITLE_BOOST
            : f & TITLE_PART
              ? TITLE_PART_TIER
              : !parts || f & SCORED
                ? WORD_TIER
                : COMPOUND_PENALTY,
        );
      }
      for (const id of whole) flags[id] = 0;
    } else if (parts <= this.#partScoringLimit) {
      scored = bm25(parts ? match : words);
      for (const [id, bm] of scored) matches.add(id, bm - boost(flags[id]!));
    } else {
      scored = bm25(words);
      for (const [id, bm] of scored) {
        matches.add(id, bm - boost(flags[id]!));
        flags[id]! |= SCORED;
      }
      for (const id of this.#rowids(match)) {
        const f = flags[id]!;
        if (!(f & SCORED)) matches.add(id, f & TITLE_PART ? TITLE_PART_TIER : COMPOUND_PENALTY);
      }
    }
    for (const id of titled) flags[id] = 0;
    for (const id of titleParts) flags[id] = 0;
    for (const [id] of scored) flags[id] = 0;
    return matches;
  }

  #count(match: string): number {
    const row = this.#statement('SELECT count(*) AS n FROM entries_fts WHERE entries_fts MATCH ?').get(
      match,
    ) as {
      n: number;
    };
    return Number(row.n);
  }

  /**
   * "Mente du …": for each plain word of the query, the closest word of the index that is much
   * more frequent (by stem, so any inflection counts), written as it is written in the items.
   */
  #suggest(text: string, parsed: ParsedQuery): string | null {
    let suggestion = text;
    for (const word of suggestableWords(parsed)) {
      const stem = danishStem(word);
      const own = this.#entriesWith(stem);
      // Only a word the index does not hold is corrected: a rare word that is there was meant.
      if (own > 0) continue;
      const best = closestWord(stem, own, this.#wordsBeginning(stem[0]!));
      if (!best) continue;
      const written = this.#writtenForm(best.word, word);
      if (written) suggestion = replaceWord(suggestion, word, written);
    }
    return suggestion !== text ? suggestion : null;
  }

  /** How many entries hold a stem (fts5vocab, read for that term alone). */
  #entriesWith(stem: string): number {
    const row = this.#statement('SELECT doc FROM entries_vocab WHERE term = ?').get(stem) as
      | { doc: number }
      | undefined;
    return Number(row?.doc ?? 0);
  }

  #vocabularyCache = new Map<string, { generation: number; words: VocabularyWord[] }>();

  /**
   * The stems of the index's words that begin with `initial` (suggestions keep the first letter),
   * with the number of entries each occurs in, kept until the index changes. fts5vocab counts by
   * reading every term's list of entries: read for one letter, not the whole vocabulary (1.7 s at
   * 100,000 items, again after every write).
   */
  #wordsBeginning(initial: string): VocabularyWord[] {
    const generation = this.#columns.generation;
    const cached = this.#vocabularyCache.get(initial);
    if (cached?.generation === generation) return cached.words;
    const rows = this.#statement('SELECT term, doc FROM entries_vocab WHERE term >= ? AND term < ?', {
      arrays: true,
    }).all(initial, String.fromCharCode(initial.charCodeAt(0) + 1)) as unknown as [string, number][];
    const words: VocabularyWord[] = [];
    for (const [term, count] of rows) {
      if (term[0] === initial && /^\p{L}{3,}$/u.test(term)) words.push({ word: term, count });
    }
    this.#vocabularyCache.set(initial, { generation, words });
    return words;
  }

  /** How the items write a word of this stem, the form closest to what was typed: "sundhedsaftalen", not "sundhedsaftal". */
  #writtenForm(stem: string, typed: string): string | null {
    const ids = this.#statement(`SELECT rowid FROM entries_fts WHERE entries_fts MATCH ? LIMIT 10`, {
      arrays: true,
    }).all(`{${WORD_COLUMNS.join(' ')}}: ${quote(stem)}`) as unknown as [number][];
    const text = this.#statement('SELECT title, substr(text, 1, 5000) AS text FROM entries WHERE id = ?');
    const forms = new Map<string, number>();
    for (const [id] of ids) {
      const row = text.get(id) as { title: string; text: string } | undefined;
      if (!row) continue;
      for (const w of wordsOf(`${row.title} ${row.text}`)) {
        if (w[0] === stem[0] && w.startsWith(stem.slice(0, 3)) && danishStem(w) === stem)
          forms.set(w, (forms.get(w) ?? 0) + 1);
      }
    }
    let best: string | null = null;
    let bestKey: [number, number] = [Number.POSITIVE_INFINITY, 0];
    for (const [form, count] of forms) {
      const distance = editDistance(typed, form, 4);
      if (distance < bestKey[0] || (distance === bestKey[0] && count > bestKey[1])) {
        best = form;
        bestKey = [distance, count];
      }
    }
    return best;
  }

  /** Without words every item is listed (its bilag are not); a lone -word still leaves items out. */
  #listItems(parsed: ParsedQuery): ItemMatches {
    const columns = this.#columns;
    const excluded = parsed.excluded.length
      ? new Set(this.#rowids(parsed.excluded.map((w) => quote(danishStem(w))).join(' OR ')))
      : null;
    const matches = this.#matches.reset();
    for (let id = 0; id < columns.size; id++) {
      if (columns.item[id]! >= 0 && !columns.isBilag[id] && !excluded?.has(id)) matches.add(id, 0);
    }
    return matches;
  }

  /**
   * The matches of the same words as a recent search, or `find`'s. Choosing a facet, a date range,
   * another order or the next page asks the same words again: only the ranking is done anew.
   */
  #recall(key: string, find: () => ItemMatches): MatchedItems {
    const generation = this.#columns.generation;
    const recent = this.#recentMatches.get(key, generation);
    if (recent) return recent;
    // Not kept, the matches are ranked where they are (until the next search resets them).
    if (!this.#recentMatches.keeps) return find();
    const matches = find().saved();
    this.#recentMatches.set(key, generation, matches);
    return matches;
  }

  /**
   * The entries a query matches, in id order. As one JSON array rather than a row each: node:sqlite
   * makes a JavaScript array per row, which costs more than FTS5 listing the row (0.5 against
   * 1 ms for 7,000 matches).
   */
  #rowids(match: string): number[] {
    const { ids } = this.#statement(
      'SELECT json_group_array(rowid) AS ids FROM entries_fts WHERE entries_fts MATCH ?',
    ).get(match) as { ids: string };
    return JSON.parse(ids) as number[];
  }

  /** A zeroed byte per entry id, reused across searches; whoever sets bytes clears them again. */
  #flags(size: number): Uint8Array {
    if (this.#flagBytes.length < size)
      this.#flagBytes = new Uint8Array(Math.max(size, this.#flagBytes.length * 2));
    return this.#flagBytes;
  }

  async committees(): Promise<CommitteeSummary[]> {
    return this.#db
      .prepare(
        `SELECT committee AS name, COUNT(*) AS meetings, MIN(start) AS first, MAX(start) AS last
         FROM meetings WHERE committee IS NOT NULL GROUP BY committee ORDER BY committee`,
      )
      .all() as unknown as CommitteeSummary[];
  }

  async meetingsPerYear(committee: string): Promise<{ year: string; meetings: number }[]> {
    return (
      this.#db
        .prepare(
          `SELECT substr(start, 1, 4) AS year, COUNT(*) AS meetings FROM meetings
           WHERE committee = ? AND start IS NOT NULL GROUP BY year ORDER BY year`,
        )
        .all(committee) as { year: string; meetings: number }[]
    ).map((r) => ({ year: String(r.year), meetings: Number(r.meetings) }));
  }

  /**
   * Closes the connection. A writer first saves the in-memory columns in the file when the copy
   * there is missing or far behind (EntryColumns.save), so that the next connection, a search
   * worker of the next `serve`, starts from it; `saveColumns: false` for a file being let go (a
   * reindex swapped in another).
   */
  async close({ saveColumns = true } = {}): Promise<void> {
    if (!this.#db.isOpen) return;
    if (saveColumns && !this.#readOnly && this.path !== ':memory:') this.#saveColumns();
    this.#db.close();
  }

  #saveColumns(): void {
    try {
      // Checked in a read transaction first: most closes (a load of unchanged files) save nothing.
      if (!this.#read(() => this.#columns.stale())) return;
      this.#db.exec('BEGIN IMMEDIATE');
      try {
        if (this.#columns.stale()) this.#columns.save();
        this.#db.exec('COMMIT');
      } catch (error) {
        this.#db.exec('ROLLBACK');
        throw error;
      }
    } catch {
      // Only a shortcut: without it the next connection reads the entries, and the next writer
      // to close saves them.
    }
  }

  readonly #statements = new Map<string, ReturnType<DatabaseSync['prepare']>>();

  /**
   * A prepared statement, prepared once: bulk indexing runs the same few thousands of times.
   * With `arrays`, rows come as arrays, which is cheaper for the thousands of rows a match gives.
   */
  #statement(sql: string, { arrays = false } = {}) {
    const key = arrays ? `arrays:${sql}` : sql;
    let statement = this.#statements.get(key);
    if (!statement) {
      statement = this.#db.prepare(sql);
      statement.setReturnArrays(arrays);
      this.#statements.set(key, statement);
    }
    return statement;
  }

  #insertEntry(
    row: Omit<EntryRow, 'score'> & { position: number; year: string },
    fields: string[],
    caseNumber: string | null,
  ): void {
    const { lastInsertRowid } = this.#statement(
      `INSERT INTO entries (meeting_id, item_key, number, position, committee, authority, start, year, kind, title, case_number, sources, decision, document_id, page, bilag_name, bilag_doc, text)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      row.meeting_id,
      row.item_key,
      row.number,
      row.position,
      row.committee,
      row.authority,
      row.start,
      row.year,
      row.kind,
      row.title,
      row.case_number,
      row.sources,
      row.decision,
      row.document_id,
      row.page,
      row.bilag_name,
      row.bilag_doc,
      row.text,
    );
    // Each field split into words once, for its stems and its compounds' parts.
    const split = fields.map((field) => wordsOf(field));
    this.#statement(
      'INSERT INTO entries_fts (rowid, title, decision, recommendation, casetext, bilag, compounds, titleparts, casenumber) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(
      lastInsertRowid,
      ...split.map(stemmedWords),
      marked(compoundPartStemsOf(split.slice(1).flat())),
      marked(compoundPartStemsOf(split[0]!)),
      caseNumber ? caseKey(caseNumber) : '',
    );
    this.#pending.changed.add(Number(lastInsertRowid));
  }

  #deleteEntries(where: string, ...args: SQLInputValue[]): void {
    // Statements kept: a load deletes a meeting's entries before it writes them again, document after document.
    const ids = this.#statement(`SELECT id FROM entries WHERE ${where}`).all(...args) as { id: number }[];
    const del = this.#statement('DELETE FROM entries_fts WHERE rowid = ?');
    for (const { id } of ids) {
      del.run(id);
      this.#pending.removed.add(id);
      this.#pending.changed.delete(id);
    }
    this.#statement(`DELETE FROM entries WHERE ${where}`).run(...args);
  }

  /**
   * Changes whenever what a search finds may have: another connection or process committed, or
   * this one did. Cheap (no columns are loaded), for a cache of results kept in front of searches
   * answered by other connections.
   */
  version(): string {
    const { data_version: others } = this.#dataVersion.get() as { data_version: number };
    return `${others}.${this.#commits}`;
  }

  /** A write transaction; once it commits, the in-memory columns follow what it changed. */
  #transaction(work: () => void): void {
    const { removed, changed } = this.#pending;
    removed.clear();
    changed.clear();
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      work();
      const log = this.#statement('INSERT INTO entry_changes (id) VALUES (?)');
      for (const id of removed) log.run(id);
      for (const id of changed) log.run(id);
      this.#statement(
        `DELETE FROM entry_changes WHERE seq <= (SELECT max(seq) FROM entry_changes) - ${KEPT_CHANGES}`,
      ).run();
      this.#db.exec('COMMIT');
      this.#commits++;
    } catch (error) {
      this.#db.exec('ROLLBACK');
      throw error;
    }
    this.#columns.follow(removed, changed);
  }

  /** A read transaction: everything read inside sees one snapshot of the index. */
  #read<T>(work: () => T): T {
    this.#db.exec('BEGIN');
    try {
      return work();
    } finally {
      this.#db.exec('COMMIT');
    }
  }
}

/** The columns of an entry a hit shows, but its text. */
const ENTRY_COLUMNS = [
  'meeting_id',
  'number',
  'committee',
  'authority',
  'start',
  'kind',
  'title',
  'case_number',
  'sources',
  'decision',
  'document_id',
  'page',
  'bilag_name',
  'bilag_doc',
];
/** A BOM at the start of a text is part of it, as node:sqlite would have kept it. */
const UTF8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** Rows of entry_changes kept: a connection further behind than this reloads every entry. */
const KEPT_CHANGES = 100_000;

const quote = (token: string) => `"${token.replace(/"/g, '""')}"`;

/**
 * Compound parts are stored as tokens of their own, each stem behind this letter: FTS5 keeps one
 * list of entries per token whatever the column, so a part stored as the bare stem would make
 * every search for it read every entry that holds the word whole. Marked, the list of a part is
 * the (usually short) list of the compounds that hold it.
 */
const PART = 'ꝑ';
const marked = (stems: string) =>
  stems
    ? stems
        .split(' ')
        .map((st) => PART + st)
        .join(' ')
    : '';

/** The answer to a query of nothing but stop words: no hits, and which words were left out. */
function nothingToSearch(parsed: ParsedQuery): SearchResult {
  return {
    total: 0,
    hits: [],
    facets: { committee: [], year: [], kind: [] },
    next: null,
    suggestion: null,
    ignored: parsed.ignored,
  };
}

/** One alternative of a clause as FTS5 query syntax, in the given columns. */
function alternative(t: QueryTerm, columns: string, withParts: boolean): string {
  switch (t.kind) {
    case 'word': {
      const exact = `{${columns}}: ${quote(t.stem)}`;
      return withParts && t.stem.length >= MIN_PART
        ? `${exact} OR {compounds titleparts}: ${quote(PART + t.stem)}`
        : exact;
    }
    case 'prefix': {
      // Stems are what the index holds: "kommunen*" must find the stem "kommun" too.
      const stem = danishStem(t.prefix);
      const prefix = `{${columns}}: ${quote(t.prefix)}*`;
      return stem !== t.prefix ? `${prefix} OR {${columns}}: ${quote(stem)}` : prefix;
    }
    case 'phrase':
      return `{${columns}}: ${quote(t.words.map(danishStem).join(' '))}`;
    case 'case':
      return `casenumber: ${quote(t.key)} OR {${columns}}: ${quote(t.words.map(danishStem).join(' '))}`;
  }
}

/**
 * Builds the FTS5 query: each clause (one or more alternatives) must match, each word by its stem
 * in the chosen fields or, in `compounds` mode, as a part of a compound. `title` mode asks whether
 * any word is in the title; `titleparts` whether any is a compound part of it, `parts` whether any
 * is a compound part anywhere. Null when the query has nothing to look for.
 */
export function ftsQuery(
  q: ParsedQuery,
  section: SearchQuery['section'] | 'title' | 'titleparts' | 'parts',
  mode: 'compounds' | 'words' = 'compounds',
  caseFilter: string | null = null,
): string | null {
  if (section === 'titleparts' || section === 'parts') {
    const stems = q.clauses.flatMap((c) => c.flatMap((t) => (t.kind === 'word' ? [t.stem] : [])));
    const columns = section === 'parts' ? '{compounds titleparts}' : 'titleparts';
    return stems.length ? stems.map((st) => `${columns}: ${quote(PART + st)}`).join(' OR ') : null;
  }
  const columns = SECTION_COLUMNS[section];
  const withParts = section === 'all' && mode === 'compounds';
  const parts = q.clauses.map(
    (clause) => `(${clause.map((t) => alternative(t, columns, withParts)).join(' OR ')})`,
  );
  if (caseFilter && section !== 'title') parts.push(`(casenumber: ${quote(caseFilter)})`);
  if (!parts.length) return null;
  let expr = parts.join(section === 'title' ? ' OR ' : ' AND ');
  if (q.excluded.length && section !== 'title') {
    const excluded = q.excluded.map((w) => `{${columns}}: ${quote(danishStem(w))}`).join(' OR ');
    expr = `${expr} NOT (${excluded})`;
  }
  return expr;
}

/** The columns every entry of a meeting shares, its items' and its bilag's alike. */
function meetingColumns(meeting: Meeting) {
  return {
    meeting_id: meeting.id,
    committee: meeting.committee,
    authority: meeting.authority ?? null,
    start: meeting.start,
    year: yearOf(meeting.start),
    kind: meeting.kind,
  };
}
