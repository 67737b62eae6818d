import type { Hono } from 'hono';
import { cookieOf, SESSION_COOKIE, type SessionStore, sameSecret } from './auth.ts';
import { HttpError } from './errors.ts';
import { isHttps, readBody } from './security.ts';

export interface SessionDeps {
  sessions: SessionStore;
  /** PROTOKOL_UPLOAD_TOKEN; while unset nobody can log in. */
  token: string | null;
  /** Secure cookies even over http (behind a proxy that terminates TLS and says nothing). */
  secure?: boolean;
}

/** Wrong tokens allowed per minute, for everyone together: guessing is slow, a typo is not punished. */
const ATTEMPTS_PER_MINUTE = 10;

/**
 * The upload page's login: POST /api/session with the token (JSON `{ "token": … }` or a form
 * field `token`) sets an HttpOnly, SameSite=Strict session cookie (Secure over https), so page
 * script never holds the token; GET /api/session says whether the caller is logged in;
 * DELETE /api/session logs out.
 */
export function addSessionRoutes(app: Hono, deps: SessionDeps): void {
  let window = { start: Date.now(), failures: 0 };
  const cookie = (request: Request, value: string, maxAge: number) =>
    [
      `${SESSION_COOKIE}=${value}`,
      'Path=/',
      'HttpOnly',
      'SameSite=Strict',
      `Max-Age=${maxAge}`,
      ...(deps.secure || isHttps(request) ? ['Secure'] : []),
    ].join('; ');

  app.get('/api/session', (c) => {
    const id = cookieOf(c.req.raw, SESSION_COOKIE);
    return c.json({ signedIn: id !== null && deps.sessions.has(id) }, 200, { 'cache-control': 'no-store' });
  });

  app.post('/api/session', async (c) => {
    const type = c.req.header('content-type') ?? '';
    const asForm = !type.startsWith('application/json');
    const token = asForm
      ? await readBody(c.req.raw, 16 * 1024, (r) => r.formData(), 'a form').then((f) => f.get('token'))
      : await readBody(c.req.raw, 16 * 1024, (r) => r.json(), 'JSON').then(
          (b: unknown) => (b as { token?: unknown } | null)?.token,
        );
    if (Date.now() - window.start > 60_000) window = { start: Date.now(), failures: 0 };
    if (window.failures >= ATTEMPTS_PER_MINUTE) throw new HttpError('TOO_MANY_ATTEMPTS');
    if (typeof token !== 'string' || !sameSecret(token.trim(), deps.token)) {
      window.failures++;
      throw new HttpError(
        'FORBIDDEN',
        deps.token
          ? 'the upload token is wrong'
          : 'uploads are switched off: PROTOKOL_UPLOAD_TOKEN is not set on the server',
      );
    }
    const id = deps.sessions.create();
    const headers = {
      'set-cookie': cookie(c.req.raw, id, deps.sessions.ttlSeconds),
      'cache-control': 'no-store',
    };
    // A plain form post (no script) goes back to the page; a fetch gets an empty answer.
    if (asForm) return c.body(null, 303, { ...headers, location: '/upload' });
    return c.body(null, 204, headers);
  });

  app.delete('/api/session', (c) => {
    const id = cookieOf(c.req.raw, SESSION_COOKIE);
    if (id) deps.sessions.delete(id);
    return c.body(null, 204, { 'set-cookie': cookie(c.req.raw, '', 0), 'cache-control': 'no-store' });
  });
}
