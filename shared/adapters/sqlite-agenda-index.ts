import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import { InvalidArgumentError } from '../domain/errors.ts';
import type { Meeting } from '../domain/model.ts';
import type {
  AgendaIndex,
  CommitteeSummary,
  FacetValue,
  IndexedBilag,
  SearchHit,
  SearchQuery,
  SearchResult,
} from '../ports/agenda-index.port.ts';
import { decodeCursor, encodeCursor } from '../search/cursor.ts';
import { danishStem } from '../search/danish-stemmer.ts';
import {
  itemForBilag,
  itemKey,
  itemNumberFrom,
  itemText,
  reversedStems,
  snippetSource,
  stemmed,
  yearOf,
} from '../search/index-text.ts';
import { isEmptyQuery, type ParsedQuery, parseQuery, queryStems } from '../search/query.ts';
import { makeSnippet } from '../search/snippet.ts';

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
  start TEXT,
  year TEXT NOT NULL,
  kind TEXT NOT NULL,
  document_id TEXT,
  page INTEGER,
  bilag_name TEXT,
  bilag_doc TEXT,
  title TEXT NOT NULL,
  decision TEXT,
  text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS entries_meeting ON entries(meeting_id);
CREATE INDEX IF NOT EXISTS entries_listing ON entries(bilag_doc, start);
CREATE INDEX IF NOT EXISTS entries_committee_listing ON entries(bilag_doc, committee, start);
CREATE INDEX IF NOT EXISTS entries_committee ON entries(committee);
CREATE INDEX IF NOT EXISTS entries_facets ON entries(bilag_doc, committee, year, kind, start);
CREATE INDEX IF NOT EXISTS entries_bilag ON entries(bilag_doc);
CREATE VIRTUAL TABLE IF NOT EXISTS entries_fts USING fts5(
  title, decision, recommendation, casetext, bilag, compounds,
  content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2'
);
`;

/** bm25 weights per FTS column: a title match counts most, a compound part least. */
const WEIGHTS = [5, 2.5, 1.5, 1, 0.7, 0.3];
const TITLE_BOOST = 6;
const COMPOUND_PENALTY = 1000;
const SECTION_COLUMNS: Record<SearchQuery['section'] | 'title', string> = {
  all: 'title decision recommendation casetext bilag',
  title: 'title',
  decision: 'decision',
  recommendation: 'recommendation',
  case: 'casetext',
};

/** The bilag of a grouped hit, from the two GROUP_CONCAT columns (NULLs are skipped in both). */
function matchedBilag(row: EntryRow): { name: string; documentId: string }[] {
  if (!row.matched_names || !row.matched_docs) return [];
  const names = row.matched_names.split('\u001f');
  const docs = row.matched_docs.split('\u001f');
  return names.map((name, i) => ({ name, documentId: docs[i] ?? '' }));
}

interface EntryRow {
  matched_names?: string | null;
  matched_docs?: string | null;
  item_key: string;
  meeting_id: string;
  number: string | null;
  committee: string | null;
  start: string | null;
  kind: string;
  title: string;
  decision: string | null;
  document_id: string | null;
  page: number | null;
  bilag_name: string | null;
  bilag_doc: string | null;
  text: string;
  score: number;
}

/**
 * The agenda index in SQLite with FTS5, through Node's built-in node:sqlite: no native addon.
 * Each item (and each bilag under an item) is one entry; its text is stored stemmed with the
 * Danish Snowball stemmer per field, plus reversed stems so compound parts can be found.
 */
export class SqliteAgendaIndex implements AgendaIndex {
  readonly #db: DatabaseSync;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.#db = new DatabaseSync(path);
    // A search looks up thousands of entries at random: a larger page cache and memory-mapped
    // reads halve that cost on a large index; the temporary match table lives in memory.
    this.#db.exec(
      'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000; PRAGMA cache_size = -65536; PRAGMA mmap_size = 1073741824; PRAGMA temp_store = MEMORY;',
    );
    this.#db.exec(SCHEMA);
  }

  async putMeeting(meeting: Meeting): Promise<void> {
    this.#transaction(() => {
      this.#deleteEntries('meeting_id = ? AND bilag_doc IS NULL', meeting.id);
      this.#db
        .prepare('INSERT OR REPLACE INTO meetings (id, committee, start, json) VALUES (?, ?, ?, ?)')
        .run(meeting.id, meeting.committee, meeting.start, JSON.stringify(meeting));
      for (const [position, item] of meeting.items.entries()) {
        const text = itemText(item);
        this.#insertEntry(
          {
            meeting_id: meeting.id,
            item_key: itemKey(meeting.id, item.number, position),
            number: item.number == null ? null : String(item.number),
            position,
            committee: meeting.committee,
            start: meeting.start,
            year: yearOf(meeting.start),
            kind: meeting.kind,
            title: item.title,
            decision: item.closed ? null : item.decision,
            document_id: item.sources[0] ?? null,
            page: item.page,
            bilag_name: null,
            bilag_doc: null,
            text: snippetSource(text),
          },
          [text.title, text.decision, text.recommendation, text.case, ''],
        );
      }
      // Bilag entries carry the meeting's facets; keep them in step with it.
      this.#db
        .prepare(
          'UPDATE entries SET committee = ?, start = ?, year = ?, kind = ? WHERE meeting_id = ? AND bilag_doc IS NOT NULL',
        )
        .run(meeting.committee, meeting.start, yearOf(meeting.start), meeting.kind, meeting.id);
    });
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
    const meeting = await this.getMeeting(bilag.meetingId);
    if (!meeting) throw new InvalidArgumentError('meetingId', `no meeting "${bilag.meetingId}" in the index`);
    const found = itemForBilag(meeting, bilag.itemNumber);
    if (!found) return;
    const { item, position } = found;
    this.#transaction(() => {
      this.#deleteEntries('bilag_doc = ?', bilag.documentId);
      this.#insertEntry(
        {
          meeting_id: meeting.id,
          item_key: itemKey(meeting.id, item.number, position),
          number: String(item.number),
          position,
          committee: meeting.committee,
          start: meeting.start,
          year: yearOf(meeting.start),
          kind: meeting.kind,
          title: item.title,
          decision: item.decision,
          document_id: item.sources[0] ?? null,
          page: item.page,
          bilag_name: bilag.name,
          bilag_doc: bilag.documentId,
          text: bilag.text,
        },
        ['', '', '', '', bilag.text],
      );
    });
  }

  async removeBilag(documentId: string): Promise<void> {
    this.#transaction(() => this.#deleteEntries('bilag_doc = ?', documentId));
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const parsed = parseQuery(query.text);
    const offset = decodeCursor(query.cursor);
    const match = isEmptyQuery(parsed) ? null : ftsQuery(parsed, query.section);
    const stems = queryStems(parsed);

    // The matching entries are found once, into a temporary table that the page of hits, the total
    // and each facet then read; node:sqlite is synchronous, so no other search runs in between.
    // Without words, the entries table itself is read: one entry per item.
    let from = 'entries h';
    if (match) {
      this.#materialiseMatches(parsed, match, query.section);
      from = 'temp.matches h';
    }
    const filters = (skip?: 'committee' | 'year' | 'kind') => {
      const where: string[] = [];
      const args: SQLInputValue[] = [];
      if (query.committees.length && skip !== 'committee') {
        where.push(`h.committee IN (${query.committees.map(() => '?').join(',')})`);
        args.push(...query.committees);
      }
      if (query.kinds.length && skip !== 'kind') {
        where.push(`h.kind IN (${query.kinds.map(() => '?').join(',')})`);
        args.push(...query.kinds);
      }
      if (query.from && skip !== 'year') {
        where.push('h.start >= ?');
        args.push(query.from);
      }
      if (query.to && skip !== 'year') {
        // `to` is a whole day: everything that starts before the next one.
        where.push("h.start < date(?, '+1 day')");
        args.push(query.to);
      }
      if (!match) {
        // Listing without words: items, not their bilag; a lone -word still leaves items out.
        where.push('h.bilag_doc IS NULL');
        if (parsed.excluded.length) {
          where.push('h.id NOT IN (SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?)');
          args.push(parsed.excluded.map((w) => `"${danishStem(w).replace(/"/g, '""')}"`).join(' OR '));
        }
      }
      return { where: where.length ? `WHERE ${where.join(' AND ')}` : '', args };
    };

    const order =
      query.sort === 'oldest'
        ? 'h.start ASC, h.position ASC'
        : query.sort === 'newest' || !match
          ? 'h.start DESC, h.position ASC'
          : 'score ASC, h.start DESC';
    const f = filters();
    // One hit per item: its best entry, whether that is the item's own text or one of its bilag.
    const page = (match
      ? this.#statement(
          `SELECT h.id, h.score, h.matched_names, h.matched_docs FROM ${from} ${f.where} ORDER BY ${order} LIMIT ? OFFSET ?`,
        )
      : this.#statement(`SELECT h.id, 0 AS score FROM ${from} ${f.where} ORDER BY ${order} LIMIT ? OFFSET ?`)
    ).all(...f.args, query.limit + 1, offset) as unknown as {
      id: number;
      score: number;
      matched_names?: string;
      matched_docs?: string;
    }[];
    const rows: EntryRow[] = page.map((p) => ({
      ...(this.#statement('SELECT * FROM entries WHERE id = ?').get(p.id) as unknown as EntryRow),
      score: p.score,
      matched_names: p.matched_names ?? null,
      matched_docs: p.matched_docs ?? null,
    }));
    const total = (
      this.#statement(`SELECT COUNT(*) AS n FROM ${from} ${f.where}`).get(...f.args) as {
        n: number;
      }
    ).n;

    const facet = (column: 'committee' | 'year' | 'kind'): FacetValue[] => {
      const g = filters(column);
      const where = g.where ? `${g.where} AND h.${column} IS NOT NULL` : `WHERE h.${column} IS NOT NULL`;
      return (
        this.#statement(
          `SELECT h.${column} AS value, COUNT(*) AS count FROM ${from} ${where}
           GROUP BY h.${column} ORDER BY ${column === 'year' ? 'value DESC' : 'count DESC, value ASC'}`,
        ).all(...g.args) as unknown as FacetValue[]
      ).map((v) => ({ value: String(v.value), count: Number(v.count) }));
    };

    const hits: SearchHit[] = rows.slice(0, query.limit).map((row) => ({
      meetingId: row.meeting_id,
      committee: row.committee,
      start: row.start,
      number: itemNumberFrom(row.number),
      title: row.title,
      kind: row.kind,
      decision: row.decision,
      snippet: makeSnippet(row.text, stems),
      bilag: row.bilag_doc && row.bilag_name ? { name: row.bilag_name, documentId: row.bilag_doc } : null,
      matchedBilag: matchedBilag(row),
      documentId: row.document_id,
      page: row.page,
      score: -Number(row.score),
    }));
    return {
      total,
      hits,
      facets: { committee: facet('committee'), year: facet('year'), kind: facet('kind') },
      next: rows.length > query.limit ? encodeCursor(offset + query.limit) : null,
    };
  }

  /**
   * Fills temp.matches with the entries a query matches and their score. bm25() only works in the
   * statement that runs MATCH, so it is taken there. FTS5 normalises bm25 by the length of the whole
   * entry, so a title match in a long item would lose to a passing mention in a short bilag: title
   * matches get a boost, and matches only as part of a compound rank below whole words.
   */
  #materialiseMatches(parsed: ParsedQuery, match: string, section: SearchQuery['section']): void {
    // One row per item: its best-scoring entry (the item's text or a bilag) and every bilag that matched.
    this.#db.exec(
      'CREATE TEMP TABLE IF NOT EXISTS matches (id INTEGER PRIMARY KEY, item_key TEXT, committee TEXT, year TEXT, kind TEXT, start TEXT, position INTEGER, matched_names TEXT, matched_docs TEXT, score REAL); DELETE FROM temp.matches;',
    );
    const words = ftsQuery(parsed, section, 'words');
    const compounds = words !== match;
    this.#statement(
      `WITH m AS MATERIALIZED (SELECT rowid, bm25(entries_fts, ${WEIGHTS.join(', ')}) AS bm FROM entries_fts WHERE entries_fts MATCH ?),
         t AS MATERIALIZED (SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?)
         ${compounds ? ', x AS MATERIALIZED (SELECT rowid FROM entries_fts WHERE entries_fts MATCH ?)' : ''}
       INSERT INTO temp.matches
       SELECT e.id, e.item_key, e.committee, e.year, e.kind, e.start, e.position,
         GROUP_CONCAT(e.bilag_name, char(31)), GROUP_CONCAT(e.bilag_doc, char(31)),
         MIN(m.bm - CASE WHEN t.rowid IS NULL THEN 0 ELSE ${TITLE_BOOST} END
              ${compounds ? `+ CASE WHEN x.rowid IS NULL THEN ${COMPOUND_PENALTY} ELSE 0 END` : ''})
       FROM m JOIN entries e ON e.id = m.rowid LEFT JOIN t ON t.rowid = m.rowid
       ${compounds ? 'LEFT JOIN x ON x.rowid = m.rowid' : ''}
       GROUP BY e.item_key`,
    ).run(match, ftsQuery(parsed, 'title'), ...(compounds ? [words] : []));
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

  async close(): Promise<void> {
    if (this.#db.isOpen) this.#db.close();
  }

  readonly #statements = new Map<string, ReturnType<DatabaseSync['prepare']>>();

  /** A prepared statement, prepared once: bulk indexing runs the same few thousands of times. */
  #statement(sql: string) {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  #insertEntry(row: Omit<EntryRow, 'score'> & { position: number; year: string }, fields: string[]): void {
    const { lastInsertRowid } = this.#statement(
      `INSERT INTO entries (meeting_id, item_key, number, position, committee, start, year, kind, title, decision, document_id, page, bilag_name, bilag_doc, text)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      row.meeting_id,
      row.item_key,
      row.number,
      row.position,
      row.committee,
      row.start,
      row.year,
      row.kind,
      row.title,
      row.decision,
      row.document_id,
      row.page,
      row.bilag_name,
      row.bilag_doc,
      row.text,
    );
    this.#statement(
      'INSERT INTO entries_fts (rowid, title, decision, recommendation, casetext, bilag, compounds) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(lastInsertRowid, ...fields.map(stemmed), reversedStems(fields.join(' ')));
  }

  #deleteEntries(where: string, ...args: SQLInputValue[]): void {
    const ids = this.#db.prepare(`SELECT id FROM entries WHERE ${where}`).all(...args) as { id: number }[];
    const del = this.#db.prepare('DELETE FROM entries_fts WHERE rowid = ?');
    for (const { id } of ids) del.run(id);
    this.#db.prepare(`DELETE FROM entries WHERE ${where}`).run(...args);
  }

  #transaction(work: () => void): void {
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      work();
      this.#db.exec('COMMIT');
    } catch (error) {
      this.#db.exec('ROLLBACK');
      throw error;
    }
  }
}

const quote = (token: string) => `"${token.replace(/"/g, '""')}"`;

/** Builds the FTS5 query: each word by its stem in the chosen fields, or as the last part of a compound. */
export function ftsQuery(
  q: ParsedQuery,
  section: SearchQuery['section'] | 'title',
  mode: 'compounds' | 'words' = 'compounds',
): string {
  const columns = SECTION_COLUMNS[section];
  const parts: string[] = [];
  for (const term of q.terms) {
    const stem = danishStem(term);
    const exact = `{${columns}}: ${quote(stem)}`;
    parts.push(
      stem.length >= 4 && section === 'all' && mode === 'compounds'
        ? `(${exact} OR compounds: ${quote([...stem].reverse().join(''))}*)`
        : `(${exact})`,
    );
  }
  for (const phrase of q.phrases) parts.push(`({${columns}}: ${quote(phrase.map(danishStem).join(' '))})`);
  let expr = parts.join(section === 'title' ? ' OR ' : ' AND ');
  if (q.excluded.length && section !== 'title') {
    const excluded = q.excluded.map((w) => `{${columns}}: ${quote(danishStem(w))}`).join(' OR ');
    expr = `${expr} NOT (${excluded})`;
  }
  return expr;
}
