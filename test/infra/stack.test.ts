import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';

// Assertions on the synthesized template. Bundling is skipped here (it is what `cdk synth` does,
// which test/infra/synth.test.ts runs); cdk-nag runs, and a finding makes synth throw.

function synth(context: Record<string, unknown> = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  const { stack } = buildApp(app);
  app.synth();
  return Template.fromStack(stack);
}

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

/** The statements of the inline policies attached to the role of the function with this id prefix. */
function statementsOf(
  template: Template,
  functionId: string,
): { Action: string | string[]; Resource: unknown }[] {
  const policies = template.findResources('AWS::IAM::Policy') as Resources;
  return Object.entries(policies)
    .filter(([id]) => id.startsWith(functionId))
    .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: never[] }).Statement);
}
const actionsOf = (template: Template, functionId: string) =>
  statementsOf(template, functionId).flatMap((s) => [s.Action].flat());

describe('the CDK app', () => {
  let template: Template;
  beforeAll(() => {
    template = synth();
  });

  it('keeps documents in a versioned, encrypted bucket with public access blocked and TLS only', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'documents/' }),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('sends created and removed uploads to a queue with a dead-letter queue after three tries', () => {
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        QueueConfigurations: [
          Match.objectLike({
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'uploads/' }] } },
          }),
          Match.objectLike({ Events: ['s3:ObjectRemoved:*'] }),
        ],
      },
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { maxReceiveCount: 3, deadLetterTargetArn: Match.anyValue() },
      SqsManagedSseEnabled: true,
    });
  });

  it('gives the queue a visibility timeout above the ingest function timeout, and reports partial batch failures', () => {
    const queues = template.findResources('AWS::SQS::Queue', {
      Properties: { RedrivePolicy: Match.anyValue() },
    }) as Resources;
    const visibility = Object.values(queues)[0]!.Properties.VisibilityTimeout as number;
    const ingest = Object.values(
      template.findResources('AWS::Lambda::Function', {
        Properties: { Description: Match.stringLikeRegexp('takes uploads in') },
      }) as Resources,
    )[0]!;
    expect(visibility).toBeGreaterThan(ingest.Properties.Timeout as number);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 5 },
    });
  });

  it('sweeps for stuck documents every 15 minutes', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(15 minutes)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: Match.anyValue() })],
    });
    const sweep = Object.entries(
      template.findResources('AWS::Lambda::Function', {
        Properties: { Description: Match.stringLikeRegexp('stood still') },
      }) as Resources,
    );
    expect(sweep).toHaveLength(1);
    expect(actionsOf(template, 'MaintenanceSweep')).toEqual(
      expect.arrayContaining(['textract:StartDocumentTextDetection', 's3:PutObject']),
    );
  });

  it('runs every protokol function on Node.js 24 with its own log group', () => {
    const functions = template.findResources('AWS::Lambda::Function', {
      Properties: { Description: Match.stringLikeRegexp('^protokol: ') },
    }) as Resources;
    // ingest, ocr-complete, search and uploads APIs, OpenSearch setup, sweep, reindex.
    expect(Object.keys(functions)).toHaveLength(7);
    for (const fn of Object.values(functions)) {
      expect(fn.Properties.Runtime).toBe('nodejs24.x');
      expect(fn.Properties.LoggingConfig).toMatchObject({ LogFormat: 'JSON', LogGroup: expect.anything() });
    }
  });

  it('sends scanned pages to Textract, which reports on an encrypted topic to the completion function', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Principal: { Service: 'textract.amazonaws.com' } })],
      },
    });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      RedrivePolicy: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: Match.anyValue() },
    });
  });

  it('grants each function only what it does', () => {
    expect(actionsOf(template, 'PipelineIngest')).toEqual(
      expect.arrayContaining(['textract:StartDocumentTextDetection', 'iam:PassRole', 's3:PutObject']),
    );
    expect(actionsOf(template, 'PipelineIngest')).not.toContain('textract:GetDocumentTextDetection');
    expect(actionsOf(template, 'PipelineOcrComplete')).toContain('textract:GetDocumentTextDetection');
    expect(actionsOf(template, 'PipelineOcrComplete')).not.toContain('textract:StartDocumentTextDetection');
    // The public search function reads: no S3 writes, no Textract, no deletes.
    const search = actionsOf(template, 'SearchApi');
    expect(search.filter((a) => /^s3:(Put|Delete)|^textract:/.test(a))).toEqual([]);
    // S3 grants stay within their prefixes.
    const resources = JSON.stringify(statementsOf(template, 'SearchApi').map((s) => s.Resource));
    expect(resources).toContain('/documents/*');
    expect(resources).not.toContain('/uploads/*');
  });

  it('runs OpenSearch encrypted at rest and in transit, HTTPS only, with fine-grained access and an IAM master role', () => {
    template.hasResourceProperties('AWS::OpenSearchService::Domain', {
      EngineVersion: 'OpenSearch_2.19',
      EncryptionAtRestOptions: { Enabled: true },
      NodeToNodeEncryptionOptions: { Enabled: true },
      DomainEndpointOptions: { EnforceHTTPS: true, TLSSecurityPolicy: 'Policy-Min-TLS-1-2-2019-07' },
      AdvancedSecurityOptions: { Enabled: true, MasterUserOptions: { MasterUserARN: Match.anyValue() } },
      ClusterConfig: Match.objectLike({ InstanceCount: 1, InstanceType: 't3.medium.search' }),
    });
    // The setup resource maps the writing roles (ingest, OCR, uploads, sweep, reindex) and the reading one (search).
    const mapping = Object.values(
      template.findResources('AWS::CloudFormation::CustomResource') as Resources,
    )[0]!;
    expect(mapping.Properties.writers).toHaveLength(5);
    expect(mapping.Properties.readers).toHaveLength(1);
  });

  it('sizes the domain from context: three zones and dedicated masters for production', () => {
    const production = synth({
      searchDataNodes: 3,
      searchMasterNodes: 3,
      searchInstanceType: 'r7g.large.search',
    });
    production.hasResourceProperties('AWS::OpenSearchService::Domain', {
      ClusterConfig: Match.objectLike({
        InstanceCount: 3,
        InstanceType: 'r7g.large.search',
        DedicatedMasterEnabled: true,
        DedicatedMasterCount: 3,
        ZoneAwarenessEnabled: true,
        ZoneAwarenessConfig: { AvailabilityZoneCount: 3 },
      }),
    });
  });

  it('serves search publicly and uploads only behind Cognito, throttled and access-logged', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'GET /api/{proxy+}',
      AuthorizationType: 'NONE',
    });
    for (const RouteKey of ['POST /api/documents', 'GET /api/documents', 'DELETE /api/documents/{id}'])
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey, AuthorizationType: 'JWT' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'secretariat' });
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
    });
  });

  it('serves the pages through the API function and their files from a private bucket, on one origin', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'redirect-to-https' }),
        CacheBehaviors: Match.arrayWith([
          Match.objectLike({ PathPattern: '/api/*', AllowedMethods: Match.arrayWith(['POST', 'DELETE']) }),
          Match.objectLike({ PathPattern: '/app.js' }),
          Match.objectLike({ PathPattern: '/views/*' }),
        ]),
        Logging: Match.objectLike({ Prefix: 'cloudfront/' }),
      }),
    });
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.resourceCountIs('Custom::CDKBucketDeployment', 1);
  });

  it('fails synthesis on a cdk-nag finding that nobody acknowledged', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const { stack } = buildApp(app);
    new Queue(stack, 'Unprotected');
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS(3|4)/);
  });

  it('alarms on dead letters, function errors and a red cluster', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm') as Resources).map(
      (a) => a.Properties,
    );
    const metrics = alarms.map((a) => a.MetricName);
    expect(metrics.filter((m) => m === 'ApproximateNumberOfMessagesVisible')).toHaveLength(2);
    expect(metrics.filter((m) => m === 'Errors')).toHaveLength(4);
    expect(metrics).toContain('ClusterStatus.red');
    for (const alarm of alarms) expect(alarm.AlarmActions).toHaveLength(1);
  });
});
