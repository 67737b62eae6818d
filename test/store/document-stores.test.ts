import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { FsDocumentStore } from '../../shared/adapters/fs-document-store.ts';
import { S3DocumentStore } from '../../shared/adapters/s3-document-store.ts';
import { tempDir } from '../support/fixtures.ts';
import { documentStoreContract } from './document-store.contract.ts';

documentStoreContract('data folder', async () => new FsDocumentStore(await tempDir()));

/** S3 through aws-sdk-client-mock: a bucket in a Map, answering as S3 does (NoSuchKey, prefixes, pages of 2). */
function mockBucket(): S3Client {
  const objects = new Map<string, Uint8Array>();
  const s3 = mockClient(S3Client);
  s3.on(PutObjectCommand).callsFake((input) => {
    const body = input.Body;
    objects.set(input.Key, typeof body === 'string' ? new TextEncoder().encode(body) : new Uint8Array(body));
    return {};
  });
  s3.on(GetObjectCommand).callsFake((input) => {
    const bytes = objects.get(input.Key);
    if (!bytes) throw new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} });
    // What the adapter uses of a GetObject body.
    const Body = {
      transformToByteArray: async () => new Uint8Array(bytes),
      transformToWebStream: () => new Blob([new Uint8Array(bytes)]).stream(),
    };
    return { Body } as never;
  });
  s3.on(HeadObjectCommand).callsFake((input) => {
    if (!objects.has(input.Key)) throw new NotFound({ message: 'Not Found', $metadata: {} });
    return {};
  });
  s3.on(ListObjectsV2Command).callsFake((input) => {
    // As S3 does, a continuation token marks the last key returned, so deleting while paging is safe.
    const after = input.ContinuationToken ?? '';
    const keys = [...objects.keys()].filter((k) => k.startsWith(input.Prefix ?? '')).sort();
    if (input.Delimiter) {
      const prefixes = [
        ...new Set(keys.map((k) => k.slice(0, k.indexOf('/', input.Prefix.length) + 1))),
      ].filter((p) => p > after);
      const page = prefixes.slice(0, 2);
      const more = prefixes.length > 2;
      return {
        CommonPrefixes: page.map((Prefix) => ({ Prefix })),
        IsTruncated: more,
        NextContinuationToken: more ? page.at(-1) : undefined,
      };
    }
    const rest = keys.filter((k) => k > after);
    const page = rest.slice(0, 2);
    const more = rest.length > 2;
    return {
      Contents: page.map((Key) => ({ Key })),
      IsTruncated: more,
      NextContinuationToken: more ? page.at(-1) : undefined,
    };
  });
  s3.on(DeleteObjectsCommand).callsFake((input) => {
    for (const o of input.Delete.Objects) objects.delete(o.Key);
    return {};
  });
  return new S3Client({ region: 'eu-north-1' });
}

documentStoreContract(
  'S3 (aws-sdk-client-mock)',
  () => new S3DocumentStore(mockBucket(), 'protokol-documents'),
);
