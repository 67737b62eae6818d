import { S3Client } from '@aws-sdk/client-s3';
import { TextractClient } from '@aws-sdk/client-textract';
import type { Client } from '@opensearch-project/opensearch';
import { DocxTextExtractor } from '../adapters/extract/docx-text-extractor.ts';
import { FirstAgendaExtractor } from '../adapters/extract/firstagenda-extractor.ts';
import { HtmlTextExtractor } from '../adapters/extract/html-text-extractor.ts';
import { PdfLibParts } from '../adapters/extract/pdf-parts.ts';
import { PdfTextExtractor } from '../adapters/extract/pdf-text-extractor.ts';
import { TextractDeferredOcr } from '../adapters/ocr/textract-ocr.ts';
import {
  ITEM_MAPPINGS,
  MEETING_MAPPINGS,
  OpenSearchAgendaIndex,
} from '../adapters/opensearch/opensearch-agenda-index.ts';
import { signedOpenSearchClient } from '../adapters/opensearch/opensearch-client.ts';
import { S3DocumentStore } from '../adapters/s3/s3-document-store.ts';
import { S3Inbox } from '../adapters/s3/s3-inbox.ts';
import { S3MeetingStore } from '../adapters/s3/s3-meeting-store.ts';
import { S3Uploads } from '../adapters/s3/s3-uploads.ts';
import { createApi } from '../api/app.ts';
import { addUploadRoutes, cognitoGroup } from '../api/uploads.ts';
import type { AwsConfig } from '../config.ts';
import type { SourceDocument } from '../domain/model.ts';
import { detectType } from '../ingest/detect-type.ts';
import { Archive, documentId } from '../ingest/ingest.ts';
import type { AgendaIndex } from '../ports/agenda-index.port.ts';
import type { Inbox } from '../ports/inbox.port.ts';

/** What the functions of the AWS home share: one archive over S3, OpenSearch and Textract. */
export interface AwsHome {
  archive: Archive;
  opensearch: Client;
  inbox: Inbox;
  index: OpenSearchAgendaIndex;
  store: S3DocumentStore;
  meetings: S3MeetingStore;
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
  // Nothing reads the index back to merge any more (the meeting store is the truth), so writes
  // need not wait for a refresh: searches see them within OpenSearch's refresh interval.
  const index = new OpenSearchAgendaIndex(client, { prefix: config.indexPrefix, refresh: false });
  const deferredOcr =
    config.ocrTopicArn && config.ocrRoleArn
      ? new TextractDeferredOcr(new TextractClient({ region: config.region }), {
          bucket: config.bucket,
          keyOf: (id) => store.originalKey(id),
          topicArn: config.ocrTopicArn,
          roleArn: config.ocrRoleArn,
        })
      : undefined;
  const meetings = new S3MeetingStore(s3, config.bucket);
  const archive = new Archive({
    store,
    meetings,
    index,
    migrateOnOpen: false,
    extraction: {
      extractors: [
        new PdfTextExtractor(),
        new DocxTextExtractor(),
        new HtmlTextExtractor(),
        new FirstAgendaExtractor(),
      ],
      parts: new PdfLibParts(),
      ...(deferredOcr ? { deferredOcr } : {}),
    },
  });
  return {
    archive,
    opensearch: client,
    inbox: new S3Inbox(s3, config.bucket, store),
    index,
    store,
    meetings,
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
      const record = await store.getRecord(id);
      const meetings = [record?.meetingId, record?.linkedItem?.meetingId].filter((m): m is string => !!m);
      const removed = await archive.remove(id);
      // Also when the record is gone already: an erasure asked twice still erases what is left.
      const erased = await uploads.eraseDocument(id, { meetings: [...new Set(meetings)] });
      return removed || erased > 0;
    },
    list: () => store.listRecords(),
    record: (id) => store.getRecord(id),
    presign: (file, metadata) => uploads.presignedPost(file, metadata, config.maxUploadBytes),
  });
  return app;
}

/**
 * Reindex on AWS, with no downtime: new versions of both indexes (`protokol-items-v<n+1>` …) are
 * built from the meeting store while the aliases still point at the old ones, which go on
 * answering and taking the pipeline's writes; what changed in the store meanwhile is replayed
 * into the new versions, the aliases are swapped in one request each, and what changed in the
 * moment of the swap is replayed once more. Run by `protokol reindex --aws` and the reindex function.
 */
export async function reindexAws(
  home: Pick<AwsHome, 'archive' | 'index' | 'opensearch'>,
  options: { reparse?: boolean; settleMs?: number; onDocument?(record: SourceDocument): void } = {},
): Promise<{ documents: number; meetings: number; items: string; meetingsIndex: string }> {
  const { index, opensearch } = home;
  const version = (await currentVersion(opensearch, index.items)) + 1;
  const items = await index.createVersion(index.items, ITEM_MAPPINGS, version);
  const meetingsIndex = await index.createVersion(index.meetings, MEETING_MAPPINGS, version);
  // The build refreshes nothing per write; the swap makes it visible at once.
  const target = new OpenSearchAgendaIndex(opensearch, {
    concrete: { items, meetings: meetingsIndex },
    refresh: false,
  });
  const done = await home.archive.reindexInto(target, {
    reparse: options.reparse ?? true,
    ...(options.onDocument ? { onDocument: options.onDocument } : {}),
    swap: async () => {
      await opensearch.indices.refresh({ index: [items, meetingsIndex] } as never);
      await index.swapAlias(index.meetings, meetingsIndex);
      await index.swapAlias(index.items, items);
    },
    // A function that resolved the alias just before the swap may still be writing to the old version.
    settle: () => new Promise((r) => setTimeout(r, options.settleMs ?? 5_000)),
  });
  return { ...done, items, meetingsIndex };
}

/** The highest version behind an alias (`protokol-items-v3` → 3). */
async function currentVersion(client: Client, alias: string): Promise<number> {
  const res = await client.indices.getAlias({ name: alias });
  const versions = Object.keys(res.body as object).map((name) => Number(/-v(\d+)$/.exec(name)?.[1] ?? 0));
  return Math.max(0, ...versions);
}
