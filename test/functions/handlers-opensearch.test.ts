import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
  SQSEvent,
} from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiHandler } from '../../functions/api.ts';
import { ingestHandler } from '../../functions/ingest.ts';
import type { OpenSearchAgendaIndex } from '../../shared/adapters/opensearch/opensearch-agenda-index.ts';
import { S3DocumentStore } from '../../shared/adapters/s3/s3-document-store.ts';
import { S3Inbox } from '../../shared/adapters/s3/s3-inbox.ts';
import { S3MeetingStore } from '../../shared/adapters/s3/s3-meeting-store.ts';
import { S3Uploads } from '../../shared/adapters/s3/s3-uploads.ts';
import { awsApi } from '../../shared/composition/aws.ts';
import { localExtraction } from '../../shared/composition/local.ts';
import { readAwsConfig } from '../../shared/config.ts';
import { Archive } from '../../shared/ingest/ingest.ts';
import { fixture, root } from '../support/fixtures.ts';
import { mockBucket } from '../support/mock-bucket.ts';
import { liveIndex, liveUrl } from '../support/opensearch-live.ts';

// The Lambda handlers of the AWS home with their real index: the ingest function writes to a live
// OpenSearch 2.19 (OPENSEARCH_URL, started for the test run), the API function answers from it.
// S3 stays mocked (aws-sdk-client-mock), as in handlers.test.ts.

const BUCKET = 'protokol-documents';
const event = <T>(name: string) => JSON.parse(readFileSync(join(root, 'events', name), 'utf8')) as T;

describe.skipIf(!liveUrl)('the ingest and API functions over a live OpenSearch', () => {
  let index: OpenSearchAgendaIndex;
  let drop: () => Promise<void>;
  let t: ReturnType<typeof setup>;

  function setup() {
    const { s3, objects } = mockBucket();
    const store = new S3DocumentStore(s3, BUCKET);
    const archive = new Archive({
      store,
      meetings: new S3MeetingStore(s3, BUCKET),
      index,
      extraction: localExtraction({ ocr: false }),
    });
    const config = readAwsConfig({
      AWS_REGION: 'eu-north-1',
      PROTOKOL_BUCKET: BUCKET,
      PROTOKOL_OPENSEARCH_ENDPOINT: liveUrl!,
    });
    const api = apiHandler(async () =>
      awsApi({ archive, store, index, uploads: new S3Uploads(s3, BUCKET), config }, { uploads: false }),
    );
    return {
      objects,
      ingest: ingestHandler(async () => ({ archive, inbox: new S3Inbox(s3, BUCKET, store) })),
      api: async (e: APIGatewayProxyEventV2) =>
        (await api(e, {} as Context)) as APIGatewayProxyStructuredResultV2,
    };
  }

  beforeAll(async () => {
    ({ index, drop } = await liveIndex('handlers'));
    t = setup();
  });
  afterAll(async () => {
    await drop?.();
  });

  it('takes an upload in and finds it through the API Gateway search event', async () => {
    t.objects.set('uploads/minutes/moede-2022-11-17-sundhedsdirektoerkredsen.pdf', {
      bytes: fixture('minutes/moede-2022-11-17-sundhedsdirektoerkredsen.pdf'),
      metadata: {},
    });
    expect(await t.ingest(event<SQSEvent>('sqs-s3-object-created.json'))).toEqual({ batchItemFailures: [] });
    const res = await t.api(event<APIGatewayProxyEventV2>('api-gateway-search.json'));
    expect(res.statusCode).toBe(200);
    const body = JSON.parse(res.body!) as { total: number; hits: { title: string; start: string }[] };
    expect(body.hits.map((h) => h.title)).toContainEqual(expect.stringContaining('Telemedicin i Syd'));
    expect(body.hits[0]!.start).toBe('2022-11-17T09:00:00+01:00');
    const committees = await t.api({
      ...event<APIGatewayProxyEventV2>('api-gateway-search.json'),
      rawPath: '/api/committees',
      rawQueryString: '',
      queryStringParameters: {},
    });
    expect(JSON.parse(committees.body!).committees).toContainEqual({
      name: 'Sundhedsdirektørkredsen',
      meetings: 1,
      first: '2022-11-17T09:00:00+01:00',
      last: '2022-11-17T09:00:00+01:00',
    });
  });

  it('takes the document down from OpenSearch when its upload is removed', async () => {
    t.objects.delete('uploads/minutes/moede-2022-11-17-sundhedsdirektoerkredsen.pdf');
    expect(await t.ingest(event<SQSEvent>('sqs-s3-object-removed.json'))).toEqual({ batchItemFailures: [] });
    const res = await t.api(event<APIGatewayProxyEventV2>('api-gateway-search.json'));
    expect(JSON.parse(res.body!)).toMatchObject({ total: 0, hits: [] });
  });
});
