import { type Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { NotFoundError } from '../domain/errors.ts';
import type { SourceDocument } from '../domain/model.ts';
import type { AgendaIndex } from '../ports/agenda-index.port.ts';
import type { DocumentStore } from '../ports/document-store.port.ts';
import { meetingUrl } from '../search/index-text.ts';
import { addPageRoutes, pageError, pageNotFound } from '../web/routes.ts';
import { type Authorizer, admitted, nobody } from './auth.ts';
import { addCaseRoutes } from './cases.ts';
import { coverageOf } from './coverage.ts';
import { type Audience, documentFile, type OriginalResponder, streamedOriginal } from './document-file.ts';
import { errorBody, errorResponse, failureMessage, withoutServerPaths } from './errors.ts';
import { atomFeed, type FeedEntry, feedPage, wantsPage } from './feed.ts';
import { openApiDocument } from './openapi.ts';
import { parseSearchParams } from './search-params.ts';
import { mutableHeaders, sameOriginWrites, securityHeaders } from './security.ts';

export interface ApiDeps {
  index: AgendaIndex;
  store: DocumentStore;
  /** Origin allowed to read the public API from another site; '*' (the default) for any. Writes never. */
  corsOrigin?: string;
  /** How an original goes out when it may: streamed from the store unless given (a presigned link on AWS). */
  original?: OriginalResponder;
  /** PROTOKOL_PUBLIC_URL: the page's public address, for feed links and the Origin check. */
  publicBaseUrl?: string | null;
  /** Who is the secretariat: sees originals, statuses and failure reasons. Nobody unless given. */
  authorize?: Authorizer;
}

/** The filters a feed follows: the search's, without paging and order. */
const FEED_FILTERS = ['q', 'committee', 'kind', 'from', 'to', 'section'];

/** A record as the secretariat sees it: reasons without server paths. */
export function recordView(r: SourceDocument) {
  return {
    id: r.id,
    name: r.name,
    mediaType: r.mediaType,
    size: r.size,
    status: r.status,
    reason: r.reason === null ? null : withoutServerPaths(r.reason),
    errorCode: r.errorCode,
    // What went wrong in Danish, for the secretariat's page; `reason` says it in detail.
    message: r.status === 'failed' ? failureMessage(r.errorCode) : null,
    pages: r.pages,
    ocrPages: r.ocrPages,
    kind: r.kind,
    meetingId: r.meetingId,
    linkedItem: r.linkedItem,
    warnings: (r.warnings ?? []).map(withoutServerPaths),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

/**
 * The public HTTP API, written once over web Request/Response: a Node server runs it locally and
 * API Gateway runs it on Lambda. Every response gets the security headers; writes must come from
 * the site's own origin (or carry an Authorization header); errors go through one table.
 * Routes are a list of `app.get(...)` below; other modules add theirs with `addUploadRoutes`
 * (the secretariat's: list, status, upload, takedown), `addSessionRoutes` and the like.
 */
export function createApi(deps: ApiDeps): Hono {
  const app = new Hono();
  const authorize = deps.authorize ?? nobody;
  const audienceOf = (c: Context): Audience =>
    admitted(authorize(c.req.raw, c.env)) ? 'secretariat' : 'public';

  app.use('*', securityHeaders());
  app.use('/api/*', readOnlyCors(deps.corsOrigin ?? '*'));
  app.use('/api/*', sameOriginWrites([deps.publicBaseUrl, deps.corsOrigin]));

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
        // A closed item shows number and title only: not even the names of its bilag.
        ...(item.closed ? { sections: [], decision: null, attachments: [] } : {}),
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
    for (const key of FEED_FILTERS)
      for (const v of url.searchParams.getAll(key)) if (v) params.append(key, v);
    const query = { ...parseSearchParams(params), sort: 'newest' as const, limit: 50 };
    const result = await deps.index.search(query);
    const ids = [...new Set(result.hits.flatMap((h) => (h.documentId ? [h.documentId] : [])))];
    const records = await Promise.all(ids.map((id) => deps.store.getRecord(id)));
    const published = new Map(records.flatMap((r) => (r ? [[r.id, r.createdAt] as const] : [])));
    const entries: FeedEntry[] = result.hits.map((hit) => ({
      hit,
      published: (hit.documentId && published.get(hit.documentId)) || hit.start || new Date(0).toISOString(),
    }));
    const about = [
      query.text && `"${query.text}"`,
      query.committees.join(', '),
      query.kinds.join(', '),
      (query.from || query.to) && `${query.from ?? ''}–${query.to ?? ''}`,
    ]
      .filter(Boolean)
      .join(' i ');
    const options = {
      baseUrl: deps.publicBaseUrl ?? null,
      query: params,
      title: about ? `protokol: ${about}` : 'protokol: nyeste punkter',
    };
    const vary = { vary: 'Accept' };
    if (wantsPage(c.req.header('accept') ?? null)) return c.html(feedPage(entries, options), 200, vary);
    return c.body(atomFeed(entries, options), 200, {
      'content-type': 'application/atom+xml; charset=utf-8',
      ...vary,
    });
  });

  app.get('/api/committees', async (c) => c.json({ committees: await deps.index.committees() }));

  app.get('/api/committees/:name/coverage', async (c) => {
    const name = c.req.param('name');
    const known = (await deps.index.committees()).some((k) => k.name === name);
    if (!known) throw new NotFoundError(`no committee named "${name}"`);
    const coverage = await coverageOf(name, deps.index, deps.store);
    const counts = { failedCount: coverage.failed.length, waitingCount: coverage.waitingForOcr.length };
    // File names and reasons are the secretariat's; the public sees how many.
    if (audienceOf(c) === 'public') {
      const { failed: _failed, waitingForOcr: _waiting, ...open } = coverage;
      return c.json({ ...open, ...counts });
    }
    return c.json({
      ...coverage,
      ...counts,
      failed: coverage.failed.map((f) => ({ ...f, reason: f.reason && withoutServerPaths(f.reason) })),
    });
  });

  app.get('/api/documents/:id/file', (c) =>
    documentFile(c.req.param('id'), audienceOf(c), {
      store: deps.store,
      index: deps.index,
      original: deps.original ?? streamedOriginal(deps.store),
      wantsHtml: /^\s*text\/html/i.test(c.req.header('accept') ?? ''),
    }),
  );

  addCaseRoutes(app, deps.index);
  // The citizen's pages (shared/web): server-rendered, Danish 404 and error pages outside /api/.
  addPageRoutes(app, deps);
  const isPage = (c: { req: { path: string; method: string } }) =>
    !c.req.path.startsWith('/api/') && (c.req.method === 'GET' || c.req.method === 'HEAD');
  app.notFound((c) =>
    isPage(c)
      ? pageNotFound(deps, c)
      : c.json(errorBody('NOT_FOUND', `no such path: ${new URL(c.req.url).pathname}`), 404),
  );
  app.onError((error, c) => {
    if (isPage(c) && !(error instanceof HTTPException)) {
      console.error(error);
      return pageError(deps, c);
    }
    const { status, body } = errorResponse(error);
    // Internals never reach a client; the server's log has them.
    if (status >= 500) console.error(error);
    return c.json(body, status);
  });
  return app;
}

/**
 * CORS for reading only: public GETs may be read from any site (or the one configured); no
 * preflight is granted for writes, so a browser never sends one cross-site with custom headers.
 * The secretariat's routes get no CORS at all.
 */
function readOnlyCors(origin: string) {
  const privatePath = (path: string) => path === '/api/documents' || path.startsWith('/api/session');
  return async (c: Context, next: () => Promise<void>) => {
    const requestOrigin = c.req.header('origin');
    const allowed = origin === '*' ? '*' : requestOrigin === origin ? origin : null;
    if (c.req.method === 'OPTIONS') {
      const asked = (c.req.header('access-control-request-method') ?? '').toUpperCase();
      if (!allowed || privatePath(c.req.path) || !['GET', 'HEAD'].includes(asked))
        return c.body(null, 204, { vary: 'Origin' });
      return c.body(null, 204, {
        'access-control-allow-origin': allowed,
        'access-control-allow-methods': 'GET, HEAD',
        'access-control-allow-headers': 'accept, content-type',
        'access-control-max-age': '600',
        vary: 'Origin',
      });
    }
    await next();
    if (allowed && ['GET', 'HEAD'].includes(c.req.method) && !privatePath(c.req.path)) {
      const headers = mutableHeaders(c);
      headers.set('access-control-allow-origin', allowed);
      if (allowed !== '*') headers.append('vary', 'Origin');
    }
  };
}
