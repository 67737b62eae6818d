import type { SourceDocument } from '../domain/model.ts';

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
  getRecord(id: string): Promise<SourceDocument | null>;
  listRecords(): Promise<SourceDocument[]>;

  /** Removes the original, its derived results and its record. */
  delete(id: string): Promise<void>;
}
