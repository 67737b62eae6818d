import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Archive } from '../shared/ingest/ingest.ts';
import { DEFAULT_STUCK_POLICY } from '../shared/ingest/recover-stuck.ts';
import { awsHome } from './aws-home.ts';
import { logger, metrics, observed } from './observability.ts';

/**
 * The scheduled sweep: documents that stood still in extracting, ocr or parsing longer than
 * PROTOKOL_STUCK_MINUTES (a function that timed out, a Textract completion that never came) are
 * processed again here, an OCR job started anew with a new request token; after a few tries a
 * document fails with the reason. Whatever one document does, the others are still swept.
 */
export function sweepHandler(deps: () => Promise<{ archive: Archive }>, stuckMinutes = 15) {
  return async (): Promise<{ retried: number; failed: number }> => {
    const { archive } = await deps();
    const limitMs = stuckMinutes * 60_000;
    const { retry, failed } = await archive.recoverStuck({
      ...DEFAULT_STUCK_POLICY,
      limitMs,
      ocrLimitMs: 4 * limitMs,
    });
    for (const record of failed)
      logger.warn('stuck document failed', { id: record.id, reason: record.reason });
    for (const record of retry) {
      try {
        const outcome = await archive.process(record.id);
        logger.info('stuck document processed again', { ...outcome });
      } catch (error) {
        logger.error('stuck document failed again', { id: record.id, error });
      }
    }
    metrics.addMetric('Documents_stuck_retried', MetricUnit.Count, retry.length);
    metrics.addMetric('Documents_stuck_failed', MetricUnit.Count, failed.length);
    return { retried: retry.length, failed: failed.length };
  };
}

export const handler = observed(sweepHandler(awsHome, Number(process.env.PROTOKOL_STUCK_MINUTES ?? 15)));
