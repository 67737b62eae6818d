import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge, objectsUnder } from '../nag.ts';
import type { Pipeline } from './pipeline.ts';
import { protokolFunction } from './protokol-function.ts';

/** The prefixes of the bucket the pipeline writes: originals and records, meetings, identities, tombstones. */
export const ARCHIVE_PREFIXES = ['documents/*', 'meetings/*', 'identities/*', 'tombstones/*'] as const;

/**
 * Lets a function read, write and delete the archive's data in the bucket: documents, the meeting
 * store (meetings/, identities/) and the tombstones of documents taken down.
 */
export function grantArchive(bucket: s3.IBucket, fn: lambda.IFunction, reason: string): void {
  for (const prefix of ARCHIVE_PREFIXES) {
    bucket.grantReadWrite(fn, prefix);
    bucket.grantDelete(fn, prefix);
  }
  acknowledge(
    fn,
    `${reason} Each grant is on the keys below one of the archive's prefixes (documents/, meetings/, identities/, tombstones/): a document or a meeting is any key below its prefix.`,
    ...ARCHIVE_PREFIXES.map((p) => objectsUnder(bucket as s3.Bucket, p)),
  );
}

export interface MaintenanceProps {
  bucket: s3.Bucket;
  environment: Record<string, string>;
  pipeline: Pipeline;
  /** How long a document may stand still in extracting, ocr or parsing before the sweep takes it up. */
  stuckMinutes?: number;
}

/**
 * Work that keeps the archive whole: a sweep every 15 minutes finds documents left extracting,
 * ocr or parsing (a function that timed out, a Textract job whose completion was lost) and tries
 * them again, with a new Textract request token, or fails them with the reason; and a reindex
 * function that builds new versioned OpenSearch indexes from the meeting store and swaps the
 * aliases (run by `protokol reindex --aws` or invoked by hand).
 */
export class Maintenance extends Construct {
  readonly sweep: lambda.Function;
  readonly reindex: lambda.Function;
  readonly schedule: events.Rule;

  constructor(scope: Construct, id: string, props: MaintenanceProps) {
    super(scope, id);
    const { bucket, pipeline } = props;
    const environment = {
      ...props.environment,
      PROTOKOL_OCR_TOPIC_ARN: pipeline.ocrTopic.topicArn,
      PROTOKOL_OCR_ROLE_ARN: pipeline.textractRole.roleArn,
      PROTOKOL_STUCK_MINUTES: String(props.stuckMinutes ?? 15),
    };
    this.sweep = protokolFunction(this, 'Sweep', {
      entry: 'sweep',
      description: 'protokol: retries or fails documents that stood still in extracting, ocr or parsing',
      timeout: Duration.minutes(15),
      memorySize: 2048,
      environment,
    });
    grantArchive(
      bucket,
      this.sweep,
      'The sweep processes stuck documents again, as the ingest function does.',
    );
    this.sweep.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['textract:StartDocumentTextDetection'], resources: ['*'] }),
    );
    pipeline.textractRole.grantPassRole(this.sweep.grantPrincipal);
    acknowledge(
      this.sweep,
      'Textract text detection has no resource-level permissions.',
      'IAM5[Resource::*]',
    );
    this.schedule = new events.Rule(this, 'SweepSchedule', {
      description: 'protokol: look for stuck documents',
      schedule: events.Schedule.rate(Duration.minutes(15)),
      targets: [new targets.LambdaFunction(this.sweep, { retryAttempts: 0 })],
    });

    this.reindex = protokolFunction(this, 'Reindex', {
      entry: 'reindex',
      description: 'protokol: builds new OpenSearch indexes from the meeting store and swaps the aliases',
      timeout: Duration.minutes(15),
      memorySize: 2048,
      environment,
    });
    grantArchive(
      bucket,
      this.reindex,
      'The reindex reads every meeting and document and updates their parts.',
    );
  }
}
