import type { Context, MiddlewareHandler } from 'hono';
import { cookieOf, SESSION_COOKIE } from './auth.ts';
import { errorBody, HttpError } from './errors.ts';

/**
 * The page's policy: scripts and styles only from the site's own files (no inline script, no
 * inline style, no eval), nothing framed, forms only back to the site.
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** For what is not a page (JSON, feeds, scripts, styles): nothing may run or be framed. */
const DATA_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * Headers on every response: no MIME sniffing, no framing, no referrer leaving the site (a search
 * in a URL is nobody else's business), HSTS over https; a CSP for pages and one for data. A
 * response that set its own CSP (an original file) keeps it.
 */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const h = mutableHeaders(c);
    h.set('x-content-type-options', 'nosniff');
    h.set('referrer-policy', 'same-origin');
    h.set('x-frame-options', 'DENY');
    if (!h.has('content-security-policy')) {
      const html = (h.get('content-type') ?? '').startsWith('text/html');
      h.set('content-security-policy', html ? PAGE_CSP : DATA_CSP);
      if (html) h.set('cross-origin-opener-policy', 'same-origin');
    }
    if (isHttps(c.req.raw)) h.set('strict-transport-security', 'max-age=31536000');
  };
}

/** The response's headers, made mutable first where they are not (a Response.redirect's). */
export function mutableHeaders(c: Context): Headers {
  try {
    c.res.headers.set('x-content-type-options', 'nosniff');
  } catch {
    c.res = new Response(c.res.body, { status: c.res.status, headers: new Headers(c.res.headers) });
  }
  return c.res.headers;
}

/** Whether the request came over https (directly or through a proxy or CloudFront that says so). */
export function isHttps(request: Request): boolean {
  return (
    new URL(request.url).protocol === 'https:' ||
    (request.headers.get('x-forwarded-proto') ?? '').split(',')[0]?.trim() === 'https' ||
    (request.headers.get('cloudfront-forwarded-proto') ?? '') === 'https'
  );
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF guard for state-changing requests carrying ambient credentials (the session cookie, or
 * none yet: a login). Beside SameSite=Strict, the Origin must be the site's own: the request's
 * origin or `PROTOKOL_PUBLIC_URL`'s. A request with an Authorization header (CLI, curl, Cognito)
 * carries no ambient credential and a browser cannot send one cross-site without CORS, which
 * these methods do not allow.
 */
export function sameOriginWrites(allowed: (string | null | undefined)[] = []): MiddlewareHandler {
  const origins = new Set(allowed.flatMap((u) => (u && u !== '*' ? [new URL(u).origin] : [])));
  return async (c, next) => {
    const req = c.req.raw;
    if (SAFE.has(req.method) || req.headers.has('authorization')) return next();
    const origin = req.headers.get('origin');
    const own = new URL(req.url).origin;
    if (origin) {
      if (origin !== own && !origins.has(origin)) return c.json(errorBody('CROSS_ORIGIN'), 403);
      return next();
    }
    // No Origin (old browsers, curl with a cookie jar): Fetch Metadata, where sent, must agree.
    const site = req.headers.get('sec-fetch-site');
    if (site && site !== 'same-origin' && site !== 'none') return c.json(errorBody('CROSS_ORIGIN'), 403);
    if (!site && cookieOf(req, SESSION_COOKIE)) return c.json(errorBody('CROSS_ORIGIN'), 403);
    return next();
  };
}

/**
 * The request with its body limited to `limit` bytes while it streams in: a Content-Length over
 * the limit is refused before a byte is read, and a chunked body is cut off at the limit, so
 * nothing larger is ever held in memory. Reading the returned request then fails with a
 * PAYLOAD_TOO_LARGE HttpError.
 */
export function limitedBody(request: Request, limit: number): Request {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > limit) throw tooLarge(Number(declared), limit);
  if (!request.body) return request;
  const reader = request.body.getReader();
  let seen = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) return controller.close();
      seen += value.byteLength;
      if (seen > limit) {
        // Stop reading the client's body; what it still sends is dropped, never kept (the Node
        // server drains a little of it, then closes the connection).
        reader.releaseLock();
        return controller.error(tooLarge(null, limit));
      }
      controller.enqueue(value);
    },
    cancel() {
      reader.releaseLock();
    },
  });
  return new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body,
    duplex: 'half',
  } as RequestInit);
}

function tooLarge(size: number | null, limit: number): HttpError {
  return new HttpError(
    'PAYLOAD_TOO_LARGE',
    `the request${size === null ? '' : ` is ${size} bytes and`} is over the limit of ${limit} bytes`,
  );
}

/**
 * Reads a body with `read` (formData, json, text), turning what goes wrong into errors a client
 * can act on: over the limit is a 413, a body that is not what its type says a 400.
 */
export async function readBody<T>(
  request: Request,
  limit: number,
  read: (r: Request) => Promise<T>,
  what: string,
): Promise<T> {
  const limited = limitedBody(request, limit);
  try {
    return await read(limited);
  } catch (error) {
    const cause = findHttpError(error);
    if (cause) throw cause;
    throw new HttpError('MALFORMED_BODY', `the body is not ${what}`);
  }
}

function findHttpError(error: unknown): HttpError | null {
  for (let e = error, depth = 0; e && depth < 5; depth++) {
    if (e instanceof HttpError) return e;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}
