import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Fn, Stack, Token } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { acknowledge, objectsUnder, S3_GRANT_ACTIONS, singleton } from '../nag.ts';
import { secureBucket } from './secure-bucket.ts';

const WEB = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');

export interface WebProps {
  api: apigw.HttpApi;
  accessLogs: s3.IBucket;
  /** A domain of the archive's own (e.g. protokol.kommune.dk) with its ACM certificate in us-east-1. */
  domain?: { names: string[]; certificateArn: string };
}

/**
 * The search page as static files in a private bucket behind CloudFront (origin access control),
 * with `/api/*` routed to the HTTP API, so page and API share one origin.
 */
export class Web extends Construct {
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: WebProps) {
    super(scope, id);
    const bucket = secureBucket(this, 'Page', { accessLogs: props.accessLogs, logPrefix: 'page/' });
    const apiDomain = Fn.select(2, Fn.split('/', props.api.apiEndpoint));
    const api = new origins.HttpOrigin(apiDomain, {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
    });
    const files = origins.S3BucketOrigin.withOriginAccessControl(bucket);
    const toApi = {
      origin: api,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
    };
    const toFiles = {
      origin: files,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
    };
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'protokol: the search page and its API',
      // The pages (search, meetings, committees, cases, news, the Danish 404) are rendered by the
      // API function; only the files they load come from the bucket.
      defaultBehavior: toApi,
      additionalBehaviors: {
        '/api/*': {
          ...toApi,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        },
        '/style.css': toFiles,
        '/print.css': toFiles,
        '/app.js': toFiles,
        '/lib/*': toFiles,
        '/views/*': toFiles,
        // The upload page is a file here: /upload.html (locally also /upload).
        '/upload.*': toFiles,
      },
      ...(props.domain
        ? {
            domainNames: props.domain.names,
            certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn),
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      enableLogging: true,
      logBucket: props.accessLogs,
      logFilePrefix: 'cloudfront/',
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
    });
    acknowledge(
      this.distribution,
      'Minutes are public records for anyone, anywhere: no geo restriction. No WAF by default (about 6 USD a month plus requests): the API throttles at its stage, and a WAF web ACL can be attached for a public launch.',
      'CFR1',
      'CFR2',
    );
    if (!props.domain)
      acknowledge(
        this.distribution,
        "Without a domain of its own the distribution uses CloudFront's default certificate, whose TLS policy cannot be set. With domainNames and certificateArn in context it requires TLS 1.2.",
        'CFR4',
      );
    new deploy.BucketDeployment(this, 'Files', {
      sources: [deploy.Source.asset(WEB, { exclude: ['*.ts'] })],
      destinationBucket: bucket,
      distribution: this.distribution,
    });
    const stack = Stack.of(this);
    const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
    acknowledge(
      singleton(stack, 'Custom::CDKBucketDeployment'),
      "The CDK's BucketDeployment copies the page from the CDK asset bucket into the page bucket and invalidates CloudFront; its function, role and runtime are the CDK's own.",
      'L1',
      'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      // cloudfront:CreateInvalidation has no resource-level permissions.
      'IAM5[Resource::*]',
      ...S3_GRANT_ACTIONS,
      `IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${region}/*]`,
      objectsUnder(bucket, '*'),
    );
  }
}
