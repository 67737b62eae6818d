import type { IdentityClaim } from '../domain/meeting-identity.ts';
import type { Meeting, ParsedDocument } from '../domain/model.ts';

export type { IdentityClaim };

/** What a document of the minutes kind (referat, dagsorden, punkt) brings to its meeting. */
export interface MinutesContribution {
  role: 'minutes';
  documentId: string;
  name: string;
  mediaType: string | null;
  /** When the archive first received the document: of a portal's answers for one meeting the latest wins. */
  receivedAt?: string;
  parsed: ParsedDocument;
}

/** What a bilag brings to the meeting whose item lists it: its text, found under that item. */
export interface BilagContribution {
  role: 'bilag';
  documentId: string;
  name: string;
  itemNumber: string;
  text: string;
  /** Where the bilag stands in another document (pages appended to a samlet referat), for a hit to open it there. */
  at?: BilagPlace;
}

/** A page of a source document. */
export interface BilagPlace {
  documentId: string;
  page: number;
}

/** One document's part of a meeting, kept apart from every other document's part. */
export type Contribution = MinutesContribution | BilagContribution;

/**
 * A meeting as merged from its contributions, with everything the search index is built from:
 * the index is a projection of this and can be thrown away and rebuilt from it.
 */
export interface MeetingView {
  id: string;
  /** Null once no document describes the meeting any more (its last source was taken down). */
  meeting: Meeting | null;
  bilag: { documentId: string; name: string; itemNumber: string; text: string; at?: BilagPlace }[];
  /** Bilag that were linked to this meeting and no longer are, so a projection removes them. */
  retiredBilag: string[];
}

/** A value with the version it was read at, for a compare-and-set write. */
export interface Versioned<T> {
  value: T;
  version: string;
}

/**
 * Meetings as data: each document's contribution, and the merged meeting, in the store of the
 * home (SQLite locally, S3 on AWS). Writes of the merged meeting are compare-and-set, so any number
 * of writers in any number of processes never lose each other's work.
 */
export interface MeetingStore {
  /** Adds or replaces one document's contribution to a meeting. */
  putContribution(meetingId: string, contribution: Contribution): Promise<void>;
  removeContribution(meetingId: string, documentId: string): Promise<void>;
  contributions(meetingId: string): Promise<Contribution[]>;
  /** The meetings a document contributes to, where the store can tell (locally it can). */
  meetingsOf?(documentId: string): Promise<string[]>;

  getMeeting(meetingId: string): Promise<Versioned<MeetingView> | null>;
  /**
   * Writes the merged meeting if the stored one is still at `expected` (null: if there is none).
   * Returns the new version, or null when another writer got there first: read again and retry.
   */
  putMeeting(view: MeetingView, expected: string | null): Promise<string | null>;
  /** Meeting ids in order, a page at a time: for a rebuild of the index and for the bilag directory. */
  listMeetings(page: { after?: string; limit?: number }): Promise<{ ids: string[]; next: string | null }>;

  /**
   * The meeting id for a document that names committee and date: the meeting already known for
   * that start time (or a meeting of that day whose time is not known), else a new one. The
   * claim is atomic, so two writers of one meeting agree on its id and two meetings of one
   * committee on one day stay two.
   */
  claimIdentity(claim: IdentityClaim): Promise<string>;

  /** A mark of how far the store's changes have come, to ask later what changed since. */
  changeToken(): Promise<string>;
  /** The meetings written since `token`, and a new token: what a rebuild replays before it swaps. */
  changedSince(token: string): Promise<{ ids: string[]; token: string }>;

  close?(): Promise<void>;
}
