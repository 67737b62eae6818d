import type { DocumentStatus, SourceDocument } from '../domain/model.ts';

/** Which records to list, and from where. */
export interface RecordQuery {
  status?: DocumentStatus[];
  /** Only records updated before this instant (ISO 8601): work that has stood still. */
  updatedBefore?: string;
  /** Where to resume: the `next` of the previous page. Pages come in a stable order (locally, oldest first). */
  after?: string;
  limit?: number;
}

/** Originals, what was derived from them, and the record of each document. */
export interface DocumentStore {
  /** Stores the original bytes of a document; a no-op when they are already there. */
  putOriginal(id: string, bytes: Uint8Array): Promise<void>;
  getOriginal(id: string): Promise<Uint8Array>;
  /** A readable stream of the original, for serving it without holding it twice. */
  openOriginal(id: string): Promise<ReadableStream<Uint8Array>>;

  /** Derived results (text per page, parsed structure …) stored beside the original, by name. */
  putDerived(id: string, name: string, value: unknown): Promise<void>;
  getDerived<T>(id: string, name: string): Promise<T | null>;

  putRecord(record: SourceDocument): Promise<void>;
  /** The record of a document; null for one never seen and for one taken down (its tombstone). */
  getRecord(id: string): Promise<SourceDocument | null>;
  /** Every record, oldest first. Prefer `pageRecords` where there may be many. */
  listRecords(): Promise<SourceDocument[]>;
  /** One page of records and where the next page starts (null: no more). */
  pageRecords(query: RecordQuery): Promise<{ records: SourceDocument[]; next: string | null }>;

  /**
   * Removes the original, its derived results and its record, and leaves a tombstone: the id
   * answers as unknown, and work still in flight for it sees that it was taken down.
   */
  delete(id: string): Promise<void>;
  /** Whether the document was taken down (and not uploaded again since). */
  isRemoved(id: string): Promise<boolean>;
  /** Lifts a tombstone: the same bytes uploaded again after a takedown are a new document. */
  revive(id: string): Promise<void>;
  /** A token that changes whenever a record changes, for caches of what records say. */
  recordsVersion?(): Promise<string>;
}

/** Every record the query selects, page by page, without holding them all at once. */
export async function* allRecords(
  store: DocumentStore,
  query: Omit<RecordQuery, 'after'> = {},
): AsyncGenerator<SourceDocument> {
  let after: string | undefined;
  do {
    const page = await store.pageRecords({ ...query, ...(after ? { after } : {}) });
    yield* page.records;
    after = page.next ?? undefined;
  } while (after);
}
