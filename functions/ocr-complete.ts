import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SNSEvent } from 'aws-lambda';
import type { Archive } from '../shared/ingest/ingest.ts';
import { awsHome } from './aws-home.ts';
import { logger, metrics, observed } from './observability.ts';
import { ocrCompletions } from './textract-notifications.ts';

/**
 * Textract's completion, on SNS: the text of the pages that had none is fetched and the document
 * goes on from where it waited (its extracted text is stored), to parse and index. An error
 * throws, so Lambda retries the event and then hands it to the function's DLQ.
 */
export function ocrCompleteHandler(deps: () => Promise<{ archive: Archive }>) {
  return async (event: SNSEvent): Promise<void> => {
    const { archive } = await deps();
    for (const job of ocrCompletions(event)) {
      const outcome = await archive.resumeAfterOcr(job.documentId, job);
      if (!outcome) {
        logger.info('no document waits for this job', { ...job });
        continue;
      }
      logger.info('resumed after OCR', { jobId: job.jobId, ...outcome });
      metrics.addMetric(`Documents_${outcome.status}`, MetricUnit.Count, 1);
      metrics.addMetric('OcrPages', MetricUnit.Count, outcome.ocrPages);
    }
  };
}

export const handler = observed(ocrCompleteHandler(awsHome));
