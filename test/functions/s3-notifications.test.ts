import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { objectChanges } from '../../functions/s3-notifications.ts';
import { root } from '../support/fixtures.ts';

const event = (name: string) => JSON.parse(readFileSync(join(root, 'events', name), 'utf8'));
const inSqs = (s3: unknown, messageId = 'm-1') => ({
  Records: [
    {
      messageId,
      body: JSON.stringify(s3),
      eventSource: 'aws:sqs',
      receiptHandle: 'r',
      attributes: {},
      messageAttributes: {},
    },
  ],
});

describe('S3 notifications arriving through SQS', () => {
  it('gives the uploaded object of the sample SQS event', () => {
    expect(objectChanges(event('sqs-s3-object-created.json'))).toEqual([
      {
        messageId: '059f36b4-87a3-44ab-83d2-661975830a7d',
        action: 'created',
        bucket: 'protokol-documents',
        key: 'uploads/minutes/moede-2022-11-17-sundhedsdirektoerkredsen.pdf',
        size: 67021,
        versionId: '096fKKXTRTtl3on89fVO.nfljtsv6qko',
        at: '2026-11-23T09:00:00.000Z',
      },
    ]);
  });

  it('tells a removal, for takedown', () => {
    expect(objectChanges(inSqs(event('s3-object-removed.json')))[0]).toMatchObject({
      action: 'removed',
      size: null,
    });
  });

  it('decodes keys as S3 encodes them: spaces as +, Danish letters escaped', () => {
    const s3 = event('s3-object-created.json');
    s3.Records[0].s3.object.key = 'uploads/KL-opl%C3%A6g+om+forbeholdt+virksomhedsomr%C3%A5de.pdf';
    expect(objectChanges(inSqs(s3))[0]!.key).toBe('uploads/KL-oplæg om forbeholdt virksomhedsområde.pdf');
  });

  it('skips S3’s test event and names a malformed message', () => {
    expect(
      objectChanges(inSqs({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: 'protokol-documents' })),
    ).toEqual([]);
    expect(() => objectChanges(inSqs({ hello: 'world' }, 'm-9'))).toThrow(
      /SQS message m-9: not an S3 event notification/,
    );
  });
});
