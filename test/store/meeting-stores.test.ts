import { S3MeetingStore } from '../../shared/adapters/s3/s3-meeting-store.ts';
import { SqliteMeetingStore } from '../../shared/adapters/sqlite/sqlite-meeting-store.ts';
import { tempDir } from '../support/fixtures.ts';
import { mockBucket } from '../support/mock-bucket.ts';
import { meetingStoreContract } from './meeting-store.contract.ts';

meetingStoreContract('SQLite (data/meetings.sqlite, one connection per writer)', async () => {
  const dir = await tempDir();
  return { store: new SqliteMeetingStore(dir), another: () => new SqliteMeetingStore(dir) };
});

meetingStoreContract('S3 with conditional writes (aws-sdk-client-mock)', async () => {
  const { s3 } = mockBucket({ latencyMs: 1, pageSize: 100 });
  return {
    store: new S3MeetingStore(s3, 'protokol-documents'),
    another: () => new S3MeetingStore(s3, 'protokol-documents'),
  };
});
