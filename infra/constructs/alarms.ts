import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface AlarmsProps {
  deadLetterQueues: sqs.IQueue[];
  functions: lambda.IFunction[];
  domain: opensearch.Domain;
  /** Who is told: an e-mail address from context, if any. */
  email?: string;
}

/** What someone must look at: a dead letter, a function that fails, a red cluster. */
export class Alarms extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const key = new kms.Key(this, 'TopicKey', { enableKeyRotation: true, description: 'protokol: alarms' });
    this.topic = new sns.Topic(this, 'Topic', { masterKey: key, enforceSSL: true });
    // CloudWatch publishes to the encrypted topic.
    key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    if (props.email) this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));
    const notify = new actions.SnsAction(this.topic);
    const alarm = (name: string, metric: cloudwatch.IMetric, description: string) =>
      new cloudwatch.Alarm(this, name, {
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      }).addAlarmAction(notify);

    for (const queue of props.deadLetterQueues)
      alarm(
        `${queue.node.id}NotEmpty`,
        queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
        `Messages in ${queue.node.path}: files or OCR results that failed three times. Look, fix, redrive.`,
      );
    for (const fn of props.functions)
      alarm(
        `${fn.node.id}Errors`,
        fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        `${fn.node.path} failed. Its log group says why.`,
      );
    alarm(
      'ClusterRed',
      props.domain.metricClusterStatusRed({ period: Duration.minutes(1), statistic: 'Maximum' }),
      'The OpenSearch cluster is red: at least one primary shard is unassigned; search is incomplete.',
    );
    alarm(
      'WritesBlocked',
      props.domain.metricClusterIndexWritesBlocked({ period: Duration.minutes(5), statistic: 'Maximum' }),
      'OpenSearch blocks writes (disk or memory pressure): ingest will fail until it has room.',
    );
  }
}
