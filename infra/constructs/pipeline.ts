import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge, objectsUnder, singleton } from '../nag.ts';
import { protokolFunction } from './protokol-function.ts';

export interface PipelineProps {
  bucket: s3.Bucket;
  /** Environment every function needs to reach the archive (bucket, OpenSearch endpoint …). */
  environment: Record<string, string>;
  /** How many files are taken in at once: bounds the load on OpenSearch during a bulk load. */
  maxConcurrency: number;
}

const INGEST_TIMEOUT = Duration.minutes(5);

/**
 * Upload to index: S3 notifications of `uploads/` → SQS (a DLQ after three tries) → the ingest
 * function; pages with no text layer → Textract asynchronous text detection → SNS → the
 * completion function, which resumes the document from its stored text.
 */
export class Pipeline extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetters: sqs.Queue;
  readonly ocrDeadLetters: sqs.Queue;
  readonly ingest: lambda.Function;
  readonly ocrComplete: lambda.Function;
  readonly ocrTopic: sns.Topic;
  readonly textractRole: iam.Role;

  constructor(scope: Construct, id: string, props: PipelineProps) {
    super(scope, id);
    const { bucket } = props;

    this.deadLetters = new sqs.Queue(this, 'IngestDeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new sqs.Queue(this, 'IngestQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Above the function's timeout, so a message still being worked on is not handed out twice.
      visibilityTimeout: INGEST_TIMEOUT.plus(Duration.minutes(1)),
      retentionPeriod: Duration.days(14),
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: 3 },
    });
    for (const event of [s3.EventType.OBJECT_CREATED, s3.EventType.OBJECT_REMOVED])
      bucket.addEventNotification(event, new s3n.SqsDestination(this.queue), { prefix: 'uploads/' });
    acknowledge(
      singleton(Stack.of(this), 'BucketNotificationsHandler'),
      "The CDK's handler that sets the bucket's notification configuration at deploy time; it writes only its own logs.",
      'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    );

    const topicKey = new kms.Key(this, 'OcrTopicKey', {
      enableKeyRotation: true,
      description: 'protokol: Textract completion messages',
    });
    this.ocrTopic = new sns.Topic(this, 'OcrDone', { masterKey: topicKey, enforceSSL: true });
    this.textractRole = new iam.Role(this, 'TextractPublisher', {
      assumedBy: new iam.ServicePrincipal('textract.amazonaws.com'),
      description: 'Textract publishes job completion to the OCR topic',
    });
    this.ocrTopic.grantPublish(this.textractRole);
    acknowledge(
      this.textractRole,
      'kms:GenerateDataKey* is what SNS needs to publish to a topic encrypted with a customer key; it is granted on that one key.',
      'IAM5[Action::kms:GenerateDataKey*]',
    );

    const environment = {
      ...props.environment,
      PROTOKOL_OCR_TOPIC_ARN: this.ocrTopic.topicArn,
      PROTOKOL_OCR_ROLE_ARN: this.textractRole.roleArn,
    };

    this.ingest = protokolFunction(this, 'Ingest', {
      entry: 'ingest',
      description: 'protokol: takes uploads in (extract, parse, index) and takes removed ones down',
      timeout: INGEST_TIMEOUT,
      memorySize: 2048,
      environment,
    });
    this.ingest.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 5,
        reportBatchItemFailures: true,
        maxConcurrency: props.maxConcurrency,
      }),
    );
    bucket.grantRead(this.ingest, 'uploads/*');
    bucket.grantReadWrite(this.ingest, 'documents/*');
    bucket.grantDelete(this.ingest, 'documents/*');
    bucket.grantReadWrite(this.ingest, 'upload-links/*');
    bucket.grantDelete(this.ingest, 'upload-links/*');
    this.ingest.addToRolePolicy(
      new iam.PolicyStatement({
        // Textract has no resource-level permissions for text detection.
        actions: ['textract:StartDocumentTextDetection'],
        resources: ['*'],
      }),
    );
    this.textractRole.grantPassRole(this.ingest.grantPrincipal);
    acknowledge(
      this.ingest,
      'Textract text detection has no resource-level permissions, so it is granted on *. The S3 grants are the objects under uploads/ (read), documents/ and upload-links/ (read, write, delete): a document is any key below its prefix.',
      'IAM5[Resource::*]',
      objectsUnder(bucket, 'uploads/*'),
      objectsUnder(bucket, 'documents/*'),
      objectsUnder(bucket, 'upload-links/*'),
    );

    this.ocrDeadLetters = new sqs.Queue(this, 'OcrDeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.ocrComplete = protokolFunction(this, 'OcrComplete', {
      entry: 'ocr-complete',
      description: 'protokol: fetches Textract results and resumes the document',
      timeout: Duration.minutes(5),
      memorySize: 1024,
      environment,
    });
    this.ocrTopic.addSubscription(
      new subscriptions.LambdaSubscription(this.ocrComplete, { deadLetterQueue: this.ocrDeadLetters }),
    );
    // A completion the function failed on (after Lambda's two retries) is kept for a look.
    this.ocrComplete.configureAsyncInvoke({
      retryAttempts: 2,
      onFailure: new destinations.SqsDestination(this.ocrDeadLetters),
    });
    bucket.grantReadWrite(this.ocrComplete, 'documents/*');
    this.ocrComplete.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['textract:GetDocumentTextDetection'], resources: ['*'] }),
    );
    acknowledge(
      this.ocrComplete,
      'Textract result retrieval has no resource-level permissions. documents/* is the stored text and records of the documents, each a key below the prefix.',
      'IAM5[Resource::*]',
      objectsUnder(bucket, 'documents/*'),
    );
    acknowledge(
      this.ocrDeadLetters,
      "This queue is itself a dead-letter queue: of the SNS subscription and of the function's failed asynchronous invocations (cdk-nag recognises only redrive DLQs).",
      'SQS3',
    );
  }
}
