import { S3Client } from '@aws-sdk/client-s3';
import { TextractClient } from '@aws-sdk/client-textract';
import { DocxTextExtractor } from '../adapters/extract/docx-text-extractor.ts';
import { HtmlTextExtractor } from '../adapters/extract/html-text-extractor.ts';
import { PdfTextExtractor } from '../adapters/extract/pdf-text-extractor.ts';
import { TextractDeferredOcr } from '../adapters/ocr/textract-ocr.ts';
import { OpenSearchAgendaIndex } from '../adapters/opensearch/opensearch-agenda-index.ts';
import { signedOpenSearchClient } from '../adapters/opensearch/opensearch-client.ts';
import { S3DocumentStore } from '../adapters/s3/s3-document-store.ts';
import { S3Inbox } from '../adapters/s3/s3-inbox.ts';
import { S3Uploads } from '../adapters/s3/s3-uploads.ts';
import { createApi } from '../api/app.ts';
import { addUploadRoutes, cognitoGroup } from '../api/uploads.ts';
import type { AwsConfig } from '../config.ts';
import { detectType } from '../ingest/detect-type.ts';
import { Archive, documentId } from '../ingest/ingest.ts';
import type { AgendaIndex } from '../ports/agenda-index.port.ts';
import type { Inbox } from '../ports/inbox.port.ts';

/** What the functions of the AWS home share: one archive over S3, OpenSearch and Textract. */
export interface AwsHome {
  archive: Archive;
  inbox: Inbox;
  index: OpenSearchAgendaIndex;
  store: S3DocumentStore;
  uploads: S3Uploads;
  config: AwsConfig;
}

/**
 * The AWS home. Credentials come from the function's role; OpenSearch requests are signed with
 * SigV4, which fine-grained access control maps to the ingest or search role.
 */
export function createAwsHome(config: AwsConfig): AwsHome {
  const s3 = new S3Client({ region: config.region });
  const store = new S3DocumentStore(s3, config.bucket);
  const client = signedOpenSearchClient(config.opensearchEndpoint, config.region);
  const index = new OpenSearchAgendaIndex(client, { prefix: config.indexPrefix });
  const deferredOcr =
    config.ocrTopicArn && config.ocrRoleArn
      ? new TextractDeferredOcr(new TextractClient({ region: config.region }), {
          bucket: config.bucket,
          keyOf: (id) => store.originalKey(id),
          topicArn: config.ocrTopicArn,
          roleArn: config.ocrRoleArn,
        })
      : undefined;
  const archive = new Archive({
    store,
    index,
    extraction: {
      extractors: [new PdfTextExtractor(), new DocxTextExtractor(), new HtmlTextExtractor()],
      ...(deferredOcr ? { deferredOcr } : {}),
    },
  });
  return {
    archive,
    inbox: new S3Inbox(s3, config.bucket, store),
    index,
    store,
    uploads: new S3Uploads(s3, config.bucket),
    config,
  };
}

/**
 * The API on Lambda: the same routes as locally; files are handed out as short-lived S3 links.
 * Two functions run it: the public one reads, and with `uploads` the secretariat's one (behind
 * the Cognito authorizer) also takes uploads, either small files through the API (into
 * `uploads/`, where the pipeline takes them) or presigned forms to post straight to S3, and
 * takes documents down.
 */
export function awsApi(
  home: Pick<AwsHome, 'archive' | 'store' | 'uploads' | 'config'> & { index: AgendaIndex },
  options: { uploads: boolean },
) {
  const { archive, store, uploads, config } = home;
  const authorize = cognitoGroup(config.uploadGroup);
  const app = createApi({
    index: home.index,
    store,
    corsOrigin: config.corsOrigin,
    publicBaseUrl: config.publicBaseUrl,
    authorize,
    // A presigned link only for what may go out as it is; redacted copies come from the function.
    original: async (record, audience) =>
      new Response(null, {
        status: 302,
        headers: {
          location: await uploads.fileUrl(store.originalKey(record.id), record.name, record.mediaType),
          // The link expires: never cached beyond it, and never shared for the secretariat's.
          'cache-control': audience === 'secretariat' ? 'private, no-store' : 'public, max-age=240',
          vary: 'Authorization, Cookie',
        },
      }),
  });
  if (!options.uploads) return app;
  addUploadRoutes(app, {
    authorize,
    maxBytes: config.maxUploadBytes,
    async accept(doc) {
      const mediaType = detectType(doc.bytes, doc.name);
      const id = documentId(doc.bytes);
      const record = await archive.announce({
        id,
        name: doc.name,
        size: doc.bytes.length,
        metadata: doc.metadata,
      });
      await uploads.put(id, doc.name, doc.bytes, mediaType, doc.metadata ?? {});
      return record;
    },
    async remove(id) {
      const removed = await archive.remove(id);
      // Also when the record is gone already: an erasure asked twice still erases what is left.
      const erased = await uploads.eraseDocument(id);
      return removed || erased > 0;
    },
    list: () => store.listRecords(),
    record: (id) => store.getRecord(id),
    presign: (file, metadata) => uploads.presignedPost(file, metadata, config.maxUploadBytes),
  });
  return app;
}
