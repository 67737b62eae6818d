import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';

interface StoredObject {
  bytes: Uint8Array;
  metadata: Record<string, string>;
  etag?: string;
  lastModified?: Date;
}

let etags = 0;
const nextEtag = () => `"${(++etags).toString(16).padStart(8, '0')}"`;

/** What S3 answers a conditional write whose condition does not hold: 412 Precondition Failed. */
function preconditionFailed(): Error {
  return Object.assign(new Error('At least one of the pre-conditions you specified did not hold'), {
    name: 'PreconditionFailed',
    Code: 'PreconditionFailed',
    $fault: 'client',
    $metadata: { httpStatusCode: 412 },
  });
}

/** One version of a key in the versioned bucket: an object, or a delete marker. */
export interface ObjectVersion {
  Key: string;
  VersionId: string;
  deleteMarker: boolean;
  /** Order of writing, for listing newest first per key. */
  seq: number;
}

/**
 * S3 through aws-sdk-client-mock: a bucket in a Map, answering as S3 does (NoSuchKey, prefixes,
 * pages of 2, StartAfter, server-side copies, user metadata, bodies that stream, ETags, and
 * conditional writes: If-Match and If-None-Match on PutObject answer 412 when they do not hold,
 * checked and applied in one step as S3 does). `objects` is the bucket. The bucket is versioned, as
 * the deployed one is: `versions` holds every version and delete marker; a delete without a
 * VersionId only adds a marker.
 */
export function mockBucket(options: { latencyMs?: number; pageSize?: number } = {}): {
  s3: S3Client;
  objects: Map<string, StoredObject>;
  versions: ObjectVersion[];
} {
  const objects = new Map<string, StoredObject>();
  const versions: ObjectVersion[] = [];
  let seq = 0;
  const written = (Key: string, deleteMarker = false) =>
    versions.push({ Key, VersionId: `v${++seq}`, deleteMarker, seq });
  const deleted = (Key: string, VersionId?: string) => {
    if (!VersionId) {
      objects.delete(Key);
      written(Key, true);
      return;
    }
    const at = versions.findIndex((v) => v.Key === Key && v.VersionId === VersionId);
    if (at >= 0) versions.splice(at, 1);
    // The current object is the newest version left, unless that is a marker or none is left.
    const newest = versions.filter((v) => v.Key === Key).sort((a, b) => b.seq - a.seq)[0];
    if (!newest || newest.deleteMarker) objects.delete(Key);
  };
  const s3 = mockClient(S3Client);
  // With a latency, each request waits a random while before it is applied (and, for a
  // conditional write, checked): requests of concurrent writers interleave as over a network.
  const latency = options.latencyMs ?? 0;
  const pageSize = options.pageSize ?? 2;
  const later =
    <I, O>(apply: (input: I) => O) =>
    (input: I): O | Promise<O> =>
      latency
        ? new Promise((r) => setTimeout(r, Math.random() * latency)).then(() => apply(input))
        : apply(input);
  const missing = () => new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} });
  s3.on(PutObjectCommand).callsFake(
    later((input) => {
      const body = input.Body;
      const current = objects.get(input.Key);
      if (input.IfNoneMatch === '*' && current) throw preconditionFailed();
      if (input.IfMatch !== undefined) {
        if (!current) throw missing();
        current.etag ??= nextEtag();
        if (current.etag !== input.IfMatch) throw preconditionFailed();
      }
      const ETag = nextEtag();
      objects.set(input.Key, {
        bytes: typeof body === 'string' ? new TextEncoder().encode(body) : new Uint8Array(body),
        metadata: input.Metadata ?? {},
        etag: ETag,
        lastModified: new Date(),
      });
      written(input.Key);
      return { ETag };
    }),
  );
  s3.on(GetObjectCommand).callsFake(
    later((input) => {
      const object = objects.get(input.Key);
      if (!object) throw missing();
      const bytes = object.bytes;
      // What the adapters use of a GetObject body: whole, as a web stream, as text, or chunk by chunk.
      const Body = {
        transformToByteArray: async () => new Uint8Array(bytes),
        transformToString: async () => new TextDecoder().decode(bytes),
        transformToWebStream: () => new Blob([new Uint8Array(bytes)]).stream(),
        async *[Symbol.asyncIterator]() {
          for (let i = 0; i < bytes.length; i += 16_384) yield bytes.subarray(i, i + 16_384);
        },
      };
      object.etag ??= nextEtag();
      return { Body, Metadata: object.metadata, ContentLength: bytes.length, ETag: object.etag } as never;
    }),
  );
  s3.on(HeadObjectCommand).callsFake(
    later((input) => {
      const object = objects.get(input.Key);
      if (!object) throw new NotFound({ message: 'Not Found', $metadata: {} });
      object.etag ??= nextEtag();
      return { ETag: object.etag };
    }),
  );
  s3.on(CopyObjectCommand).callsFake(
    later((input) => {
      const source = decodeURIComponent(input.CopySource.slice(input.CopySource.indexOf('/') + 1));
      const object = objects.get(source);
      if (!object) throw missing();
      objects.set(input.Key, { bytes: object.bytes, metadata: { ...object.metadata }, etag: nextEtag() });
      written(input.Key);
      return {};
    }),
  );
  s3.on(ListObjectsV2Command).callsFake(
    later((input) => {
      // As S3 does, a continuation token marks the last key returned, so deleting while paging is safe.
      const after = input.ContinuationToken ?? input.StartAfter ?? '';
      const keys = [...objects.keys()].filter((k) => k.startsWith(input.Prefix ?? '')).sort();
      // Pages of 2 unless told, so callers must follow continuation tokens.
      const pageOf = (names: string[]) => {
        const rest = names.filter((n) => n > after);
        const more = rest.length > pageSize;
        return {
          page: rest.slice(0, pageSize),
          IsTruncated: more,
          NextContinuationToken: more ? rest[pageSize - 1] : undefined,
        };
      };
      if (input.Delimiter) {
        const { page, ...paging } = pageOf([
          ...new Set(keys.map((k) => k.slice(0, k.indexOf('/', input.Prefix.length) + 1))),
        ]);
        return { CommonPrefixes: page.map((Prefix) => ({ Prefix })), ...paging };
      }
      const { page, ...paging } = pageOf(keys);
      return {
        Contents: page.map((Key) => ({ Key, LastModified: objects.get(Key)?.lastModified })),
        ...paging,
      };
    }),
  );
  s3.on(DeleteObjectCommand).callsFake(
    later((input) => {
      deleted(input.Key, input.VersionId);
      return {};
    }),
  );
  s3.on(DeleteObjectsCommand).callsFake(
    later((input) => {
      for (const o of input.Delete.Objects) deleted(o.Key, o.VersionId);
      return {};
    }),
  );
  s3.on(ListObjectVersionsCommand).callsFake((input) => {
    // Key order, newest version first within a key; pages of 2, resumed after (key, version).
    const order = (v: ObjectVersion) => `${v.Key}\u0000${String(1e9 - v.seq).padStart(10, '0')}`;
    const marker = input.KeyMarker
      ? `${input.KeyMarker}\u0000${String(1e9 - Number(String(input.VersionIdMarker).slice(1))).padStart(10, '0')}`
      : '';
    const rest = versions
      .filter((v) => v.Key.startsWith(input.Prefix ?? '') && order(v) > marker)
      .sort((a, b) => order(a).localeCompare(order(b)));
    const page = rest.slice(0, 2);
    const listed = ({ Key, VersionId, seq }: ObjectVersion) => ({
      Key,
      VersionId,
      IsLatest: !versions.some((o) => o.Key === Key && o.seq > seq),
    });
    const more = rest.length > 2;
    const last = page.at(-1);
    return {
      Versions: page.filter((v) => !v.deleteMarker).map(listed),
      DeleteMarkers: page.filter((v) => v.deleteMarker).map(listed),
      IsTruncated: more,
      NextKeyMarker: more ? last?.Key : undefined,
      NextVersionIdMarker: more ? last?.VersionId : undefined,
    };
  });
  return {
    s3: new S3Client({
      region: 'eu-north-1',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    }),
    objects,
    versions,
  };
}
