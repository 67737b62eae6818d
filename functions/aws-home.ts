import { type AwsHome, createAwsHome } from '../shared/composition/aws.ts';
import { readAwsConfig } from '../shared/config.ts';

let home: AwsHome | undefined;
let ready: Promise<void> | undefined;

/**
 * The AWS home of a warm function: built on the first invocation from the environment the CDK
 * app sets, with the OpenSearch indexes created if this is the first function ever to run.
 */
export async function awsHome(): Promise<AwsHome> {
  home ??= createAwsHome(readAwsConfig());
  ready ??= home.index.ensureIndexes().catch((error) => {
    ready = undefined;
    throw error;
  });
  await ready;
  return home;
}
