import type { Meeting } from '../domain/model.ts';

/** Which part of an item a query is matched against. */
export type SearchSection = 'all' | 'decision' | 'recommendation' | 'case';
export type SearchSort = 'relevance' | 'newest' | 'oldest';

export interface SearchQuery {
  /** Free text: words, "phrases" and -excluded words. Empty lists items newest first. */
  text: string;
  committees: string[];
  /** Authorities ("Greve Kommune"), any of; empty or absent for all. */
  authorities?: string[];
  /** YYYY-MM-DD, inclusive. */
  from?: string;
  to?: string;
  /** Only items of meetings with no known date (the year facet's "ukendt"); from and to are ignored. */
  undated?: boolean;
  kinds: string[];
  section: SearchSection;
  sort: SearchSort;
  limit: number;
  /** Opaque position from a previous result's `next`. */
  cursor?: string;
  /** Only the items of this case (`EMN-2025-008468`, `24/03318`), across meetings and committees. */
  caseNumber?: string;
}

export interface SearchHit {
  meetingId: string;
  /** The authority the meeting belongs to, where known. */
  authority?: string | null;
  committee: string | null;
  start: string | null;
  number: number | string | null;
  title: string;
  /** The item's case number as printed, the key to every item of the same case. */
  caseNumber: string | null;
  kind: string;
  decision: string | null;
  /** Escaped text with matches in <mark>. */
  snippet: string;
  /** The bilag the best match was found in, when it was found in one. */
  bilag: { name: string; documentId: string } | null;
  /** Every bilag of the item that matches the query too. */
  matchedBilag: { name: string; documentId: string }[];
  /**
   * Every document the item was read from: the documents of its meeting, and copies of it that
   * could not be merged into the meeting (a per-item PDF, a DOCX beside its PDF).
   */
  sources: { documentId: string; name: string; kind: string }[];
  /** The source document and page the item starts on. */
  documentId: string | null;
  page: number | null;
  score: number;
}

export interface FacetValue {
  value: string;
  count: number;
}

export interface SearchResult {
  total: number;
  hits: SearchHit[];
  facets: { committee: FacetValue[]; year: FacetValue[]; kind: FacetValue[]; authority?: FacetValue[] };
  next: string | null;
  /**
   * "Mente du …": the query with a misspelled word replaced by a word of the index, when the
   * query found nothing or little and such a word finds more; null otherwise.
   */
  suggestion?: string | null;
  /** Words of the query left out as too common to search for ("og", "på"); all of them when nothing was left. */
  ignored?: string[];
  /**
   * True when no item holds every word (and none was misspelled): the hits are the items that
   * hold the most of them.
   */
  relaxed?: boolean;
}

export interface CommitteeSummary {
  name: string;
  meetings: number;
  first: string | null;
  last: string | null;
}

/** A bilag's text, indexed so that a hit in it leads to the item that lists it. */
export interface IndexedBilag {
  documentId: string;
  name: string;
  meetingId: string;
  itemNumber: string;
  text: string;
  /** Where a hit in it opens: a page of another document (a samlet referat); the item's page when absent. */
  at?: { documentId: string; page: number };
}

/** The search index of agenda items: SQLite FTS5 locally, OpenSearch on AWS. */
export interface AgendaIndex {
  /** Indexes a meeting and its items, replacing whatever the index held for that meeting id. */
  putMeeting(meeting: Meeting): Promise<void>;
  removeMeeting(id: string): Promise<void>;
  getMeeting(id: string): Promise<Meeting | null>;
  /** Indexes the text of a bilag under the item that lists it, replacing an earlier version. */
  putBilag(bilag: IndexedBilag): Promise<void>;
  removeBilag(documentId: string): Promise<void>;
  search(query: SearchQuery): Promise<SearchResult>;
  committees(): Promise<CommitteeSummary[]>;
  /** How many meetings a committee held each year, for the coverage report. */
  meetingsPerYear(committee: string): Promise<{ year: string; meetings: number }[]>;
  close?(): Promise<void>;
}
