import { type CfnElement, CustomResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledge, objectsUnder, singleton } from '../nag.ts';
import { protokolFunction } from './protokol-function.ts';

/** The size of the domain, from context (`cdk.json` or `-c`): small by default, three nodes for production. */
export interface SearchCapacity {
  dataNodes: number;
  dataNodeInstanceType: string;
  volumeGiB: number;
  /** Dedicated master nodes (3), for a multi-node production domain. */
  masterNodes: number;
  masterNodeInstanceType?: string;
}

/**
 * The OpenSearch domain of the archive: encrypted at rest and between nodes, HTTPS only (TLS 1.2),
 * fine-grained access control with an IAM master role. A setup function, running as that master
 * role, creates the two roles protokol needs (protokol_ingest: write the protokol-* indexes;
 * protokol_search: read them) and maps the functions' IAM roles to them.
 */
export class Search extends Construct {
  readonly domain: opensearch.Domain;
  readonly #writers: iam.IRole[] = [];
  readonly #readers: iam.IRole[] = [];
  readonly #setupRole: iam.Role;

  constructor(scope: Construct, id: string, capacity: SearchCapacity) {
    super(scope, id);
    this.#setupRole = new iam.Role(this, 'SetupRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'protokol: OpenSearch master user; maps the ingest and search roles',
      managedPolicies: [
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole'),
      ],
    });
    const multiNode = capacity.dataNodes > 1;
    this.domain = new opensearch.Domain(this, 'Domain', {
      version: opensearch.EngineVersion.OPENSEARCH_2_19,
      capacity: {
        dataNodes: capacity.dataNodes,
        dataNodeInstanceType: capacity.dataNodeInstanceType,
        ...(capacity.masterNodes > 0
          ? { masterNodes: capacity.masterNodes, masterNodeInstanceType: capacity.masterNodeInstanceType }
          : {}),
        multiAzWithStandbyEnabled: false,
      },
      ebs: { volumeSize: capacity.volumeGiB, volumeType: ec2.EbsDeviceVolumeType.GP3 },
      zoneAwareness: multiNode
        ? { enabled: true, availabilityZoneCount: Math.min(capacity.dataNodes, 3) }
        : undefined,
      encryptionAtRest: { enabled: true },
      nodeToNodeEncryption: true,
      enforceHttps: true,
      tlsSecurityPolicy: opensearch.TLSSecurityPolicy.TLS_1_2,
      fineGrainedAccessControl: { masterUserArn: this.#setupRole.roleArn },
      logging: {
        slowSearchLogEnabled: true,
        slowIndexLogEnabled: true,
        appLogEnabled: true,
        slowSearchLogGroup: logGroup(this, 'SlowSearchLogs'),
        slowIndexLogGroup: logGroup(this, 'SlowIndexLogs'),
        appLogGroup: logGroup(this, 'AppLogs'),
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.domain,
      'OpenSearch writes its slow and application logs through a CloudWatch Logs resource policy, which the CDK sets with a custom resource: logs:PutResourcePolicy has no resource-level permissions.',
      'IAM5[Resource::*]',
    );
    acknowledge(
      singleton(Stack.of(this), 'AWS679f53fac002430cb0da5b7982bd2287'),
      "The CDK's function for AWS API calls at deploy time (here: the log resource policy); it writes only its own logs.",
      'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    );
    acknowledge(
      this.domain,
      'The domain has a public endpoint instead of a VPC, so the functions need no VPC and NAT gateway. Every request is signed (SigV4): the access policy admits only the protokol function roles, and fine-grained access control decides what each may do.',
      'OS1',
      'OS3',
    );
    if (capacity.masterNodes === 0)
      acknowledge(
        this.domain,
        'No dedicated master nodes in the default, small deployment: one data node holds a municipality-sized archive. Set searchMasterNodes=3 in context for production.',
        'OS4',
      );
    if (!multiNode)
      acknowledge(
        this.domain,
        'One data node cannot be spread over zones. With searchDataNodes of 2 or more, zone awareness is on.',
        'OS7',
      );
    acknowledge(
      this.#setupRole,
      'The master role writes only its own logs (AWSLambdaBasicExecutionRole) and reaches the domain through HTTP paths of this one domain.',
      'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      objectsUnder(this.domain, '*'),
    );
  }

  /** Lets a function's role write the protokol indexes (ingest, OCR completion, takedown). */
  grantWrite(role: iam.IRole): void {
    this.#writers.push(role);
    this.#allow(role);
  }

  /** Lets a function's role search the protokol indexes. */
  grantRead(role: iam.IRole): void {
    this.#readers.push(role);
    this.#allow(role);
  }

  #allow(role: iam.IRole): void {
    // The domain's resource policy admits the role; fine-grained access decides what it may do.
    this.domain.addAccessPolicies(
      new iam.PolicyStatement({
        principals: [new iam.ArnPrincipal(role.roleArn)],
        actions: ['es:ESHttpGet', 'es:ESHttpHead', 'es:ESHttpPost', 'es:ESHttpPut', 'es:ESHttpDelete'],
        resources: [`${this.domain.domainArn}/*`],
      }),
    );
    this.domain.grantReadWrite(role);
    acknowledge(
      role,
      'es:ESHttp* on the HTTP paths of this one domain; fine-grained access control limits the role to the protokol-* indexes.',
      objectsUnder(this.domain, '*'),
    );
  }

  /** Creates the roles and mappings inside OpenSearch; call once every function is granted. */
  mapRoles(): void {
    this.#allow(this.#setupRole);
    const setup = protokolFunction(this, 'Setup', {
      entry: 'opensearch-setup',
      description: 'protokol: creates the OpenSearch roles and maps the functions to them',
      timeout: Duration.minutes(2),
      memorySize: 256,
      environment: {},
      // It runs as the master role it maps the others with.
      role: this.#setupRole,
      readsDocuments: false,
    });
    const provider = new cr.Provider(this, 'SetupProvider', {
      onEventHandler: setup,
      logGroup: logGroup(this, 'SetupProviderLogs'),
    });
    acknowledge(
      provider,
      "The CDK's custom resource framework: its function writes only its own logs and may invoke only the setup function (and its versions, hence the wildcard).",
      'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      `IAM5[Resource::<${Stack.of(this).getLogicalId(setup.node.defaultChild as CfnElement)}.Arn>:*]`,
      'L1',
    );
    new CustomResource(this, 'RoleMapping', {
      serviceToken: provider.serviceToken,
      properties: {
        endpoint: `https://${this.domain.domainEndpoint}`,
        writers: this.#writers.map((r) => r.roleArn),
        readers: this.#readers.map((r) => r.roleArn),
      },
    });
  }
}

function logGroup(scope: Construct, id: string): logs.LogGroup {
  return new logs.LogGroup(scope, id, {
    retention: logs.RetentionDays.ONE_MONTH,
    removalPolicy: RemovalPolicy.DESTROY,
  });
}
