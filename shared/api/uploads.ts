import { timingSafeEqual } from 'node:crypto';
import type { Hono } from 'hono';
import { z } from 'zod';
import { UPLOAD_TYPES } from '../adapters/s3/s3-uploads.ts';
import { DocumentRejectedError, InvalidArgumentError, NotFoundError } from '../domain/errors.ts';
import type { SourceDocument, UploadMetadata } from '../domain/model.ts';
import { metadataSchema } from '../domain/upload-metadata.ts';
import type { IncomingDocument } from '../ingest/ingest.ts';

/**
 * Who may upload and delete: a bearer token locally, a Cognito group on AWS. `env` is what the
 * runtime passes along (the API Gateway event on Lambda).
 */
export type Authorizer = (request: Request, env?: unknown) => 'ok' | 'unauthenticated' | 'forbidden';

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

const REJECTED_STATUS: Record<string, 413 | 415 | 422> = {
  UNSUPPORTED_TYPE: 415,
  EMPTY_FILE: 422,
  TRUNCATED_FILE: 422,
  ENCRYPTED_FILE: 422,
  CORRUPT_FILE: 422,
};

/**
 * The secretariat's way in: POST /api/documents (multipart, one or more files, optional metadata),
 * GET /api/documents (every document and its status), DELETE /api/documents/{id} (takedown).
 */
export function addUploadRoutes(app: Hono, deps: UploadDeps): void {
  const guard = (request: Request, env: unknown) => {
    const verdict = deps.authorize(request, env);
    if (verdict === 'unauthenticated')
      return { status: 401 as const, error: 'sign in: a bearer token is required' };
    if (verdict === 'forbidden')
      return { status: 403 as const, error: 'this account may not upload or delete documents' };
    return null;
  };

  app.post('/api/documents', async (c) => {
    const denied = guard(c.req.raw, c.env);
    if (denied) return c.json({ error: denied.error }, denied.status);
    if (deps.presign && (c.req.header('content-type') ?? '').startsWith('application/json')) {
      const body = await c.req.json().catch(() => {
        throw new InvalidArgumentError('body', 'the body is not JSON');
      });
      const { status, answer } = await announce(deps, deps.presign, body);
      return c.json(answer, status);
    }
    const length = Number(c.req.header('content-length') ?? 0);
    if (length > deps.maxBytes * 4) {
      return c.json(
        { error: `the upload is ${length} bytes; at most ${deps.maxBytes} bytes per file are accepted` },
        413,
      );
    }
    if (!(c.req.header('content-type') ?? '').startsWith('multipart/form-data')) {
      throw new InvalidArgumentError('body', 'send the files as multipart/form-data, in fields named "file"');
    }
    const form = await c.req.formData();
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
    const rejected: { name: string; reason: string; status: number }[] = [];
    for (const file of files) {
      if (file.size > deps.maxBytes) {
        rejected.push({
          name: file.name,
          reason: `${file.name}: ${file.size} bytes is over the limit of ${deps.maxBytes}`,
          status: 413,
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
        rejected.push({ name: file.name, reason: error.message, status: REJECTED_STATUS[error.code] ?? 422 });
      }
    }
    if (accepted.length === 0) {
      return c.json(
        { error: rejected.map((r) => r.reason).join('; '), rejected },
        (rejected[0]?.status ?? 422) as 413 | 415 | 422,
      );
    }
    return c.json({ documents: accepted, rejected }, 202);
  });

  app.get('/api/documents', async (c) => {
    const records = await deps.list();
    return c.json({
      documents: records.map((r) => ({
        id: r.id,
        name: r.name,
        status: r.status,
        reason: r.reason,
        pages: r.pages,
        ocrPages: r.ocrPages,
        kind: r.kind,
        meetingId: r.meetingId,
        warnings: r.warnings ?? [],
        updatedAt: r.updatedAt,
      })),
    });
  });

  app.delete('/api/documents/:id', async (c) => {
    const denied = guard(c.req.raw, c.env);
    if (denied) return c.json({ error: denied.error }, denied.status);
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
      return { status: 413, answer: { error } };
    }
    if (!Object.values(UPLOAD_TYPES).includes(file.mediaType)) {
      const error = `${file.name}: ${file.mediaType} is not PDF, DOCX or HTML`;
      return { status: 415, answer: { error } };
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

/** A bearer-token check for the local home; with no token set, nobody may upload. */
export function bearerToken(token: string | null): Authorizer {
  const expected = token ? Buffer.from(token) : null;
  return (request) => {
    const header = request.headers.get('authorization') ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match) return 'unauthenticated';
    const given = Buffer.from(match[1]!.trim());
    if (!expected || given.length !== expected.length) return 'forbidden';
    return timingSafeEqual(given, expected) ? 'ok' : 'forbidden';
  };
}

/**
 * Membership of a Cognito group, for the AWS home. API Gateway's JWT authorizer has checked the
 * token before the function runs; its claims arrive in the event.
 */
export function cognitoGroup(group: string): Authorizer {
  return (_request, env) => {
    const claims = (
      env as { event?: { requestContext?: { authorizer?: { jwt?: { claims?: Record<string, unknown> } } } } }
    )?.event?.requestContext?.authorizer?.jwt?.claims;
    if (!claims) return 'unauthenticated';
    const groups = claims['cognito:groups'];
    const list = Array.isArray(groups)
      ? groups.map(String)
      : String(groups ?? '')
          .replace(/^\[|\]$/g, '')
          .split(/[\s,]+/)
          .filter(Boolean);
    return list.includes(group) ? 'ok' : 'forbidden';
  };
}
