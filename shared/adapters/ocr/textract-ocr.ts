import { createHash } from 'node:crypto';
import {
  type Block,
  GetDocumentTextDetectionCommand,
  StartDocumentTextDetectionCommand,
  type TextractClient,
} from '@aws-sdk/client-textract';
import type { DeferredOcr, OcrPageText } from '../../ports/text-extractor.port.ts';

export interface TextractOcrOptions {
  /** The bucket that holds the originals. */
  bucket: string;
  /** The key of a document's original in the bucket. */
  keyOf(documentId: string): string;
  /** Where Textract reports a finished job, and the role it publishes with. */
  topicArn: string;
  roleArn: string;
}

/**
 * Textract's asynchronous text detection on the original in S3. The document id is the job tag
 * (the completion message names the document) and the request token (a redelivered message
 * starts no second job). Textract reads every page; only the pages with no text layer are used.
 */
export class TextractDeferredOcr implements DeferredOcr {
  readonly engine = 'textract';
  readonly #textract: TextractClient;
  readonly #options: TextractOcrOptions;

  constructor(textract: TextractClient, options: TextractOcrOptions) {
    this.#textract = textract;
    this.#options = options;
  }

  async start(documentId: string, _pages: number[], attempt = 1): Promise<string> {
    // Textract answers a token it has seen with the job it started for it, failed or not: a
    // retry needs a token of its own. The first attempt keeps the document id, as before.
    const token =
      attempt <= 1
        ? documentId.slice(0, 64)
        : createHash('sha256').update(`${documentId}:${attempt}`).digest('hex');
    const { JobId } = await this.#textract.send(
      new StartDocumentTextDetectionCommand({
        DocumentLocation: {
          S3Object: { Bucket: this.#options.bucket, Name: this.#options.keyOf(documentId) },
        },
        ClientRequestToken: token,
        JobTag: documentId.slice(0, 64),
        NotificationChannel: { SNSTopicArn: this.#options.topicArn, RoleArn: this.#options.roleArn },
      }),
    );
    if (!JobId) throw new Error(`Textract started no job for document ${documentId}`);
    return JobId;
  }

  async results(jobId: string, pages: number[]): Promise<OcrPageText[]> {
    const wanted = new Set(pages);
    const lines = new Map<number, Block[]>();
    let NextToken: string | undefined;
    do {
      const res = await this.#textract.send(
        new GetDocumentTextDetectionCommand({ JobId: jobId, MaxResults: 1000, NextToken }),
      );
      if (res.JobStatus !== 'SUCCEEDED' && res.JobStatus !== 'PARTIAL_SUCCESS')
        throw new Error(`Textract job ${jobId} is ${res.JobStatus}: ${res.StatusMessage ?? 'no message'}`);
      for (const block of res.Blocks ?? []) {
        if (block.BlockType !== 'LINE' || !block.Page || !wanted.has(block.Page)) continue;
        lines.set(block.Page, [...(lines.get(block.Page) ?? []), block]);
      }
      NextToken = res.NextToken;
    } while (NextToken);
    return pages.map((number) => {
      const blocks = (lines.get(number) ?? []).sort(
        (a, b) => (a.Geometry?.BoundingBox?.Top ?? 0) - (b.Geometry?.BoundingBox?.Top ?? 0),
      );
      const confidence = blocks.length
        ? blocks.reduce((sum, b) => sum + (b.Confidence ?? 0), 0) / blocks.length / 100
        : 0;
      return { number, lines: blocks.map((b) => b.Text ?? '').filter(Boolean), confidence };
    });
  }
}
