import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { PortalSetting } from '../shared/firstagenda/import-config.ts';
import { Alarms } from './constructs/alarms.ts';
import { Api } from './constructs/api.ts';
import { FirstAgendaImport } from './constructs/firstagenda-import.ts';
import { grantArchive, Maintenance } from './constructs/maintenance.ts';
import { Pipeline } from './constructs/pipeline.ts';
import { protokolFunction } from './constructs/protokol-function.ts';
import { Search, type SearchCapacity } from './constructs/search.ts';
import { AccessLogs } from './constructs/secure-bucket.ts';
import { Storage } from './constructs/storage.ts';
import { Web } from './constructs/web.ts';
import { acknowledge, objectsUnder } from './nag.ts';

/** What a deployment may set through context (`cdk.json` or `cdk deploy -c key=value`). */
export interface ProtokolSettings {
  search: SearchCapacity;
  /** Origins besides the page that may call the API from a browser. */
  corsOrigins: string[];
  /** Origin of the page for presigned uploads straight to the bucket ('*' until a domain is fixed). */
  pageOrigin: string;
  throttle: { rate: number; burst: number };
  ingestConcurrency: number;
  maxUploadMb: number;
  uploadGroup: string;
  alarmEmail?: string;
  /** FirstAgenda portals the deployment follows, and how often. */
  firstagenda?: { portals: PortalSetting[]; schedule: string };
}

/**
 * protokol on AWS: storage → pipeline (SQS, ingest, Textract) → search (OpenSearch) → API (HTTP
 * API, Cognito) → web (CloudFront), with alarms. The functions run the domain of `shared/`
 * unchanged; only the adapters differ from the local home.
 */
export class ProtokolStack extends Stack {
  constructor(scope: Construct, id: string, settings: ProtokolSettings, props?: StackProps) {
    super(scope, id, props);
    const logs = new AccessLogs(this, 'AccessLogs');
    const storage = new Storage(this, 'Storage', {
      accessLogs: logs.bucket,
      pageOrigin: settings.pageOrigin,
    });
    const search = new Search(this, 'Search', settings.search);

    const environment = {
      PROTOKOL_BUCKET: storage.bucket.bucketName,
      PROTOKOL_OPENSEARCH_ENDPOINT: `https://${search.domain.domainEndpoint}`,
      PROTOKOL_MAX_UPLOAD_MB: String(settings.maxUploadMb),
      PROTOKOL_UPLOAD_GROUP: settings.uploadGroup,
      PROTOKOL_CORS_ORIGIN: settings.corsOrigins[0] ?? '*',
    };
    const pipeline = new Pipeline(this, 'Pipeline', {
      bucket: storage.bucket,
      environment,
      maxConcurrency: settings.ingestConcurrency,
    });

    const searchFunction = protokolFunction(this, 'SearchApi', {
      entry: 'api',
      description: 'protokol: the public search API',
      timeout: Duration.seconds(15),
      memorySize: 1024,
      environment,
    });
    storage.bucket.grantRead(searchFunction, 'documents/*');
    const uploadsFunction = protokolFunction(this, 'UploadsApi', {
      entry: 'uploads',
      description: 'protokol: uploads, document list and takedown for the secretariat',
      timeout: Duration.seconds(29),
      memorySize: 1024,
      environment,
    });
    storage.bucket.grantReadWrite(uploadsFunction, 'documents/*');
    storage.bucket.grantDelete(uploadsFunction, 'documents/*');
    storage.bucket.grantPut(uploadsFunction, 'uploads/*');
    // A takedown erases every upload of the document and its link, all versions (an erasure must erase).
    storage.bucket.grantDelete(uploadsFunction, 'uploads/*');
    storage.bucket.grantDelete(uploadsFunction, 'upload-links/*');
    acknowledge(
      searchFunction,
      'The search function reads the stored records (for document status) and originals (for file links): any key under documents/.',
      objectsUnder(storage.bucket, 'documents/*'),
    );
    acknowledge(
      uploadsFunction,
      'The secretariat function puts uploads under uploads/ and reads, writes and deletes what is under documents/ (status, takedown); a takedown also erases the uploads and upload links of the document, every version.',
      objectsUnder(storage.bucket, 'documents/*'),
      objectsUnder(storage.bucket, 'uploads/*'),
      objectsUnder(storage.bucket, 'upload-links/*'),
    );

    // The meeting store and tombstones live beside the documents; every writer of the archive needs them.
    grantArchive(
      storage.bucket,
      pipeline.ingest,
      'The ingest function merges meetings and honours takedowns.',
    );
    grantArchive(storage.bucket, pipeline.ocrComplete, 'The OCR completion goes on to merge the meeting.');
    grantArchive(storage.bucket, uploadsFunction, 'A takedown withdraws the document from its meeting.');
    const maintenance = new Maintenance(this, 'Maintenance', {
      bucket: storage.bucket,
      environment,
      pipeline,
    });
    search.grantWrite(maintenance.sweep.role!);
    search.grantWrite(maintenance.reindex.role!);
    search.grantWrite(pipeline.ingest.role!);
    search.grantWrite(pipeline.ocrComplete.role!);
    search.grantWrite(uploadsFunction.role!);
    search.grantRead(searchFunction.role!);
    search.mapRoles();

    const api = new Api(this, 'Api', {
      search: searchFunction,
      uploads: uploadsFunction,
      corsOrigins: settings.corsOrigins,
      throttle: settings.throttle,
      uploadGroup: settings.uploadGroup,
    });
    const web = new Web(this, 'Web', { api: api.httpApi, accessLogs: logs.bucket });

    const portals = settings.firstagenda?.portals.length
      ? new FirstAgendaImport(this, 'FirstAgendaImport', {
          bucket: storage.bucket,
          portals: settings.firstagenda.portals,
          schedule: settings.firstagenda.schedule,
        })
      : null;

    new Alarms(this, 'Alarms', {
      deadLetterQueues: [pipeline.deadLetters, pipeline.ocrDeadLetters],
      functions: [
        pipeline.ingest,
        pipeline.ocrComplete,
        searchFunction,
        uploadsFunction,
        ...(portals ? [portals.function] : []),
      ],
      domain: search.domain,
      email: settings.alarmEmail,
    });

    new CfnOutput(this, 'PageUrl', { value: `https://${web.distribution.distributionDomainName}` });
    new CfnOutput(this, 'ApiUrl', { value: api.httpApi.apiEndpoint });
    new CfnOutput(this, 'DocumentsBucket', { value: storage.bucket.bucketName });
    new CfnOutput(this, 'UserPoolId', { value: api.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: api.client.userPoolClientId });
    new CfnOutput(this, 'IngestDeadLetterQueue', { value: pipeline.deadLetters.queueUrl });
  }
}
