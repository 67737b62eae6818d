import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge } from '../nag.ts';

export interface ApiProps {
  /** The public, read-only function: search, meetings, committees, status, files, feed. */
  search: lambda.IFunction;
  /** The secretariat's function: upload, list, takedown. */
  uploads: lambda.IFunction;
  /** Origins other than the page (served from the same origin through CloudFront) that may call the API. */
  corsOrigins: string[];
  /** Requests per second, steady and burst, for the whole API. */
  throttle: { rate: number; burst: number };
  uploadGroup: string;
}

/**
 * The HTTP API (API Gateway v2): the search API is public; uploads, the document list and
 * takedown need a Cognito user of the secretariat group (the function checks the group).
 */
export class Api extends Construct {
  readonly httpApi: apigw.HttpApi;
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'Secretariat', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
      },
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    new cognito.CfnUserPoolGroup(this, 'UploadGroup', {
      userPoolId: this.userPool.userPoolId,
      groupName: props.uploadGroup,
      description: 'May upload and take down documents',
    });
    this.client = this.userPool.addClient('Page', {
      authFlows: { userSrp: true },
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      preventUserExistenceErrors: true,
    });

    this.httpApi = new apigw.HttpApi(this, 'Http', {
      description: 'protokol: the public search API and the secretariat upload API',
      corsPreflight: props.corsOrigins.length
        ? {
            allowOrigins: props.corsOrigins,
            allowMethods: [apigw.CorsHttpMethod.GET, apigw.CorsHttpMethod.POST, apigw.CorsHttpMethod.DELETE],
            allowHeaders: ['authorization', 'content-type'],
            maxAge: Duration.hours(1),
          }
        : undefined,
    });
    const search = new HttpLambdaIntegration('Search', props.search);
    const uploads = new HttpLambdaIntegration('Uploads', props.uploads);
    const authorizer = new HttpUserPoolAuthorizer('Cognito', this.userPool, {
      userPoolClients: [this.client],
    });
    const [publicRoute] = this.httpApi.addRoutes({
      path: '/api/{proxy+}',
      methods: [apigw.HttpMethod.GET],
      integration: search,
    });
    acknowledge(
      publicRoute!,
      'The search API is public by design: minutes are public records and citizens search without an account. The function behind it can only read; writing routes need Cognito.',
      'APIG4',
      'COG4',
    );
    // The citizen's pages, rendered by the same read-only function (CloudFront's default behaviour).
    for (const route of this.httpApi
      .addRoutes({
        path: '/{proxy+}',
        methods: [apigw.HttpMethod.GET],
        integration: search,
      })
      .concat(this.httpApi.addRoutes({ path: '/', methods: [apigw.HttpMethod.GET], integration: search })))
      acknowledge(
        route,
        'The pages are public by design, like the search API: minutes are public records. The function behind them can only read.',
        'APIG4',
        'COG4',
      );
    this.httpApi.addRoutes({
      path: '/api/documents',
      methods: [apigw.HttpMethod.GET, apigw.HttpMethod.POST],
      integration: uploads,
      authorizer,
    });
    this.httpApi.addRoutes({
      path: '/api/documents/{id}',
      // A document's status and failure reason are the secretariat's, as is its takedown.
      methods: [apigw.HttpMethod.GET, apigw.HttpMethod.DELETE],
      integration: uploads,
      authorizer,
    });

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const stage = this.httpApi.defaultStage!.node.defaultChild as apigw.CfnStage;
    stage.defaultRouteSettings = {
      throttlingRateLimit: props.throttle.rate,
      throttlingBurstLimit: props.throttle.burst,
    };
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        ip: '$context.identity.sourceIp',
        time: '$context.requestTime',
        route: '$context.routeKey',
        status: '$context.status',
        latency: '$context.responseLatency',
        error: '$context.integrationErrorMessage',
      }),
    };
  }
}
