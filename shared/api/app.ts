import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { InvalidArgumentError, NotFoundError, ProtokolError } from '../domain/errors.ts';
import type { AgendaIndex } from '../ports/agenda-index.port.ts';
import type { DocumentStore } from '../ports/document-store.port.ts';
import { meetingUrl } from '../search/index-text.ts';
import { coverageOf } from './coverage.ts';
import { atomFeed } from './feed.ts';
import { openApiDocument } from './openapi.ts';
import { parseSearchParams } from './search-params.ts';

/** How the original of a document is handed out: streamed locally, a presigned URL on AWS. */
export type FileResponder = (documentId: string, mediaType: string | null, name: string) => Promise<Response>;

export interface ApiDeps {
  index: AgendaIndex;
  store: DocumentStore;
  /** Origins allowed to call the API from a browser; '*' for any. */
  corsOrigin?: string;
  file?: FileResponder;
  /** The public address of the page, for links in feeds; the request's origin when unset. */
  publicBaseUrl?: string | null;
}

/**
 * The public HTTP API, written once over web Request/Response: a Node server runs it locally and
 * API Gateway runs it on Lambda.
 */
export function createApi(deps: ApiDeps): Hono {
  const app = new Hono();
  app.use(
    '/api/*',
    cors({ origin: deps.corsOrigin ?? '*', allowMethods: ['GET', 'POST', 'DELETE', 'OPTIONS'] }),
  );

  app.get('/api/search', async (c) => {
    const query = parseSearchParams(new URL(c.req.url).searchParams);
    const result = await deps.index.search(query);
    return c.json({
      total: result.total,
      hits: result.hits.map((h) => ({
        ...h,
        url: meetingUrl({ id: h.meetingId }, h.number),
        documentUrl: h.documentId
          ? `/api/documents/${h.documentId}/file${h.page ? `#page=${h.page}` : ''}`
          : null,
      })),
      facets: result.facets,
      next: result.next,
      suggestion: result.suggestion ?? null,
      ignored: result.ignored ?? [],
      relaxed: result.relaxed ?? false,
    });
  });

  app.get('/api/meetings/:id', async (c) => {
    const meeting = await deps.index.getMeeting(c.req.param('id'));
    if (!meeting) throw new NotFoundError(`no meeting with id "${c.req.param('id')}"`);
    return c.json({
      ...meeting,
      url: meetingUrl(meeting),
      items: meeting.items.map((item) => ({
        ...item,
        documentUrl: item.sources[0]
          ? `/api/documents/${item.sources[0]}/file${item.page ? `#page=${item.page}` : ''}`
          : null,
      })),
    });
  });

  app.get('/api/openapi.json', (c) => c.json(openApiDocument));

  app.get('/api/feed.atom', async (c) => {
    const url = new URL(c.req.url);
    const params = new URLSearchParams();
    for (const key of ['q', 'committee']) for (const v of url.searchParams.getAll(key)) params.append(key, v);
    const query = { ...parseSearchParams(params), sort: 'newest' as const, limit: 50 };
    const result = await deps.index.search(query);
    const about = [query.text && `"${query.text}"`, query.committees.join(', ')].filter(Boolean).join(' i ');
    const body = atomFeed(result, {
      baseUrl: deps.publicBaseUrl ?? url.origin,
      selfPath: `/api/feed.atom${params.size ? `?${params}` : ''}`,
      title: about ? `protokol: ${about}` : 'protokol: nyeste punkter',
    });
    return c.body(body, 200, { 'content-type': 'application/atom+xml; charset=utf-8' });
  });

  app.get('/api/committees', async (c) => c.json({ committees: await deps.index.committees() }));

  app.get('/api/committees/:name/coverage', async (c) => {
    const name = c.req.param('name');
    const known = (await deps.index.committees()).some((k) => k.name === name);
    if (!known) throw new NotFoundError(`no committee named "${name}"`);
    return c.json(await coverageOf(name, deps.index, deps.store));
  });

  app.get('/api/documents/:id', async (c) => {
    const record = await deps.store.getRecord(c.req.param('id'));
    if (!record) throw new NotFoundError(`no document with id "${c.req.param('id')}"`);
    return c.json(record);
  });

  app.get('/api/documents/:id/file', async (c) => {
    const record = await deps.store.getRecord(c.req.param('id'));
    if (!record || record.status === 'failed')
      throw new NotFoundError(`no document with id "${c.req.param('id')}"`);
    if (deps.file) return deps.file(record.id, record.mediaType, record.name);
    const stream = await deps.store.openOriginal(record.id);
    return new Response(stream, {
      headers: {
        'content-type': record.mediaType ?? 'application/octet-stream',
        'content-disposition': `inline; filename*=UTF-8''${encodeURIComponent(record.name)}`,
        'cache-control': 'public, max-age=86400, immutable',
        'x-content-type-options': 'nosniff',
      },
    });
  });

  app.notFound((c) => c.json({ error: `no such path: ${new URL(c.req.url).pathname}` }, 404));
  app.onError((error, c) => {
    if (error instanceof InvalidArgumentError)
      return c.json({ error: error.message, parameter: error.parameter }, 400);
    if (error instanceof NotFoundError) return c.json({ error: error.message }, 404);
    if (error instanceof HTTPException) return c.json({ error: error.message }, error.status);
    if (error instanceof ProtokolError) return c.json({ error: error.message, code: error.code }, 422);
    // Internals never reach a client; the server's log has them.
    console.error(error);
    return c.json({ error: 'internal error' }, 500);
  });
  return app;
}
