import { z } from 'zod';

// Parsing at the edge: Textract reports a finished job on SNS; the pipeline gets the job and the
// document it read.

const completion = z.object({
  JobId: z.string().min(1),
  Status: z.enum(['SUCCEEDED', 'PARTIAL_SUCCESS', 'FAILED', 'ERROR']),
  JobTag: z.string().min(1),
  API: z.string().optional(),
  StatusMessage: z.string().optional(),
});
const snsEvent = z.object({
  Records: z.array(z.object({ EventSource: z.literal('aws:sns'), Sns: z.object({ Message: z.string() }) })),
});

/** A finished Textract job, and the document (its job tag) it read. */
export interface OcrCompletion {
  jobId: string;
  documentId: string;
  succeeded: boolean;
  reason?: string;
}

/** The Textract completions in an SNS event; a message that is not one throws, saying why. */
export function ocrCompletions(event: unknown): OcrCompletion[] {
  return snsEvent.parse(event).Records.map(({ Sns }) => {
    let body: unknown;
    try {
      body = JSON.parse(Sns.Message);
    } catch {
      throw new Error('SNS message: the body is not JSON');
    }
    const parsed = completion.safeParse(body);
    if (!parsed.success)
      throw new Error(`SNS message: not a Textract completion (${parsed.error.issues[0]?.message})`);
    const { JobId, Status, JobTag, StatusMessage } = parsed.data;
    const succeeded = Status === 'SUCCEEDED' || Status === 'PARTIAL_SUCCESS';
    return {
      jobId: JobId,
      documentId: JobTag,
      succeeded,
      ...(succeeded ? {} : { reason: StatusMessage ?? `Textract said ${Status}` }),
    };
  });
}
