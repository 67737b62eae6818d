import { createHash } from 'node:crypto';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  type GetObjectCommandOutput,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { StoredFile, UploadMetadata } from '../../domain/model.ts';
import { metadataSchema } from '../../domain/upload-metadata.ts';
import type { Inbox } from '../../ports/inbox.port.ts';
import type { S3DocumentStore } from './s3-document-store.ts';

/**
 * The `uploads/` prefix of the documents bucket. A file is read once as a stream to hash it (its
 * sha256 is the document id), then copied server-side to the document's place; it is never held
 * whole in memory here. Which document each upload became is kept under `upload-links/`, so that
 * removing the upload takes the document down.
 */
export class S3Inbox implements Inbox {
  readonly #s3: S3Client;
  readonly #bucket: string;
  readonly #store: S3DocumentStore;

  constructor(s3: S3Client, bucket: string, store: S3DocumentStore) {
    this.#s3 = s3;
    this.#bucket = bucket;
    this.#store = store;
  }

  async adopt(key: string): Promise<StoredFile | null> {
    let res: GetObjectCommandOutput;
    try {
      res = await this.#s3.send(new GetObjectCommand({ Bucket: this.#bucket, Key: key }));
    } catch (error) {
      if (error instanceof NoSuchKey) return null;
      throw error;
    }
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of (res.Body ?? []) as AsyncIterable<Uint8Array>) {
      hash.update(chunk);
      size += chunk.length;
    }
    const id = hash.digest('hex');
    await this.#store.copyOriginalFrom(key, id);
    await this.#s3.send(
      new PutObjectCommand({ Bucket: this.#bucket, Key: linkKey(key), Body: id, ContentType: 'text/plain' }),
    );
    return { id, name: key.split('/').pop() ?? key, size, metadata: uploadMetadata(res.Metadata ?? {}) };
  }

  async release(key: string): Promise<string | null> {
    try {
      const res = await this.#s3.send(new GetObjectCommand({ Bucket: this.#bucket, Key: linkKey(key) }));
      const id = (await res.Body!.transformToString()).trim();
      await this.#s3.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: linkKey(key) }));
      return id || null;
    } catch (error) {
      if (error instanceof NoSuchKey) return null;
      throw error;
    }
  }
}

function linkKey(uploadKey: string): string {
  return `upload-links/${uploadKey}`;
}

/**
 * What the uploader said, from the object's user metadata (x-amz-meta-committee, -date, -kind,
 * -meeting-id). S3 metadata is ASCII, so values arrive URI-encoded; a value that is not valid is
 * dropped, as the file itself may still say it.
 */
export function uploadMetadata(meta: Record<string, string>): UploadMetadata {
  const fields = {
    committee: 'committee',
    date: 'date',
    kind: 'kind',
    meetingId: 'meeting-id',
    authority: 'authority',
  } as const;
  const metadata: Record<string, unknown> = {};
  for (const [field, header] of Object.entries(fields)) {
    const raw = meta[header];
    if (!raw) continue;
    const parsed = metadataSchema.shape[field as keyof typeof fields].safeParse(decoded(raw));
    if (parsed.success && parsed.data) metadata[field] = parsed.data;
  }
  return metadata as UploadMetadata;
}

function decoded(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
