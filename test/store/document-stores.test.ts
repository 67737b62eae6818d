import { FsDocumentStore } from '../../shared/adapters/fs/fs-document-store.ts';
import { S3DocumentStore } from '../../shared/adapters/s3/s3-document-store.ts';
import { tempDir } from '../support/fixtures.ts';
import { mockBucket } from '../support/mock-bucket.ts';
import { documentStoreContract } from './document-store.contract.ts';

documentStoreContract('data folder', async () => new FsDocumentStore(await tempDir()));

documentStoreContract(
  'S3 (aws-sdk-client-mock)',
  () => new S3DocumentStore(mockBucket().s3, 'protokol-documents'),
);
