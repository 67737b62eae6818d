import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  GetDocumentTextDetectionCommand,
  StartDocumentTextDetectionCommand,
  TextractClient,
} from '@aws-sdk/client-textract';
import type { SNSEvent, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ingestHandler } from '../../functions/ingest.ts';
import { ocrCompleteHandler } from '../../functions/ocr-complete.ts';
import { PdfTextExtractor } from '../../shared/adapters/extract/pdf-text-extractor.ts';
import { TextractDeferredOcr } from '../../shared/adapters/ocr/textract-ocr.ts';
import { S3DocumentStore } from '../../shared/adapters/s3/s3-document-store.ts';
import { S3Inbox } from '../../shared/adapters/s3/s3-inbox.ts';
import { S3MeetingStore } from '../../shared/adapters/s3/s3-meeting-store.ts';
import { SqliteAgendaIndex } from '../../shared/adapters/sqlite/sqlite-agenda-index.ts';
import { localExtraction } from '../../shared/composition/local.ts';
import type { SourceDocument } from '../../shared/domain/model.ts';
import { Archive, documentId } from '../../shared/ingest/ingest.ts';
import { query } from '../index/agenda-index.contract.ts';
import { fixture, root } from '../support/fixtures.ts';
import { mockBucket } from '../support/mock-bucket.ts';

// The Lambda handlers with the AWS adapters: S3 and Textract through aws-sdk-client-mock, the
// index in SQLite (the index is not what these tests are about; its contract is tested apart).

const BUCKET = 'protokol-documents';
const event = <T>(name: string) => JSON.parse(readFileSync(join(root, 'events', name), 'utf8')) as T;

/** An SQS batch of S3 notifications, one message per change, as the sample event has them. */
function notifications(changes: { key: string; action?: 'created' | 'removed'; id?: string }[]): SQSEvent {
  const sample = event<SQSEvent>('sqs-s3-object-created.json');
  return {
    Records: changes.map(({ key, action = 'created', id = key }) => {
      const body = JSON.parse(sample.Records[0]!.body);
      body.Records[0].eventName = action === 'created' ? 'ObjectCreated:Put' : 'ObjectRemoved:Delete';
      body.Records[0].s3.object.key = encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+');
      return { ...sample.Records[0]!, messageId: id, body: JSON.stringify(body) };
    }),
  };
}

function setup() {
  const { s3, objects } = mockBucket();
  const textract = mockClient(TextractClient);
  const store = new S3DocumentStore(s3, BUCKET);
  const index = new SqliteAgendaIndex(':memory:');
  const deferredOcr = new TextractDeferredOcr(new TextractClient({ region: 'eu-north-1' }), {
    bucket: BUCKET,
    keyOf: (id) => store.originalKey(id),
    topicArn: 'arn:aws:sns:eu-north-1:123456789012:protokol-ocr-done',
    roleArn: 'arn:aws:iam::123456789012:role/protokol-textract',
  });
  const archive = new Archive({
    store,
    meetings: new S3MeetingStore(s3, BUCKET),
    index,
    extraction: { extractors: localExtraction({ ocr: false }).extractors, deferredOcr },
  });
  const inbox = new S3Inbox(s3, BUCKET, store);
  const upload = (key: string, bytes: Uint8Array, metadata: Record<string, string> = {}) =>
    objects.set(key, { bytes, metadata });
  return {
    objects,
    textract,
    store,
    index,
    archive,
    upload,
    ingest: ingestHandler(async () => ({ archive, inbox })),
    ocrComplete: ocrCompleteHandler(async () => ({ archive })),
  };
}

const record = (objects: Map<string, { bytes: Uint8Array }>, id: string): SourceDocument =>
  JSON.parse(new TextDecoder().decode(objects.get(`documents/${id}/record.json`)!.bytes));

describe('the ingest function', () => {
  let t: ReturnType<typeof setup>;
  beforeEach(() => {
    t = setup();
  });

  it('takes an upload in: copied to its document, text and structure stored beside it, items searchable', async () => {
    const bytes = fixture('minutes/moede-2022-11-17-sundhedsdirektoerkredsen.pdf');
    const key = 'uploads/minutes/moede-2022-11-17-sundhedsdirektoerkredsen.pdf';
    t.upload(key, bytes);
    const result = await t.ingest(event('sqs-s3-object-created.json'));
    expect(result).toEqual({ batchItemFailures: [] });
    const id = documentId(bytes);
    expect(t.objects.get(`documents/${id}/original`)!.bytes).toEqual(bytes);
    expect(t.objects.has(`documents/${id}/text.json`)).toBe(true);
    expect(t.objects.has(`documents/${id}/parsed.json`)).toBe(true);
    expect(record(t.objects, id)).toMatchObject({
      status: 'indexed',
      meetingId: 'sundhedsdirektoerkredsen-2022-11-17',
    });
    const found = await t.index.search(query({ text: 'telemedicin' }));
    expect(found.hits.map((h) => h.title)).toContainEqual(expect.stringContaining('Telemedicin i Syd'));
  });

  it('takes what the uploader said from the object metadata (URI-encoded, as S3 metadata is ASCII)', async () => {
    const key = 'uploads/aarhus/punkt.pdf';
    t.upload(key, fixture('minutes/punkt-de-nye-sundhedsklynger.pdf'), {
      committee: encodeURIComponent('Sundheds- og Omsorgsudvalget'),
      date: '2024-05-06',
    });
    await t.ingest(notifications([{ key }]));
    const meetings = await t.index.committees();
    expect(meetings.map((c) => c.name)).toContain('Sundheds- og Omsorgsudvalget');
  });

  it('fails a bad file alone, with its reason, and goes on with the rest of the batch', async () => {
    t.upload('uploads/bad/billede-med-forkert-endelse.pdf', fixture('bad/billede-med-forkert-endelse.pdf'));
    t.upload('uploads/minutes/dagsorden.pdf', fixture('minutes/dagsorden-2022-02-07-forretningsudvalg.pdf'));
    const result = await t.ingest(
      notifications([
        { key: 'uploads/bad/billede-med-forkert-endelse.pdf' },
        { key: 'uploads/minutes/dagsorden.pdf' },
      ]),
    );
    expect(result.batchItemFailures).toEqual([]);
    const bad = record(t.objects, documentId(fixture('bad/billede-med-forkert-endelse.pdf')));
    expect(bad.status).toBe('failed');
    expect(bad.reason).toMatch(/billede-med-forkert-endelse\.pdf: .*PNG/i);
    expect((await t.index.committees()).map((c) => c.name)).toContain(
      'Sundhedsdirektørernes Forretningsudvalg',
    );
  });

  it('reports a message it could not handle as a batch item failure, so SQS retries only that one', async () => {
    t.upload('uploads/a.html', fixture('minutes/moede-2022-11-17-sundhedsdirektoerkredsen.html'));
    t.upload('uploads/b.pdf', fixture('minutes/moede-2023-10-04-sundhedsdirektoerkredsen.pdf'));
    // S3 fails while copying the first file in: the message itself, not the file, failed.
    const copy = t.store.copyOriginalFrom.bind(t.store);
    t.store.copyOriginalFrom = async (key, id) => {
      if (key === 'uploads/a.html') throw new Error('S3 SlowDown: please reduce your request rate');
      return copy(key, id);
    };
    const result = await t.ingest(
      notifications([
        { key: 'uploads/a.html', id: 'message-a' },
        { key: 'uploads/b.pdf', id: 'message-b' },
      ]),
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'message-a' }]);
    expect((await t.index.committees()).map((c) => c.name)).toEqual(['Sundhedsdirektørkredsen']);
  });

  it('takes a document down when its upload is removed', async () => {
    const key = 'uploads/minutes/moede-2022-11-17-sundhedsdirektoerkredsen.pdf';
    const bytes = fixture('minutes/moede-2022-11-17-sundhedsdirektoerkredsen.pdf');
    t.upload(key, bytes);
    await t.ingest(event('sqs-s3-object-created.json'));
    t.objects.delete(key);
    expect(await t.ingest(event('sqs-s3-object-removed.json'))).toEqual({ batchItemFailures: [] });
    expect((await t.index.search(query({ text: 'telemedicin' }))).total).toBe(0);
    // Nothing of the document is left but its tombstone, which keeps it answering as removed.
    expect([...t.objects.keys()].filter((k) => k.includes(documentId(bytes)))).toEqual([
      `tombstones/${documentId(bytes)}`,
    ]);
  });

  it("ignores a file removed before it was read, and S3's test event", async () => {
    const batch = notifications([{ key: 'uploads/gone.pdf' }, { key: 'test', id: 'test-event' }]);
    batch.Records[1]!.body = JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: BUCKET });
    expect(await t.ingest(batch)).toEqual({ batchItemFailures: [] });
    expect([...t.objects.keys()]).toEqual([]);
  });
});

describe('scanned pages on AWS: Textract asynchronous text detection', () => {
  let t: ReturnType<typeof setup>;
  const scanned = fixture('scanned/dagsorden-2022-02-07-forretningsudvalg-scannet.pdf');
  const id = documentId(scanned);

  /** What Textract reads on the scanned pages: the lines of the same agenda's text layer. */
  async function textractBlocks() {
    const text = await new PdfTextExtractor().extract(
      fixture('minutes/dagsorden-2022-02-07-forretningsudvalg.pdf'),
      'x.pdf',
    );
    return text.pages.flatMap((page) =>
      page.lines.map((line, i) => ({
        BlockType: 'LINE' as const,
        Page: page.number,
        Text: line.text,
        Confidence: 97.5,
        Geometry: { BoundingBox: { Top: i / 100, Left: 0.1, Width: 0.8, Height: 0.01 } },
      })),
    );
  }

  beforeEach(() => {
    t = setup();
    t.upload('uploads/scanned/dagsorden-2022-02-07-forretningsudvalg-scannet.pdf', scanned);
    t.textract.on(StartDocumentTextDetectionCommand).resolves({ JobId: id });
  });

  it('starts a Textract job on the stored original and waits, status "ocr"', async () => {
    await t.ingest(event('sqs-s3-scanned-created.json'));
    const start = t.textract.commandCalls(StartDocumentTextDetectionCommand)[0]!.args[0].input;
    expect(start).toMatchObject({
      DocumentLocation: { S3Object: { Bucket: BUCKET, Name: `documents/${id}/original` } },
      JobTag: id,
      ClientRequestToken: id,
      NotificationChannel: { SNSTopicArn: expect.stringContaining('protokol-ocr-done') },
    });
    expect(record(t.objects, id)).toMatchObject({ status: 'ocr', ocrJob: id });
  });

  it('resumes from the stored text when the job is done, reading every page of results', async () => {
    await t.ingest(event('sqs-s3-scanned-created.json'));
    const blocks = await textractBlocks();
    const half = Math.floor(blocks.length / 2);
    t.textract
      .on(GetDocumentTextDetectionCommand, { JobId: id, NextToken: undefined })
      .resolves({ JobStatus: 'SUCCEEDED', Blocks: blocks.slice(0, half), NextToken: 'page-2' })
      .on(GetDocumentTextDetectionCommand, { JobId: id, NextToken: 'page-2' })
      .resolves({ JobStatus: 'SUCCEEDED', Blocks: blocks.slice(half) });
    await t.ocrComplete(event<SNSEvent>('sns-textract-completed.json'));
    const done = record(t.objects, id);
    expect(done).toMatchObject({
      status: 'indexed',
      meetingId: 'sundhedsdirektoerernes-forretningsudvalg-2022-02-07',
    });
    expect(done.ocrPages).toBe(done.pages);
    expect(done.ocr![0]).toEqual({ page: 1, confidence: 0.975, engine: 'textract' });
    expect(t.textract.commandCalls(GetDocumentTextDetectionCommand)).toHaveLength(2);
    expect((await t.index.search(query({ text: '' }))).total).toBeGreaterThan(0);
  });

  it('fails the document with the reason when Textract could not read it', async () => {
    await t.ingest(event('sqs-s3-scanned-created.json'));
    const failed = event<SNSEvent>('sns-textract-completed.json');
    const message = JSON.parse(failed.Records[0]!.Sns.Message);
    failed.Records[0]!.Sns.Message = JSON.stringify({
      ...message,
      Status: 'FAILED',
      StatusMessage: 'Request has unsupported document format',
    });
    await t.ocrComplete(failed);
    expect(record(t.objects, id)).toMatchObject({
      status: 'failed',
      errorCode: 'OCR_FAILED',
      reason: expect.stringContaining('unsupported document format'),
    });
  });

  it('changes nothing for news of a job no document waits for (a redelivered message)', async () => {
    await t.ocrComplete(event<SNSEvent>('sns-textract-completed.json'));
    expect(t.objects.has(`documents/${id}/record.json`)).toBe(false);
  });
});
