import { setTimeout as sleep } from 'node:timers/promises';

/** A meeting as the portal's committee list (`/api/agenda/udvalgsliste`) names it. */
export interface PortalMeeting {
  /** The portal's meeting id: `GET /api/agenda/dagsorden/{id}`. */
  id: string;
  committeeId: string;
  /** The committee's name as the portal spells it ("Byråd 2022-2025"). */
  committee: string;
  /** ISO date-time with offset. */
  date: string;
  name: string;
  held: boolean;
  released: string | null;
  supplementary: boolean;
}

/** Where a portal's answers come from: FirstAgenda Publication's public JSON API, or a stand-in. */
export interface FirstAgendaPortal {
  /** The portal's address, for reports and for telling its authority. */
  readonly baseUrl: string;
  meetings(): Promise<PortalMeeting[]>;
  /** The bytes of `GET /api/agenda/dagsorden/{id}`. */
  meeting(id: string): Promise<Uint8Array>;
  /** The bytes of a bilag's file, `GET /Vis/Pdf/bilag/{id}`. */
  bilag(id: string): Promise<Uint8Array>;
}

/** A portal that answered with an error that retrying will not mend (404, 403, a page that is not JSON). */
export class PortalError extends Error {
  readonly status: number | null;
  constructor(message: string, status: number | null, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PortalError';
    this.status = status;
  }
}

export interface PortalClientOptions {
  /** Requests per second at most (default 2): a public portal is someone else's server. */
  rate?: number;
  /** Attempts per request before giving up (default 5). */
  attempts?: number;
  /** The first wait before a retry, doubled each time (default 1 s). */
  backoffMs?: number;
  /** Per request (default 60 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Told of each retry, for the log. */
  onRetry?: (url: string, attempt: number, reason: string, waitMs: number) => void;
}

const USER_AGENT = 'protokol/1 (archive of Danish public minutes; import firstagenda)';

/**
 * FirstAgenda Publication's public API over HTTP, politely: one request at a time at most `rate`
 * a second, retries with exponential backoff (and the server's Retry-After) on 429, 5xx and
 * network errors, a timeout per request.
 */
export class HttpFirstAgendaPortal implements FirstAgendaPortal {
  readonly baseUrl: string;
  readonly #interval: number;
  readonly #attempts: number;
  readonly #backoff: number;
  readonly #timeout: number;
  readonly #fetch: typeof fetch;
  readonly #onRetry: PortalClientOptions['onRetry'];
  #next = 0;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(baseUrl: string, options: PortalClientOptions = {}) {
    const url = new URL(baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new PortalError(`${baseUrl}: a portal address starts with https://`, null);
    this.baseUrl = url.origin + url.pathname.replace(/\/+$/, '');
    this.#interval = 1000 / Math.max(0.01, options.rate ?? 2);
    this.#attempts = Math.max(1, options.attempts ?? 5);
    this.#backoff = options.backoffMs ?? 1000;
    this.#timeout = options.timeoutMs ?? 60_000;
    this.#fetch = options.fetch ?? fetch;
    this.#onRetry = options.onRetry;
  }

  async meetings(): Promise<PortalMeeting[]> {
    const body = await this.#json('/api/agenda/udvalgsliste');
    return committeeList(body, `${this.baseUrl}/api/agenda/udvalgsliste`);
  }

  meeting(id: string): Promise<Uint8Array> {
    return this.#bytes(`/api/agenda/dagsorden/${encodeURIComponent(id)}`);
  }

  bilag(id: string): Promise<Uint8Array> {
    return this.#bytes(`/Vis/Pdf/bilag/${encodeURIComponent(id)}`);
  }

  async #json(path: string): Promise<unknown> {
    const bytes = await this.#bytes(path);
    try {
      return JSON.parse(
        Buffer.from(bytes)
          .toString('utf8')
          .replace(/^\uFEFF/, ''),
      );
    } catch (error) {
      throw new PortalError(`${this.baseUrl}${path}: the answer is not JSON`, 200, { cause: error });
    }
  }

  /** One request in the polite queue: spaced by the rate limit, retried while it may mend. */
  #bytes(path: string): Promise<Uint8Array> {
    const run = this.#queue.then(() => this.#fetchWithRetries(`${this.baseUrl}${path}`));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #fetchWithRetries(url: string): Promise<Uint8Array> {
    for (let attempt = 1; ; attempt++) {
      const wait = this.#next - Date.now();
      if (wait > 0) await sleep(wait);
      this.#next = Date.now() + this.#interval;
      let retryAfter: number | null = null;
      let reason: string;
      try {
        const res = await this.#fetch(url, {
          headers: { accept: 'application/json, application/pdf, */*', 'user-agent': USER_AGENT },
          signal: AbortSignal.timeout(this.#timeout),
        });
        if (res.ok) return new Uint8Array(await res.arrayBuffer());
        await res.body?.cancel();
        if (res.status !== 429 && res.status < 500)
          throw new PortalError(`${url}: the portal answered ${res.status}`, res.status);
        reason = `status ${res.status}`;
        retryAfter = retryAfterMs(res.headers.get('retry-after'));
      } catch (error) {
        if (error instanceof PortalError) throw error;
        reason = (error as Error).name === 'TimeoutError' ? 'timed out' : (error as Error).message;
      }
      if (attempt >= this.#attempts)
        throw new PortalError(`${url}: gave up after ${attempt} attempts (${reason})`, null);
      const backoff = this.#backoff * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5);
      const waitMs = Math.min(120_000, Math.max(backoff, retryAfter ?? 0));
      this.#onRetry?.(url, attempt, reason, waitMs);
      await sleep(waitMs);
    }
  }
}

function retryAfterMs(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

/**
 * The meetings of `/api/agenda/udvalgsliste`: `{ Udvalg: { "<period or group>": [{ Id, Navn,
 * Moeder: [{ Id, Dato, Navn, Afsluttet, ReleasedDate, IsSupplementaryAgenda }] }] } }`. A meeting
 * listed under two groups counts once.
 */
export function committeeList(body: unknown, where: string): PortalMeeting[] {
  const groups = (body as { Udvalg?: unknown })?.Udvalg;
  if (typeof groups !== 'object' || groups === null)
    throw new PortalError(`${where}: not a FirstAgenda committee list (no Udvalg)`, 200);
  const seen = new Set<string>();
  const meetings: PortalMeeting[] = [];
  for (const committees of Object.values(groups as Record<string, unknown>)) {
    if (!Array.isArray(committees)) continue;
    for (const c of committees as Record<string, unknown>[]) {
      for (const m of (Array.isArray(c.Moeder) ? c.Moeder : []) as Record<string, unknown>[]) {
        const id = typeof m.Id === 'string' ? m.Id : null;
        const date =
          typeof m.Dato === 'string'
            ? m.Dato
            : typeof m.MeetingBeginUtc === 'string'
              ? m.MeetingBeginUtc
              : null;
        if (!id || !date || seen.has(id)) continue;
        seen.add(id);
        meetings.push({
          id,
          committeeId: String(c.Id ?? ''),
          committee: String(c.Navn ?? ''),
          date,
          name: String(m.Navn ?? ''),
          held: m.Afsluttet === true,
          released: typeof m.ReleasedDate === 'string' ? m.ReleasedDate : null,
          supplementary: m.IsSupplementaryAgenda === true || /^tillæg/i.test(String(m.Navn ?? '')),
        });
      }
    }
  }
  return meetings;
}
