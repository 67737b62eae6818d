import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { PortalSetting } from '../../shared/firstagenda/import-config.ts';
import { acknowledge, objectsUnder } from '../nag.ts';
import { protokolFunction } from './protokol-function.ts';

export interface FirstAgendaImportProps {
  bucket: s3.IBucket;
  portals: PortalSetting[];
  /** An EventBridge schedule expression, e.g. "rate(2 hours)" or "cron(0 5 * * ? *)". */
  schedule: string;
}

/**
 * Follows FirstAgenda portals: a rule per portal on a schedule invokes the import function with
 * that portal, which puts new and changed meeting answers and their bilag under
 * `uploads/firstagenda/`, where the pipeline takes them in.
 */
export class FirstAgendaImport extends Construct {
  readonly function: lambda.IFunction;
  readonly rules: events.Rule[];

  constructor(scope: Construct, id: string, props: FirstAgendaImportProps) {
    super(scope, id);
    const fn = protokolFunction(this, 'Function', {
      entry: 'firstagenda-import',
      description: 'protokol: follows FirstAgenda portals into uploads/',
      timeout: Duration.minutes(15),
      memorySize: 512,
      readsDocuments: false,
      environment: {
        PROTOKOL_BUCKET: props.bucket.bucketName,
        PROTOKOL_FIRSTAGENDA_PORTALS: JSON.stringify(props.portals),
      },
    });
    // Two runs of one portal at once would fetch the same meetings twice; one at a time.
    (fn.node.defaultChild as lambda.CfnFunction).reservedConcurrentExecutions = Math.max(
      1,
      props.portals.length,
    );
    props.bucket.grantPut(fn, 'uploads/firstagenda/*');
    props.bucket.grantReadWrite(fn, 'imports/firstagenda/*');
    acknowledge(
      fn,
      'The import function puts answers and bilag under uploads/firstagenda/ and keeps its journal under imports/firstagenda/: a file is any key below its prefix.',
      objectsUnder(props.bucket, 'uploads/firstagenda/*'),
      objectsUnder(props.bucket, 'imports/firstagenda/*'),
    );
    const schedule = events.Schedule.expression(props.schedule);
    this.rules = props.portals.map(
      (portal, i) =>
        new events.Rule(this, `Schedule${i}`, {
          description: `protokol: import ${portal.url}`,
          schedule,
          targets: [
            new targets.LambdaFunction(fn, {
              event: events.RuleTargetInput.fromObject({ portal: portal.url }),
              retryAttempts: 0,
            }),
          ],
        }),
    );
    this.function = fn;
  }
}
