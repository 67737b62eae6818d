import { z } from 'zod';

// Parsing at the edge: the ingest function gets SQS messages whose bodies are S3 event
// notifications; the pipeline gets typed object references.

const s3Record = z.object({
  eventName: z.string(),
  eventTime: z.string(),
  s3: z.object({
    bucket: z.object({ name: z.string().min(1) }),
    object: z.object({
      key: z.string().min(1),
      size: z.number().int().nonnegative().optional(),
      versionId: z.string().optional(),
    }),
  }),
});
const s3Event = z.object({ Records: z.array(s3Record) });
const sqsEvent = z.object({
  Records: z.array(z.object({ messageId: z.string(), body: z.string(), eventSource: z.literal('aws:sqs') })),
});

/** An object that was put in or removed from the documents bucket. */
export interface ObjectChange {
  messageId: string;
  action: 'created' | 'removed';
  bucket: string;
  /** The key as stored: S3 notifications URL-encode it, with '+' for spaces. */
  key: string;
  size: number | null;
  versionId: string | null;
  at: string;
}

/**
 * The object changes in an SQS batch of S3 notifications. A message that is not an S3 notification
 * (S3's own test event, say) gives none; a malformed one throws, naming the message.
 */
export function objectChanges(event: unknown): ObjectChange[] {
  const batch = sqsEvent.parse(event);
  return batch.Records.flatMap((message) => {
    let body: unknown;
    try {
      body = JSON.parse(message.body);
    } catch {
      throw new Error(`SQS message ${message.messageId}: the body is not JSON`);
    }
    if ((body as { Event?: string }).Event === 's3:TestEvent') return [];
    const parsed = s3Event.safeParse(body);
    if (!parsed.success)
      throw new Error(
        `SQS message ${message.messageId}: not an S3 event notification (${parsed.error.issues[0]?.message})`,
      );
    return parsed.data.Records.flatMap((r): ObjectChange[] => {
      const action = r.eventName.startsWith('ObjectCreated:')
        ? 'created'
        : r.eventName.startsWith('ObjectRemoved:')
          ? 'removed'
          : null;
      if (!action) return [];
      return [
        {
          messageId: message.messageId,
          action,
          bucket: r.s3.bucket.name,
          key: decodeURIComponent(r.s3.object.key.replace(/\+/g, ' ')),
          size: r.s3.object.size ?? null,
          versionId: r.s3.object.versionId ?? null,
          at: r.eventTime,
        },
      ];
    });
  });
}
