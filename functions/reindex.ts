import { type AwsHome, reindexAws } from '../shared/composition/aws.ts';
import { awsHome } from './aws-home.ts';
import { logger, observed } from './observability.ts';

/** Rebuilds the OpenSearch indexes from the meeting store into new versions and swaps the aliases. */
export function reindexHandler(deps: () => Promise<AwsHome>) {
  return async () => {
    const result = await reindexAws(await deps(), {
      onDocument: (record) => logger.debug('reparsed', { id: record.id }),
    });
    logger.info('reindexed', { ...result });
    return result;
  };
}

export const handler = observed(reindexHandler(awsHome));
