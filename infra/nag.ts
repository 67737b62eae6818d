import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Accepts cdk-nag AWS Solutions findings on a construct and what is below it, with the reason.
 * Each call sits beside the code that causes the finding, so reason and cause are read together.
 */
export function acknowledge(scope: IConstruct, reason: string, ...rules: string[]): void {
  for (const rule of rules)
    Validations.of(scope).acknowledge({ id: `AwsSolutions::AwsSolutions-${rule}`, reason });
}

/** The action wildcards of the CDK's S3 grant methods (grantRead, grantReadWrite, grantDelete). */
export const S3_GRANT_ACTIONS = [
  'IAM5[Action::s3:GetObject*]',
  'IAM5[Action::s3:GetBucket*]',
  'IAM5[Action::s3:List*]',
  'IAM5[Action::s3:DeleteObject*]',
  'IAM5[Action::s3:Abort*]',
];

/** The finding for a grant on every object under a prefix of a bucket (or path of a domain). */
export function objectsUnder(resource: IConstruct, suffix: string): string {
  const cfn = resource.node.defaultChild as CfnElement;
  return `IAM5[Resource::<${Stack.of(resource).getLogicalId(cfn)}.Arn>/${suffix}]`;
}

/** A construct the CDK adds once per stack (BucketDeployment's function, S3 notifications …), by its id's start. */
export function singleton(stack: Stack, idStart: string): IConstruct {
  const found = stack.node.children.find((c) => c.node.id.startsWith(idStart));
  if (!found) throw new Error(`no ${idStart}… in ${stack.node.path}`);
  return found;
}
