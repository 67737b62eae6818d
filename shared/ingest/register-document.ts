import type { SourceDocument, StoredFile } from '../domain/model.ts';
import type { DocumentStore } from '../ports/document-store.port.ts';
import { documentId, type IncomingDocument } from './pipeline.ts';

/**
 * Accept: a file becomes a document with a record (status "queued"), its original stored. The
 * same bytes again are the same document; the same bytes after a takedown are a new one (the
 * tombstone is lifted first, so the new upload is not mistaken for work on the removed one).
 */
export class RegisterDocument {
  readonly #store: DocumentStore;
  readonly #now: () => Date;

  constructor(deps: { store: DocumentStore; now: () => Date }) {
    this.#store = deps.store;
    this.#now = deps.now;
  }

  /** Stores the original and registers it as queued, unless the archive has it under way or done already. */
  async queue(doc: IncomingDocument): Promise<SourceDocument> {
    const file = {
      id: documentId(doc.bytes),
      name: doc.name,
      size: doc.bytes.length,
      metadata: doc.metadata,
    };
    return this.#queue(file, doc.bytes);
  }

  /**
   * Registers a document whose bytes are on their way through an inbox (an upload to the bucket),
   * so its status reads "queued" at once. A document the archive has already is left as it is.
   */
  announce(file: StoredFile): Promise<SourceDocument> {
    return this.#queue(file);
  }

  async #queue(file: StoredFile, bytes?: Uint8Array): Promise<SourceDocument> {
    const existing = await this.#store.getRecord(file.id);
    if (existing && existing.status !== 'failed') return existing;
    if (!existing) await this.#store.revive(file.id);
    if (bytes) await this.#store.putOriginal(file.id, bytes);
    return this.register(file, existing);
  }

  /** Writes the record of a document as queued, keeping what an earlier record said of its metadata. */
  async register(
    { id, name, size, metadata }: StoredFile,
    existing: SourceDocument | null,
  ): Promise<SourceDocument> {
    if (!existing) await this.#store.revive(id);
    const record = queuedRecord(
      { id, name, size },
      existing,
      { ...existing?.metadata, ...metadata },
      this.#now(),
    );
    await this.#store.putRecord(record);
    return record;
  }
}

/**
 * The record of a document (re)queued for the pipeline: what an earlier record said of its
 * meeting and item, and when it first came, is kept.
 */
export function queuedRecord(
  file: Pick<SourceDocument, 'id' | 'name' | 'size'>,
  existing: SourceDocument | null,
  metadata: SourceDocument['metadata'],
  at: Date,
): SourceDocument {
  const now = at.toISOString();
  return {
    ...file,
    mediaType: null,
    status: 'queued',
    reason: null,
    errorCode: null,
    pages: null,
    ocrPages: null,
    kind: null,
    meetingId: existing?.meetingId ?? null,
    linkedItem: existing?.linkedItem ?? null,
    metadata,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
}
