import { timingSafeEqual } from 'node:crypto';
import type { Hono } from 'hono';
import { z } from 'zod';
import { DocumentRejectedError, InvalidArgumentError, NotFoundError } from '../domain/errors.ts';
import type { SourceDocument, UploadMetadata } from '../domain/model.ts';
import type { IncomingDocument } from '../ingest/ingest.ts';

/** Who may upload and delete: a bearer token locally, a Cognito group on AWS. */
export type Authorizer = (request: Request) => 'ok' | 'unauthenticated' | 'forbidden';

export interface UploadDeps {
  authorize: Authorizer;
  maxBytes: number;
  /** Checks the bytes at once (type, size), registers the document and schedules its processing. */
  accept(doc: IncomingDocument): Promise<SourceDocument>;
  remove(id: string): Promise<boolean>;
  list(): Promise<SourceDocument[]>;
}

const metadataSchema = z.object({
  committee: z.string().trim().min(1).max(200).optional(),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}(T.*)?$/, 'must be a date as YYYY-MM-DD')
    .optional(),
  kind: z.enum(['referat', 'dagsorden', 'punkt', 'bilag']).optional(),
  meetingId: z
    .string()
    .regex(/^[a-z0-9-]{3,120}$/, 'must be a meeting id such as oekonomiudvalget-2024-03-12')
    .optional(),
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
  const guard = (request: Request) => {
    const verdict = deps.authorize(request);
    if (verdict === 'unauthenticated')
      return { status: 401 as const, error: 'sign in: a bearer token is required' };
    if (verdict === 'forbidden')
      return { status: 403 as const, error: 'this account may not upload or delete documents' };
    return null;
  };

  app.post('/api/documents', async (c) => {
    const denied = guard(c.req.raw);
    if (denied) return c.json({ error: denied.error }, denied.status);
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
    const meta = metadataSchema.safeParse(
      Object.fromEntries(
        ['committee', 'date', 'kind', 'meetingId'].flatMap((k) => {
          const v = form.get(k);
          return typeof v === 'string' && v !== '' ? [[k, v]] : [];
        }),
      ),
    );
    if (!meta.success) {
      const issue = meta.error.issues[0]!;
      throw new InvalidArgumentError(String(issue.path[0]), `${String(issue.path[0])} ${issue.message}`);
    }
    const metadata: UploadMetadata = meta.data;
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
    const denied = guard(c.req.raw);
    if (denied) return c.json({ error: denied.error }, denied.status);
    if (!(await deps.remove(c.req.param('id'))))
      throw new NotFoundError(`no document with id "${c.req.param('id')}"`);
    return c.body(null, 204);
  });
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
