import { beforeEach, describe, expect, it } from 'vitest';
import { S3DocumentStore } from '../../shared/adapters/s3/s3-document-store.ts';
import { S3Inbox } from '../../shared/adapters/s3/s3-inbox.ts';
import { S3MeetingStore } from '../../shared/adapters/s3/s3-meeting-store.ts';
import { S3Uploads } from '../../shared/adapters/s3/s3-uploads.ts';
import { SqliteAgendaIndex } from '../../shared/adapters/sqlite/sqlite-agenda-index.ts';
import { awsApi } from '../../shared/composition/aws.ts';
import { localExtraction } from '../../shared/composition/local.ts';
import { readAwsConfig } from '../../shared/config.ts';
import { Archive, documentId } from '../../shared/ingest/ingest.ts';
import { htmlMinutes, pdfOf } from '../security/build.ts';
import { fixture } from '../support/fixtures.ts';
import { mockBucket, type ObjectVersion } from '../support/mock-bucket.ts';

// The secretariat's API on AWS: Cognito claims arrive in the API Gateway event (the authorizer
// has checked the token), files go to S3 by presigned POST or into uploads/ through the API.

const BUCKET = 'protokol-documents';
const config = readAwsConfig({
  AWS_REGION: 'eu-north-1',
  PROTOKOL_BUCKET: BUCKET,
  PROTOKOL_OPENSEARCH_ENDPOINT: 'https://search.example',
  PROTOKOL_MAX_UPLOAD_MB: '1',
});
const as = (groups: string | null) =>
  groups === null
    ? { event: { requestContext: {} } }
    : {
        event: {
          requestContext: { authorizer: { jwt: { claims: { sub: 'u-1', 'cognito:groups': groups } } } },
        },
      };

function setup() {
  const { s3, objects } = mockBucket();
  const store = new S3DocumentStore(s3, BUCKET);
  const index = new SqliteAgendaIndex(':memory:');
  const meetings = new S3MeetingStore(s3, BUCKET);
  const archive = new Archive({ store, meetings, index, extraction: localExtraction({ ocr: false }) });
  const app = awsApi(
    { archive, store, index, uploads: new S3Uploads(s3, BUCKET), config },
    { uploads: true },
  );
  return { app, objects, archive };
}

const pdf = fixture('minutes/moede-2022-11-17-sundhedsdirektoerkredsen.pdf');
const announce = (files: object[], extra: object = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ files, ...extra }),
});
const file = {
  name: 'referat 17. november.pdf',
  size: pdf.length,
  mediaType: 'application/pdf',
  sha256: documentId(pdf),
};

describe('uploads on AWS', () => {
  let t: ReturnType<typeof setup>;
  beforeEach(() => {
    t = setup();
  });

  it('refuses a caller with no token claims (401) or outside the secretariat group (403)', async () => {
    expect((await t.app.request('/api/documents', announce([file]), as(null))).status).toBe(401);
    expect((await t.app.request('/api/documents', announce([file]), as('[readers]'))).status).toBe(403);
  });

  it('gives the secretariat a presigned POST per file, held to its key, type, size limit and metadata', async () => {
    const res = await t.app.request(
      '/api/documents',
      announce([file], { committee: 'Sundhedsdirektørkredsen', date: '2022-11-17' }),
      as('[secretariat admins]'),
    );
    expect(res.status).toBe(201);
    const { documents } = (await res.json()) as {
      documents: { id: string; statusUrl: string; upload: { url: string; fields: Record<string, string> } }[];
    };
    const [doc] = documents;
    expect(doc!.id).toBe(file.sha256);
    expect(doc!.statusUrl).toBe(`/api/documents/${file.sha256}`);
    expect(doc!.upload.url).toMatch(/^https:\/\/protokol-documents\.s3\.eu-north-1\.amazonaws\.com\/?$/);
    expect(doc!.upload.fields).toMatchObject({
      key: `uploads/${file.sha256}/referat 17. november.pdf`,
      'Content-Type': 'application/pdf',
      'x-amz-meta-committee': encodeURIComponent('Sundhedsdirektørkredsen'),
      'x-amz-meta-date': '2022-11-17',
      'X-Amz-Signature': expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const policy = JSON.parse(Buffer.from(doc!.upload.fields.Policy!, 'base64').toString('utf8'));
    expect(policy.conditions).toContainEqual(['content-length-range', 1, 1024 * 1024]);
    expect(policy.conditions).toContainEqual({ 'Content-Type': 'application/pdf' });
  });

  it('says at once when an announced file is too large (413), not PDF/DOCX/HTML (415) or its hash is malformed (400)', async () => {
    const big = await t.app.request(
      '/api/documents',
      announce([{ ...file, size: 5_000_000 }]),
      as('secretariat'),
    );
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: string }).error).toMatch(
      /referat 17\. november\.pdf: 5000000 bytes/,
    );
    const png = await t.app.request(
      '/api/documents',
      announce([{ ...file, mediaType: 'image/png' }]),
      as('secretariat'),
    );
    expect(png.status).toBe(415);
    const bad = await t.app.request(
      '/api/documents',
      announce([{ ...file, sha256: 'abc' }]),
      as('secretariat'),
    );
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ parameter: 'files.0.sha256' });
  });

  it('puts a small file posted through the API under uploads/, where the pipeline takes it, with its metadata', async () => {
    const form = new FormData();
    form.append('file', new File([new Uint8Array(pdf)], 'referat.pdf', { type: 'application/pdf' }));
    form.append('committee', 'Sundhedsdirektørkredsen');
    const res = await t.app.request('/api/documents', { method: 'POST', body: form }, as('secretariat'));
    expect(res.status).toBe(202);
    const stored = t.objects.get(`uploads/${documentId(pdf)}/referat.pdf`);
    expect(Buffer.from(stored!.bytes).equals(Buffer.from(pdf))).toBe(true);
    expect(stored?.metadata).toEqual({ committee: encodeURIComponent('Sundhedsdirektørkredsen') });
    // Its status reads "queued" at once, before the pipeline has seen it.
    const status = await t.app.request(`/api/documents/${documentId(pdf)}`, {}, as('secretariat'));
    expect(await status.json()).toMatchObject({ status: 'queued', name: 'referat.pdf' });
  });

  it('hands out an original as a short-lived presigned link instead of streaming it through the function', async () => {
    await t.archive.ingest({ name: 'referat.pdf', bytes: pdf });
    const res = await t.app.request(`/api/documents/${documentId(pdf)}/file`);
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(location.pathname).toBe(`/documents/${documentId(pdf)}/original`);
    expect(location.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(location.searchParams.get('response-content-type')).toBe('application/pdf');
  });
});

describe('takedown and files on AWS', () => {
  let t: ReturnType<typeof setup> & {
    versions: ObjectVersion[];
    inbox: S3Inbox;
    s3: ReturnType<typeof mockBucket>['s3'];
  };
  beforeEach(() => {
    const { s3, objects, versions } = mockBucket();
    const store = new S3DocumentStore(s3, BUCKET);
    const index = new SqliteAgendaIndex(':memory:');
    const archive = new Archive({
      store,
      meetings: new S3MeetingStore(s3, BUCKET),
      index,
      extraction: localExtraction({ ocr: false }),
    });
    const app = awsApi(
      { archive, store, index, uploads: new S3Uploads(s3, BUCKET), config },
      { uploads: true },
    );
    t = { app, objects, archive, versions, s3, inbox: new S3Inbox(s3, BUCKET, store) };
  });

  /** What the ingest function does with an object under uploads/. */
  async function pipeline(key: string) {
    const stored = await t.inbox.adopt(key);
    return t.archive.adopt(stored!);
  }

  it('erases every upload of a document and every old version, and nothing of another document', async () => {
    const id = documentId(pdf);
    const other = htmlMinutes({
      committee: 'Andet udvalg',
      date: '1. marts 2024 kl. 10.00',
      items: [{ title: 'Noget andet', sections: [['Beslutning', 'Godkendt.']] }],
    });
    for (const [name, bytes, committee] of [
      ['referat.pdf', pdf, 'Sundhedsdirektørkredsen'],
      ['referat.pdf', pdf, 'Sundhedsdirektørkredsen'], // a second version of the same upload
      ['andet.html', other, 'Andet udvalg'],
    ] as const) {
      const form = new FormData();
      form.append('file', new File([new Uint8Array(bytes)], name));
      form.append('committee', committee);
      expect(
        (await t.app.request('/api/documents', { method: 'POST', body: form }, as('secretariat'))).status,
      ).toBe(202);
    }
    // A bulk load put the same file elsewhere under uploads/ as well.
    await new S3Uploads(t.s3, BUCKET, 'uploads/arkiv/').put(id, 'gammel.pdf', pdf, 'application/pdf', {});
    for (const key of [
      `uploads/${id}/referat.pdf`,
      `uploads/arkiv/${id}/gammel.pdf`,
      `uploads/${documentId(other)}/andet.html`,
    ])
      expect((await pipeline(key)).status).toMatch(/indexed|unchanged/);
    const ours = (key: string) => key.includes(id);
    expect(t.versions.filter((v) => ours(v.Key)).length).toBeGreaterThan(4);

    const res = await t.app.request(`/api/documents/${id}`, { method: 'DELETE' }, as('secretariat'));
    expect(res.status).toBe(204);
    // Only the tombstone is left: it names the removed id (a hash) so the id answers 404, and holds nothing of the file.
    expect([...t.objects.keys()].filter(ours)).toEqual([`tombstones/${id}`]);
    expect(t.versions.filter((v) => ours(v.Key) && !v.Key.startsWith('tombstones/'))).toEqual([]);
    // The other document is untouched.
    expect(t.objects.has(`uploads/${documentId(other)}/andet.html`)).toBe(true);
    expect(t.objects.has(`documents/${documentId(other)}/original`)).toBe(true);
    expect((await t.app.request(`/api/documents/${id}/file`)).status).toBe(404);
  });

  it('presigns a link only for a file the public may have as it is; else the redacted copy from the function', async () => {
    const closed = await pdfOf([
      [
        '# Referat',
        'Udvalg: Teknik- og Miljøudvalget',
        'Dato: 4. marts 2024 kl. 16.00',
        '# 1. Vejbelysning',
        '# Beslutning',
        'Godkendt.',
      ],
      ['# 2. Lukket punkt: Køb af ejendom', '# Beslutning', 'Købesum 4,2 mio. kr.'],
    ]);
    expect((await t.archive.ingest({ name: 'lukket.pdf', bytes: closed })).status).toBe('indexed');
    const id = documentId(closed);
    const pub = await t.app.request(`/api/documents/${id}/file`, {}, as(null));
    expect(pub.status).toBe(200);
    expect(pub.headers.get('location')).toBeNull();
    expect(Buffer.from(await pub.arrayBuffer()).includes(Buffer.from('Købesum'))).toBe(false);
    const own = await t.app.request(`/api/documents/${id}/file`, {}, as('secretariat'));
    expect(own.status).toBe(302);
    expect(new URL(own.headers.get('location')!).pathname).toBe(`/documents/${id}/original`);
    expect(own.headers.get('cache-control')).toBe('private, no-store');
  });

  it('presigns an HTML original as a download, never inline', async () => {
    const html = htmlMinutes({
      committee: 'Kulturudvalget',
      date: '6. marts 2024 kl. 15.00',
      items: [{ title: 'Biblioteket', sections: [['Beslutning', 'Godkendt.']] }],
      extra: '<script>alert(1)</script>',
    });
    await t.archive.ingest({ name: 'kultur.html', bytes: html });
    const res = await t.app.request(`/api/documents/${documentId(html)}/file`);
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(location.searchParams.get('response-content-disposition')).toMatch(/^attachment;/);
  });
});
