import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { DocumentRejectedError, InvalidArgumentError, NotFoundError } from '../domain/errors.ts';
import type { SourceDocument, UploadMetadata } from '../domain/model.ts';
import { metadataSchema } from '../domain/upload-metadata.ts';
import { UPLOAD_TYPES } from '../domain/upload-types.ts';
import type { IncomingDocument } from '../ingest/ingest.ts';
import { recordView } from './app.ts';
import type { Authorizer } from './auth.ts';
import { ERRORS, errorBody, HttpError, withoutServerPaths } from './errors.ts';
import { readBody } from './security.ts';

export { type Authorizer, bearerToken, cognitoGroup } from './auth.ts';

/** Room for the multipart framing and the metadata fields beside the files themselves. */
const MULTIPART_OVERHEAD = 64 * 1024;
/** A JSON announcement of files, or a login: small. */
const JSON_LIMIT = 256 * 1024;

/** A file announced for a direct upload to storage: the bytes go there, not through the API. */
export interface AnnouncedFile {
  name: string;
  size: number;
  mediaType: string;
  /** The sha256 of the bytes (hex): the document id. */
  sha256: string;
}

export interface UploadDeps {
  authorize: Authorizer;
  maxBytes: number;
  /** Checks the bytes at once (type, size), registers the document and schedules its processing. */
  accept(doc: IncomingDocument): Promise<SourceDocument>;
  remove(id: string): Promise<boolean>;
  list(): Promise<SourceDocument[]>;
  /** One document's record; found in `list()` when not given. */
  record?(id: string): Promise<SourceDocument | null>;
  /** Where files can go straight to storage (S3 on AWS): a presigned form per announced file. */
  presign?(
    file: AnnouncedFile,
    metadata: UploadMetadata,
  ): Promise<{ url: string; fields: Record<string, string> }>;
}

export { metadataSchema };

const announcementSchema = metadataSchema.extend({
  files: z
    .array(
      z.object({
        name: z.string().trim().min(1).max(255),
        size: z.number().int().positive(),
        mediaType: z.string().min(1),
        sha256: z.string().regex(/^[a-f0-9]{64}$/, 'must be the sha256 of the file, 64 hex digits'),
      }),
    )
    .min(1, 'announce at least one file'),
});

/**
 * The secretariat's way in: POST /api/documents (multipart, one or more files, optional metadata),
 * GET /api/documents (every document and its status), DELETE /api/documents/{id} (takedown).
 * A body is limited while it streams in: the whole request may hold at most `maxBytes` of files.
 */
export function addUploadRoutes(app: Hono, deps: UploadDeps): void {
  const guard = (c: Context) => {
    const verdict = deps.authorize(c.req.raw, c.env);
    if (verdict === 'unauthenticated') throw new HttpError('UNAUTHENTICATED');
    if (verdict === 'forbidden') throw new HttpError('FORBIDDEN');
  };

  app.post('/api/documents', async (c) => {
    guard(c);
    const type = c.req.header('content-type') ?? '';
    if (deps.presign && type.startsWith('application/json')) {
      const body = await readBody(c.req.raw, JSON_LIMIT, (r) => r.json(), 'JSON');
      const { status, answer } = await announce(deps, deps.presign, body);
      return c.json(answer, status);
    }
    if (!type.startsWith('multipart/form-data')) {
      throw new InvalidArgumentError('body', 'send the files as multipart/form-data, in fields named "file"');
    }
    const form = await readBody(
      c.req.raw,
      deps.maxBytes + MULTIPART_OVERHEAD,
      (r) => r.formData(),
      'a readable multipart/form-data body',
    );
    const files = form
      .getAll('file')
      .filter((f): f is File => typeof f === 'object' && f !== null && 'arrayBuffer' in f);
    if (files.length === 0)
      throw new InvalidArgumentError('file', 'no file: send one or more files in fields named "file"');
    const metadata: UploadMetadata = checked(
      metadataSchema,
      Object.fromEntries(
        ['committee', 'date', 'kind', 'meetingId', 'authority'].flatMap((k) => {
          const v = form.get(k);
          return typeof v === 'string' && v !== '' ? [[k, v]] : [];
        }),
      ),
    );
    const accepted: object[] = [];
    const rejected: { name: string; reason: string; status: number; code: string }[] = [];
    let total = 0;
    for (const file of files) {
      total += file.size;
      if (total > deps.maxBytes) {
        rejected.push({
          name: file.name,
          reason: `${file.name}: ${file.size} bytes is over the limit of ${deps.maxBytes} bytes per upload`,
          status: 413,
          code: 'PAYLOAD_TOO_LARGE',
        });
        continue;
      }
      try {
        const record = await deps.accept({
          name: file.name,
          bytes: new Uint8Array(await file.arrayBuffer()),
          metadata,
        });
        accepted.push({
          id: record.id,
          name: record.name,
          status: record.status,
          statusUrl: `/api/documents/${record.id}`,
        });
      } catch (error) {
        if (!(error instanceof DocumentRejectedError)) throw error;
        rejected.push({
          name: file.name,
          reason: withoutServerPaths(error.message),
          status: ERRORS[error.code]?.status ?? 422,
          code: error.code,
        });
      }
    }
    if (accepted.length === 0) {
      const first = rejected[0]!;
      return c.json(
        { ...errorBody(first.code, rejected.map((r) => r.reason).join('; ')), rejected },
        first.status as 413 | 415 | 422,
      );
    }
    return c.json({ documents: accepted, rejected }, 202);
  });

  app.get('/api/documents', async (c) => {
    guard(c);
    const records = await deps.list();
    return c.json({ documents: records.map(recordView) });
  });

  app.get('/api/documents/:id', async (c) => {
    guard(c);
    const id = c.req.param('id');
    const record = deps.record
      ? await deps.record(id)
      : ((await deps.list()).find((r) => r.id === id) ?? null);
    if (!record) throw new NotFoundError(`no document with id "${c.req.param('id')}"`);
    return c.json(recordView(record));
  });

  app.delete('/api/documents/:id', async (c) => {
    guard(c);
    if (!(await deps.remove(c.req.param('id'))))
      throw new NotFoundError(`no document with id "${c.req.param('id')}"`);
    return c.body(null, 204);
  });
}

/** Parses with a schema, or fails naming the first field that is wrong. */
function checked<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.map(String).join('.') || 'body';
  throw new InvalidArgumentError(field, `${field} ${issue.message}`);
}

/**
 * A direct upload: the client announces its files (name, size, media type, sha256) and gets a
 * presigned form for each, limited to that size and type. Size and type are checked here at once;
 * the bytes are checked by the pipeline, and a file that is not what it says fails there, with
 * the reason in its status.
 */
async function announce(
  deps: UploadDeps,
  presign: NonNullable<UploadDeps['presign']>,
  body: unknown,
): Promise<{ status: 201 | 413 | 415; answer: object }> {
  const { files, ...metadata } = checked(announcementSchema, body);
  for (const file of files) {
    if (file.size > deps.maxBytes) {
      const error = `${file.name}: ${file.size} bytes is over the limit of ${deps.maxBytes}`;
      return { status: 413, answer: errorBody('PAYLOAD_TOO_LARGE', error) };
    }
    if (!Object.values(UPLOAD_TYPES).includes(file.mediaType)) {
      const error = `${file.name}: ${file.mediaType} is not PDF, DOCX or HTML`;
      return { status: 415, answer: errorBody('UNSUPPORTED_TYPE', error) };
    }
  }
  const documents = [];
  for (const file of files) {
    const upload = await presign(file, metadata);
    documents.push({
      id: file.sha256,
      name: file.name,
      status: 'awaiting upload',
      statusUrl: `/api/documents/${file.sha256}`,
      upload,
    });
  }
  return { status: 201, answer: { documents } };
}
