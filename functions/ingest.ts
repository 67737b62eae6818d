import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { Archive } from '../shared/ingest/ingest.ts';
import type { Inbox } from '../shared/ports/inbox.port.ts';
import { awsHome } from './aws-home.ts';
import { logger, metrics, observed } from './observability.ts';
import { objectChanges } from './s3-notifications.ts';

export interface IngestDeps {
  archive: Archive;
  inbox: Inbox;
}

/**
 * The ingest function: S3 notifications of the `uploads/` prefix, through SQS. A new file is
 * taken in (hashed as a stream, copied to its document's place, extracted, parsed, indexed, or
 * left waiting for Textract); a removed one takes its document down. A bad file fails alone and
 * says why in its status; a message whose handling broke (OpenSearch unreachable, say) is reported
 * as a batch item failure, so SQS retries only it and, after a few tries, moves it to the DLQ.
 */
export function ingestHandler(deps: () => Promise<IngestDeps>) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const { archive, inbox } = await deps();
    const failures: SQSBatchResponse['batchItemFailures'] = [];
    for (const message of event.Records) {
      try {
        for (const change of objectChanges({ Records: [message] })) {
          if (change.action === 'created') {
            const adopted = await inbox.adopt(change.key);
            if (!adopted) {
              logger.info('file gone before it was read', { key: change.key });
              continue;
            }
            const outcome = await archive.adopt(adopted);
            logger.info('ingested', { key: change.key, ...outcome });
            metrics.addMetric(`Documents_${outcome.status}`, MetricUnit.Count, 1);
            if (outcome.status === 'indexed') metrics.addMetric('Pages', MetricUnit.Count, outcome.pages);
          } else {
            const id = await inbox.release(change.key);
            const removed = id ? await archive.remove(id) : false;
            logger.info('takedown', { key: change.key, documentId: id, removed });
            if (removed) metrics.addMetric('Documents_removed', MetricUnit.Count, 1);
          }
        }
      } catch (error) {
        logger.error('message failed; SQS will retry it', { messageId: message.messageId, error });
        failures.push({ itemIdentifier: message.messageId });
      }
    }
    return { batchItemFailures: failures };
  };
}

export const handler = observed(ingestHandler(awsHome));
