import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Who may upload, delete and see the secretariat's view: a bearer token or a session cookie
 * locally, a Cognito group on AWS. `env` is what the runtime passes along (the API Gateway event
 * on Lambda). `via` says how a caller got in: only a cookie is ambient, so only it needs the
 * Origin check against cross-site requests.
 */
export type Authorizer = (
  request: Request,
  env?: unknown,
) => 'ok' | 'unauthenticated' | 'forbidden' | { ok: true; via: 'cookie' };

/** Whether a verdict lets the caller in. */
export function admitted(verdict: ReturnType<Authorizer>): boolean {
  return verdict === 'ok' || typeof verdict === 'object';
}

/** The session cookie's name. */
export const SESSION_COOKIE = 'protokol_session';

/** Compares a given secret with the expected one in constant time. */
export function sameSecret(given: string, expected: string | null): boolean {
  if (!expected) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A bearer-token check for the local home; with no token set, nobody may upload. */
export function bearerToken(token: string | null): Authorizer {
  return (request) => {
    const header = request.headers.get('authorization') ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match) return 'unauthenticated';
    return sameSecret(match[1]!.trim(), token) ? 'ok' : 'forbidden';
  };
}

/**
 * Sessions of the upload page, in memory: the token is posted once to log in, and the browser
 * then holds only an HttpOnly cookie with a random id that page script cannot read. A restart
 * logs everyone out, which is the safe way round.
 */
export class SessionStore {
  readonly #sessions = new Map<string, number>();
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(ttlMs = 8 * 3600_000, now: () => number = Date.now) {
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  get ttlSeconds(): number {
    return Math.floor(this.#ttlMs / 1000);
  }

  create(): string {
    this.#sweep();
    const id = randomBytes(32).toString('base64url');
    this.#sessions.set(id, this.#now() + this.#ttlMs);
    return id;
  }

  has(id: string): boolean {
    const expires = this.#sessions.get(id);
    if (expires === undefined) return false;
    if (expires < this.#now()) {
      this.#sessions.delete(id);
      return false;
    }
    return true;
  }

  delete(id: string): void {
    this.#sessions.delete(id);
  }

  #sweep() {
    const now = this.#now();
    for (const [id, expires] of this.#sessions) if (expires < now) this.#sessions.delete(id);
  }
}

/** The value of one cookie of a request. */
export function cookieOf(request: Request, name: string): string | null {
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** The local home's credentials: the bearer token (CLI, curl) or the upload page's session cookie. */
export function tokenOrSession(token: string | null, sessions: SessionStore): Authorizer {
  const bearer = bearerToken(token);
  return (request) => {
    if (request.headers.has('authorization')) return bearer(request);
    const session = cookieOf(request, SESSION_COOKIE);
    if (!session) return 'unauthenticated';
    return sessions.has(session) ? { ok: true, via: 'cookie' } : 'unauthenticated';
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

/** Nobody: the public API of a home without a secretariat (or before it is wired). */
export const nobody: Authorizer = () => 'unauthenticated';
