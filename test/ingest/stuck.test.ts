import { StartDocumentTextDetectionCommand, TextractClient } from '@aws-sdk/client-textract';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { sweepHandler } from '../../functions/sweep.ts';
import { TextractDeferredOcr } from '../../shared/adapters/ocr/textract-ocr.ts';
import { S3DocumentStore } from '../../shared/adapters/s3/s3-document-store.ts';
import { S3MeetingStore } from '../../shared/adapters/s3/s3-meeting-store.ts';
import { SqliteAgendaIndex } from '../../shared/adapters/sqlite/sqlite-agenda-index.ts';
import { createLocalHome, localExtraction, localUploads } from '../../shared/composition/local.ts';
import { readLocalConfig } from '../../shared/config.ts';
import { Archive, documentId } from '../../shared/ingest/ingest.ts';
import { query } from '../index/agenda-index.contract.ts';
import { itemDocument } from '../support/documents.ts';
import { fixture, tempDir } from '../support/fixtures.ts';
import { mockBucket } from '../support/mock-bucket.ts';

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

describe('work left standing still', () => {
  it('is tried again when the server starts, and failed with a reason after its retries', async () => {
    const data = await tempDir();
    const home = createLocalHome(readLocalConfig({}, { dataDir: data, ocr: false }));
    try {
      // Two documents a crash left half-done: one for the first time, one that crashed twice already.
      const fresh = await home.archive.enqueue({ name: 'punkt-1.html', bytes: itemDocument(1) });
      const tired = await home.archive.enqueue({ name: 'punkt-2.html', bytes: itemDocument(2) });
      await home.archive.store.putRecord({ ...fresh, status: 'extracting', updatedAt: hoursAgo(2) });
      await home.archive.store.putRecord({
        ...tired,
        status: 'parsing',
        stuckRetries: 2,
        updatedAt: hoursAgo(2),
      });
      const uploads = await localUploads(home);
      await uploads.queue.idle();
      expect((await home.archive.store.getRecord(fresh.id))!.status).toBe('indexed');
      expect(await home.archive.store.getRecord(tired.id)).toMatchObject({
        status: 'failed',
        errorCode: 'STUCK',
        reason: expect.stringMatching(/punkt-2\.html: stood still in "parsing" .* after 2 retries/),
      });
      expect((await home.archive.index.search(query({ text: 'vejsag1ord' }))).total).toBe(1);
    } finally {
      await home.close();
    }
  });

  it('on AWS, the sweep starts a lost Textract job again with a new request token', async () => {
    const { s3 } = mockBucket();
    const textract = mockClient(TextractClient);
    textract
      .on(StartDocumentTextDetectionCommand)
      .resolvesOnce({ JobId: 'job-1' })
      .resolves({ JobId: 'job-2' });
    const store = new S3DocumentStore(s3, 'protokol-documents');
    const archive = new Archive({
      store,
      meetings: new S3MeetingStore(s3, 'protokol-documents'),
      index: new SqliteAgendaIndex(':memory:'),
      extraction: {
        extractors: localExtraction({ ocr: false }).extractors,
        deferredOcr: new TextractDeferredOcr(new TextractClient({ region: 'eu-north-1' }), {
          bucket: 'protokol-documents',
          keyOf: (id) => store.originalKey(id),
          topicArn: 'arn:aws:sns:eu-north-1:123456789012:protokol-ocr-done',
          roleArn: 'arn:aws:iam::123456789012:role/protokol-textract',
        }),
      },
    });
    const scanned = fixture('scanned/dagsorden-2022-02-07-forretningsudvalg-scannet.pdf');
    const id = documentId(scanned);
    expect(await archive.ingest({ name: 'scannet.pdf', bytes: scanned })).toMatchObject({ status: 'ocr' });
    // Its completion never came; an hour later the sweep finds nothing to do, two hours later it does.
    const waiting = (await store.getRecord(id))!;
    await store.putRecord({ ...waiting, updatedAt: hoursAgo(0.5) });
    expect(await sweepHandler(async () => ({ archive }), 15)()).toEqual({ retried: 0, failed: 0 });
    await store.putRecord({ ...waiting, updatedAt: hoursAgo(2) });
    expect(await sweepHandler(async () => ({ archive }), 15)()).toEqual({ retried: 1, failed: 0 });
    const tokens = textract
      .commandCalls(StartDocumentTextDetectionCommand)
      .map((c) => c.args[0].input.ClientRequestToken);
    expect(tokens).toHaveLength(2);
    expect(tokens[0]).toBe(id);
    expect(tokens[1]).toMatch(/^[a-f0-9]{64}$/);
    expect(tokens[1]).not.toBe(tokens[0]);
    expect(await store.getRecord(id)).toMatchObject({
      status: 'ocr',
      ocrJob: 'job-2',
      ocrAttempts: 2,
      stuckRetries: 1,
    });
  });
});
