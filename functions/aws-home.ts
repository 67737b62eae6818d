import { type AwsHome, createAwsHome } from '../shared/composition/aws.ts';
import { readAwsConfig } from '../shared/config.ts';

let home: AwsHome | undefined;

/**
 * The AWS home of a warm function, built on the first invocation from the environment the CDK
 * app sets. The indexes exist already: the deploy-time setup (opensearch-setup.ts) creates them.
 */
export async function awsHome(): Promise<AwsHome> {
  home ??= createAwsHome(readAwsConfig());
  return home;
}
