import { Client } from '@opensearch-project/opensearch';
import { describe, expect, it } from 'vitest';
import { OpenSearchAgendaIndex } from '../../shared/adapters/opensearch/opensearch-agenda-index.ts';
import { S3DocumentStore } from '../../shared/adapters/s3/s3-document-store.ts';
import { S3MeetingStore } from '../../shared/adapters/s3/s3-meeting-store.ts';
import { reindexAws } from '../../shared/composition/aws.ts';
import { localExtraction } from '../../shared/composition/local.ts';
import { Archive } from '../../shared/ingest/ingest.ts';
import { itemDocument } from '../support/documents.ts';
import { fakeOpenSearch } from '../support/fake-opensearch.ts';
import { mockBucket } from '../support/mock-bucket.ts';

const MEETING = 'teknisk-udvalg-2025-03-03';
const url = process.env.OPENSEARCH_URL;

/** A live node when OPENSEARCH_URL names one, else the scripted node. */
function opensearch(): { client: Client; prefix: string } {
  if (url)
    return {
      client: new Client({ node: url, ssl: { rejectUnauthorized: false } }),
      prefix: `protokol-reindex-${Date.now()}`,
    };
  return { client: fakeOpenSearch().client, prefix: 'protokol' };
}

describe(`reindex on AWS (${url ? `OpenSearch at ${url}` : 'scripted OpenSearch'}, S3 mocked)`, () => {
  it('builds new index versions from the meeting store, swaps the aliases, and keeps uploads made meanwhile', async () => {
    const { s3 } = mockBucket();
    const { client, prefix } = opensearch();
    const index = new OpenSearchAgendaIndex(client, { prefix, refresh: true });
    await index.ensureIndexes();
    const archive = new Archive({
      store: new S3DocumentStore(s3, 'protokol-documents'),
      meetings: new S3MeetingStore(s3, 'protokol-documents'),
      index,
      extraction: localExtraction({ ocr: false }),
    });
    for (let n = 1; n <= 3; n++) await archive.ingest({ name: `punkt-${n}.html`, bytes: itemDocument(n) });

    let uploads: Promise<unknown> | null = null;
    const done = await reindexAws(
      { archive, index, opensearch: client },
      {
        settleMs: 10,
        onDocument: () => {
          // Two uploads while the new versions are being built, written through the aliases.
          uploads ??= Promise.all(
            [4, 5].map((n) => archive.ingest({ name: `punkt-${n}.html`, bytes: itemDocument(n) })),
          );
        },
      },
    );
    await uploads;
    expect(done).toMatchObject({ items: `${prefix}-items-v2`, meetingsIndex: `${prefix}-meetings-v2` });
    const aliases = (await client.indices.getAlias({ name: `${prefix}-items` })).body as object;
    expect(Object.keys(aliases)).toEqual([`${prefix}-items-v2`]);
    // Read through the aliases, as the search API does: every document is there, none twice.
    const meeting = (await index.getMeeting(MEETING))!;
    expect(meeting.sources.map((s) => s.name).sort()).toEqual([
      'punkt-1.html',
      'punkt-2.html',
      'punkt-3.html',
      'punkt-4.html',
      'punkt-5.html',
    ]);
    expect(meeting.items).toHaveLength(5);
    if (url) {
      await client.indices.delete({ index: `${prefix}-*` });
    }
  });
});
