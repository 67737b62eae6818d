import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { ConflictError } from '../../domain/errors.ts';
import { type IdentityEntry, resolveIdentity } from '../../domain/meeting-identity.ts';
import type {
  Contribution,
  IdentityClaim,
  MeetingStore,
  MeetingView,
  Versioned,
} from '../../ports/meeting-store.port.ts';
import { listFolderNames } from './s3-objects.ts';

/**
 * Meetings in the bucket: meetings/<id>/meeting.json (the merged meeting), and
 * meetings/<id>/contributions/<document id>.json (each document's part of it, written by that
 * document's function alone). The merged meeting and the identities of a committee's day are
 * written with S3's conditional writes: If-Match on the ETag that was read, If-None-Match: * for
 * a first write, so of two functions writing at once one gets 412 and reads again.
 */
export class S3MeetingStore implements MeetingStore {
  readonly #s3: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;

  constructor(s3: S3Client, bucket: string, prefix = 'meetings/') {
    this.#s3 = s3;
    this.#bucket = bucket;
    this.#prefix = prefix;
  }

  #meetingKey(id: string, name: string): string {
    if (!/^[\w.-]+$/.test(id)) throw new Error(`not a meeting id: "${id}"`);
    return `${this.#prefix}${id}/${name}`;
  }

  async putContribution(meetingId: string, contribution: Contribution): Promise<void> {
    await this.#s3.send(
      new PutObjectCommand({
        Bucket: this.#bucket,
        Key: this.#meetingKey(meetingId, `contributions/${contribution.documentId}.json`),
        Body: JSON.stringify(contribution),
        ContentType: 'application/json',
      }),
    );
  }

  async removeContribution(meetingId: string, documentId: string): Promise<void> {
    await this.#s3.send(
      new DeleteObjectCommand({
        Bucket: this.#bucket,
        Key: this.#meetingKey(meetingId, `contributions/${documentId}.json`),
      }),
    );
  }

  async contributions(meetingId: string): Promise<Contribution[]> {
    const Prefix = this.#meetingKey(meetingId, 'contributions/');
    const keys: string[] = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await this.#s3.send(
        new ListObjectsV2Command({ Bucket: this.#bucket, Prefix, ContinuationToken }),
      );
      for (const o of page.Contents ?? []) if (o.Key?.endsWith('.json')) keys.push(o.Key);
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
    const found: Contribution[] = [];
    for (let i = 0; i < keys.length; i += 16) {
      const batch = await Promise.all(keys.slice(i, i + 16).map((k) => this.#getJson<Contribution>(k)));
      // A contribution removed between the listing and the read is simply gone.
      for (const c of batch) if (c) found.push(c.value);
    }
    return found.sort((a, b) => a.documentId.localeCompare(b.documentId));
  }

  async getMeeting(meetingId: string): Promise<Versioned<MeetingView> | null> {
    return this.#getJson<MeetingView>(this.#meetingKey(meetingId, 'meeting.json'));
  }

  putMeeting(view: MeetingView, expected: string | null): Promise<string | null> {
    return this.#putIf(this.#meetingKey(view.id, 'meeting.json'), view, expected);
  }

  async listMeetings(page: { after?: string; limit?: number }) {
    const { names, next } = await listFolderNames(this.#s3, this.#bucket, this.#prefix, {
      ...(page.after ? { after: page.after } : {}),
      ...(page.limit ? { limit: page.limit } : {}),
    });
    return { ids: names, next };
  }

  async claimIdentity(claim: IdentityClaim): Promise<string> {
    const Key = `identities/${encodeURIComponent(claim.base)}.json`;
    for (let attempt = 0; attempt < 50; attempt++) {
      const current = await this.#getJson<IdentityEntry[]>(Key);
      const resolved = resolveIdentity(current?.value ?? [], claim);
      if (JSON.stringify(resolved.entries) === JSON.stringify(current?.value)) return resolved.meetingId;
      if (await this.#putIf(Key, resolved.entries, current?.version ?? null)) return resolved.meetingId;
      await backoff(attempt);
    }
    throw new ConflictError(`the identity of meeting ${claim.base} kept changing under other writers`);
  }

  async changeToken(): Promise<string> {
    return new Date().toISOString();
  }

  /**
   * Meetings whose meeting.json was written since `token` (an instant), by the objects'
   * LastModified, with a few seconds' margin for clocks that differ.
   */
  async changedSince(token: string): Promise<{ ids: string[]; token: string }> {
    const next = new Date().toISOString();
    const since = new Date(Date.parse(token) - 5_000);
    const ids = new Set<string>();
    let ContinuationToken: string | undefined;
    do {
      const page = await this.#s3.send(
        new ListObjectsV2Command({ Bucket: this.#bucket, Prefix: this.#prefix, ContinuationToken }),
      );
      for (const o of page.Contents ?? []) {
        if (!o.Key?.endsWith('/meeting.json')) continue;
        if (o.LastModified && o.LastModified < since) continue;
        ids.add(o.Key.slice(this.#prefix.length, -'/meeting.json'.length));
      }
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
    return { ids: [...ids].sort(), token: next };
  }

  /** A conditional PutObject: the new ETag, or null when the object is not at `expected` any more. */
  async #putIf(Key: string, value: unknown, expected: string | null): Promise<string | null> {
    try {
      const res = await this.#s3.send(
        new PutObjectCommand({
          Bucket: this.#bucket,
          Key,
          Body: JSON.stringify(value),
          ContentType: 'application/json',
          ...(expected === null ? { IfNoneMatch: '*' } : { IfMatch: expected }),
        }),
      );
      return res.ETag ?? null;
    } catch (error) {
      if (lostTheRace(error)) return null;
      throw error;
    }
  }

  async #getJson<T>(Key: string): Promise<Versioned<T> | null> {
    try {
      const res = await this.#s3.send(new GetObjectCommand({ Bucket: this.#bucket, Key }));
      const text = await res.Body!.transformToString();
      return { value: JSON.parse(text) as T, version: res.ETag ?? '' };
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return null;
      throw error;
    }
  }
}

/**
 * 412: the condition did not hold (another writer changed the object); 409: S3 saw two
 * conditional writes of one key at once; 404 on If-Match: the object was removed meanwhile.
 */
function lostTheRace(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode;
  return (
    status === 412 ||
    status === 409 ||
    e.name === 'PreconditionFailed' ||
    e.name === 'ConditionalRequestConflict' ||
    e.name === 'NoSuchKey' ||
    error instanceof NoSuchKey
  );
}

function backoff(attempt: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.min(200, 5 * 2 ** Math.min(attempt, 5)) * Math.random()));
}
