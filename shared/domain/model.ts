/** What a source document is, as far as the archive is concerned. */
export type DocumentKind = 'referat' | 'dagsorden' | 'punkt' | 'bilag';

/** A titled part of an agenda item: Beslutning, Indstilling, Sagsfremstilling, Resumé … */
export interface Section {
  heading: string;
  text: string;
}

/** A bilag an agenda item lists, and, once it is ingested, the document that holds it. */
export interface Attachment {
  name: string;
  documentId?: string;
}

/** One agenda item ("punkt") of a meeting. */
export interface AgendaItem {
  /** The number as printed: 4, or "12a"; null for a lone item with no number. */
  number: number | string | null;
  title: string;
  caseNumber: string | null;
  /** A closed item keeps number and title; its text never reaches the search index. */
  closed: boolean;
  /** The item's Beslutning/Referat text. */
  decision: string | null;
  sections: Section[];
  attachments: Attachment[];
  /** The page of the source document the item starts on (1-based). */
  page: number | null;
  /** Members absent for this item only (the meeting's absentees are on the meeting). */
  absent?: string[];
  /** The item's id in the portal it came from (FirstAgenda's Dagsordenpunkt id), where it has one. */
  sourceId?: string;
}

/** Where a parsed structure came from. */
export interface SourceInfo {
  name: string;
  sha256: string;
  pages: number;
  ocrPages: number;
}

/** A meeting as one source document describes it: the parse contract. */
export interface ParsedDocument {
  id: string;
  /** The public authority the meeting belongs to: "Greve Kommune", "Region Syddanmark" … */
  authority?: string | null;
  /** The meeting's id in the portal it came from (FirstAgenda's meeting id), where it has one. */
  sourceMeetingId?: string;
  committee: string | null;
  /** The election period of the committee's archive name ("Byråd 2022-2025" → "2022-2025"). */
  committeePeriod?: string | null;
  title: string | null;
  kind: DocumentKind;
  /** ISO 8601 with the Europe/Copenhagen offset. */
  start: string | null;
  end: string | null;
  location: string | null;
  /** YYYY-MM-DD */
  published: string | null;
  participants: string[];
  absent: string[];
  guests: string[];
  items: AgendaItem[];
  source: SourceInfo;
  /**
   * Bilag appended after the minutes in the same file (a "samlet" referat): the pages each takes
   * and the item it belongs to. The items are read from the pages before the first of them.
   */
  appendedBilag?: AppendedBilag[];
  /** Things a reader of the result should know: a weekday that contradicts the date, no structure found … */
  warnings: string[];
}

/** A bilag appended after the minutes in the same PDF, and why the parser took it to begin where it does. */
export interface AppendedBilag {
  /** As the item lists it, or the bilag's first line where no item lists it. */
  name: string;
  /** The item it belongs to; null when no item lists it (it is then the meeting's). */
  itemNumber: string | null;
  firstPage: number;
  lastPage: number;
  /** The evidence for the page it begins on. */
  why: string[];
}

/** An item of a merged meeting, with the sources that describe it. */
export interface MeetingItem extends AgendaItem {
  /** Document ids this item was read from, first the one whose page is given. */
  sources: string[];
}

/** A meeting merged from every document that describes it (web page, PDF printout, referat …). */
export interface Meeting {
  id: string;
  authority?: string | null;
  sourceMeetingId?: string;
  committee: string | null;
  committeePeriod?: string | null;
  title: string | null;
  kind: DocumentKind;
  start: string | null;
  end: string | null;
  location: string | null;
  published: string | null;
  participants: string[];
  absent: string[];
  guests: string[];
  items: MeetingItem[];
  sources: MeetingSource[];
}

/** A document that contributed to a meeting. */
export interface MeetingSource {
  documentId: string;
  name: string;
  kind: DocumentKind;
}

export type DocumentStatus = 'queued' | 'extracting' | 'ocr' | 'parsing' | 'indexed' | 'failed';

/** The archive's record of one uploaded file: what it is and how far it got. */
export interface SourceDocument {
  /** The sha256 of the bytes: the same file twice is the same document. */
  id: string;
  name: string;
  mediaType: string | null;
  size: number;
  status: DocumentStatus;
  /** Why it failed, readable by the person who uploaded it. */
  reason: string | null;
  errorCode: string | null;
  pages: number | null;
  ocrPages: number | null;
  /** What the parser could not find or had to decide: no committee, a weekday that contradicts the date, no structure … */
  warnings?: string[];
  /** The pages that were OCR'ed and how sure the OCR engine was of each (0–1). */
  ocr?: { page: number; confidence: number; engine: string }[];
  /**
   * How many times processing started: counted before each try, so a document whose reading
   * stopped the whole process (power cut, kill, a crash outside the sandbox) is not re-queued forever.
   */
  attempts?: number;
  /** The OCR job a document waits for while its status is "ocr" and OCR runs elsewhere (Textract). */
  ocrJob?: string;
  /** How many OCR jobs were started for the document: each retry asks with a new request token. */
  ocrAttempts?: number;
  /** How many times the document was found standing still in extracting, ocr or parsing and tried again. */
  stuckRetries?: number;
  kind: DocumentKind | null;
  meetingId: string | null;
  /** For a bilag: the meeting and item that list it. */
  linkedItem: { meetingId: string; number: string } | null;
  /** What the uploader said about the file, used where the file does not say. */
  metadata: UploadMetadata;
  /** For a bilag split out of another document (appended after its minutes, or embedded in it): where from. */
  derivedFrom?: DerivedFrom;
  /** The bilag split out of this document, each a document of its own: taken down with it. */
  derived?: string[];
  /** What splitting its bilag out said (a file not read, a bilag no item lists): among `warnings`, and kept through a reparse. */
  splitWarnings?: string[];
  createdAt: string;
  updatedAt: string;
}

/** Where a split-out bilag came from. */
export interface DerivedFrom {
  documentId: string;
  how: 'appended' | 'embedded';
  /** The pages of the parent it took (appended bilag). */
  pages?: { first: number; last: number };
  /** The item of the parent's meeting it belongs to, where the parent said (a "Bilag til punkt 3" cover). */
  itemNumber?: string | null;
}

/** A file known by its id (the sha256 of its bytes), name and size, and what its uploader said of it. */
export interface StoredFile {
  id: string;
  name: string;
  size: number;
  metadata?: UploadMetadata;
}

/** Metadata an uploader or a bulk-load manifest supplies for what a file lacks. */
export interface UploadMetadata {
  committee?: string;
  /** YYYY-MM-DD or a full ISO date-time. */
  date?: string;
  kind?: DocumentKind;
  meetingId?: string;
  /** The authority the document belongs to, where the document does not say. */
  authority?: string;
  /** The source's own id of the meeting (a portal's meeting id): documents with the same one are one meeting. */
  sourceMeetingId?: string;
}
