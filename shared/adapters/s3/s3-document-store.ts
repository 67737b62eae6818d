import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { DocumentRemovedError, NotFoundError } from '../../domain/errors.ts';
import type { SourceDocument } from '../../domain/model.ts';
import type { DocumentStore, RecordQuery } from '../../ports/document-store.port.ts';
import { listFolderNames, objectExists } from './s3-objects.ts';

const ID = /^[a-f0-9]{16,64}$/;

/**
 * Documents in S3, laid out as the data folder is locally: documents/<sha256>/original,
 * record.json and one JSON object per derived result, so a reindex never re-extracts or re-OCRs.
 */
export class S3DocumentStore implements DocumentStore {
  readonly #s3: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;

  readonly #tombstones: string;

  constructor(s3: S3Client, bucket: string, prefix = 'documents/', tombstones = 'tombstones/') {
    this.#s3 = s3;
    this.#bucket = bucket;
    this.#prefix = prefix;
    this.#tombstones = tombstones;
  }

  #tombstone(id: string): string {
    if (!ID.test(id)) throw new NotFoundError(`no document with id "${id}"`);
    return `${this.#tombstones}${id}`;
  }

  /**
   * S3 has no transaction across objects: a write is refused for a document with a tombstone,
   * and checked again once it is done, so a takedown that came meanwhile still leaves nothing.
   */
  async #guarded(id: string, write: () => Promise<void>): Promise<void> {
    if (await this.isRemoved(id)) throw new DocumentRemovedError(id);
    await write();
    if (await this.isRemoved(id)) {
      await this.#deleteObjects(id);
      throw new DocumentRemovedError(id);
    }
  }

  #key(id: string, name: string): string {
    if (!ID.test(id)) throw new NotFoundError(`no document with id "${id}"`);
    return `${this.#prefix}${id}/${name}`;
  }

  async putOriginal(id: string, bytes: Uint8Array): Promise<void> {
    const Key = this.#key(id, 'original');
    if (await objectExists(this.#s3, this.#bucket, Key)) return;
    await this.#guarded(id, async () => {
      await this.#s3.send(new PutObjectCommand({ Bucket: this.#bucket, Key, Body: bytes }));
    });
  }

  /** Copies an object of the same bucket in as the original of a document, server-side, never through memory. */
  async copyOriginalFrom(sourceKey: string, id: string): Promise<void> {
    const Key = this.#key(id, 'original');
    if (await objectExists(this.#s3, this.#bucket, Key)) return;
    const CopySource = `${this.#bucket}/${sourceKey.split('/').map(encodeURIComponent).join('/')}`;
    await this.#s3.send(new CopyObjectCommand({ Bucket: this.#bucket, Key, CopySource }));
  }

  /** The bucket key of a document's original, for services that read it in place (Textract). */
  originalKey(id: string): string {
    return this.#key(id, 'original');
  }

  async getOriginal(id: string): Promise<Uint8Array> {
    const body = await this.#get(this.#key(id, 'original'));
    if (!body) throw new NotFoundError(`no original stored for document ${id}`);
    return body;
  }

  async openOriginal(id: string): Promise<ReadableStream<Uint8Array>> {
    try {
      const res = await this.#s3.send(
        new GetObjectCommand({ Bucket: this.#bucket, Key: this.#key(id, 'original') }),
      );
      return res.Body!.transformToWebStream() as ReadableStream<Uint8Array>;
    } catch (error) {
      if (error instanceof NoSuchKey) throw new NotFoundError(`no original stored for document ${id}`);
      throw error;
    }
  }

  async putDerived(id: string, name: string, value: unknown): Promise<void> {
    await this.#guarded(id, () => this.#putJson(this.#key(id, `${name}.json`), value));
  }

  async getDerived<T>(id: string, name: string): Promise<T | null> {
    const body = await this.#get(this.#key(id, `${name}.json`));
    return body ? (JSON.parse(Buffer.from(body).toString('utf8')) as T) : null;
  }

  async putRecord(record: SourceDocument): Promise<void> {
    await this.#guarded(record.id, () => this.#putJson(this.#key(record.id, 'record.json'), record));
  }

  async getRecord(id: string): Promise<SourceDocument | null> {
    if (!ID.test(id)) return null;
    return this.getDerived<SourceDocument>(id, 'record');
  }

  async listRecords(): Promise<SourceDocument[]> {
    const records: SourceDocument[] = [];
    let after: string | undefined;
    do {
      const page = await this.pageRecords({ limit: 1000, ...(after ? { after } : {}) });
      records.push(...page.records);
      after = page.next ?? undefined;
    } while (after);
    return records.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Records in the order of their ids (the order S3 lists keys in), a listing page at a time. */
  async pageRecords(query: RecordQuery): Promise<{ records: SourceDocument[]; next: string | null }> {
    const { names: taken, next } = await listFolderNames(this.#s3, this.#bucket, this.#prefix, {
      ...(query.after ? { after: query.after } : {}),
      ...(query.limit ? { limit: query.limit } : {}),
      keep: (id) => ID.test(id),
    });
    const records: SourceDocument[] = [];
    // A few at a time: thousands of GETs at once would be throttled.
    for (let i = 0; i < taken.length; i += 16) {
      const batch = await Promise.all(taken.slice(i, i + 16).map((id) => this.getRecord(id)));
      for (const r of batch) {
        if (!r) continue;
        if (query.status?.length && !query.status.includes(r.status)) continue;
        if (query.updatedBefore && !(r.updatedAt < query.updatedBefore)) continue;
        records.push(r);
      }
    }
    return { records, next };
  }

  async delete(id: string): Promise<void> {
    // The tombstone first: work in flight checks it after each write and undoes what it wrote.
    await this.#s3.send(
      new PutObjectCommand({
        Bucket: this.#bucket,
        Key: this.#tombstone(id),
        Body: JSON.stringify({ removedAt: new Date().toISOString() }),
        ContentType: 'application/json',
      }),
    );
    await this.#deleteObjects(id);
  }

  async isRemoved(id: string): Promise<boolean> {
    return ID.test(id) && objectExists(this.#s3, this.#bucket, this.#tombstone(id));
  }

  async revive(id: string): Promise<void> {
    await this.#s3.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: this.#tombstone(id) }));
  }

  async #deleteObjects(id: string): Promise<void> {
    const Prefix = this.#key(id, '');
    let ContinuationToken: string | undefined;
    do {
      const page = await this.#s3.send(
        new ListObjectsV2Command({ Bucket: this.#bucket, Prefix, ContinuationToken }),
      );
      const keys = (page.Contents ?? []).map((o) => ({ Key: o.Key! }));
      if (keys.length)
        await this.#s3.send(
          new DeleteObjectsCommand({ Bucket: this.#bucket, Delete: { Objects: keys, Quiet: true } }),
        );
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
  }

  async #putJson(Key: string, value: unknown): Promise<void> {
    await this.#s3.send(
      new PutObjectCommand({
        Bucket: this.#bucket,
        Key,
        Body: JSON.stringify(value),
        ContentType: 'application/json',
      }),
    );
  }

  async #get(Key: string): Promise<Uint8Array | null> {
    try {
      const res = await this.#s3.send(new GetObjectCommand({ Bucket: this.#bucket, Key }));
      return await res.Body!.transformToByteArray();
    } catch (error) {
      if (error instanceof NoSuchKey) return null;
      throw error;
    }
  }
}
