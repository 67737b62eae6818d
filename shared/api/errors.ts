import { InvalidArgumentError, ProtokolError } from '../domain/errors.ts';

/** Errors the HTTP layer raises itself (credentials, bodies, origins), beside the domain's codes. */
export type HttpErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'CROSS_ORIGIN'
  | 'MALFORMED_BODY'
  | 'PAYLOAD_TOO_LARGE'
  | 'WITHHELD'
  | 'TOO_MANY_ATTEMPTS'
  | 'METHOD_NOT_ALLOWED'
  | 'INTERNAL';

/** An error of the HTTP layer with its code; `detail` is safe to show (it names the file, the limit …). */
export class HttpError extends Error {
  readonly code: HttpErrorCode;
  constructor(code: HttpErrorCode, detail?: string) {
    super(detail ?? ERRORS[code]?.message ?? code);
    this.name = 'HttpError';
    this.code = code;
  }
}

interface Mapping {
  status: 400 | 401 | 403 | 404 | 405 | 413 | 415 | 422 | 429 | 451 | 500 | 503;
  /** Danish, for the person in front of the page. */
  message: string;
  /** Whether the error's own message may reach the client: never for internal failures. */
  expose: boolean;
}

/**
 * The one table from error codes to HTTP status and Danish message. A code not in it is an
 * internal error (500); messages of internal errors never leave the server.
 */
export const ERRORS: Record<string, Mapping> = {
  INVALID_ARGUMENT: { status: 400, message: 'Forespørgslen er ugyldig.', expose: true },
  MALFORMED_BODY: { status: 400, message: 'Forespørgslens indhold kan ikke læses.', expose: true },
  UNAUTHENTICATED: {
    status: 401,
    message: 'Log ind: det kræver upload-nøglen eller en session.',
    expose: true,
  },
  FORBIDDEN: {
    status: 403,
    message: 'Denne konto må ikke uploade, se eller slette dokumenter.',
    expose: true,
  },
  CROSS_ORIGIN: {
    status: 403,
    message: 'Forespørgslen kom fra en anden side end protokols egen og er afvist.',
    expose: true,
  },
  NOT_FOUND: { status: 404, message: 'Det findes ikke.', expose: true },
  METHOD_NOT_ALLOWED: { status: 405, message: 'Metoden understøttes ikke her.', expose: true },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'Filen eller forespørgslen er for stor.', expose: true },
  UNSUPPORTED_TYPE: {
    status: 415,
    message: 'Filtypen understøttes ikke: kun PDF, DOCX og HTML.',
    expose: true,
  },
  EMPTY_FILE: { status: 422, message: 'Filen er tom.', expose: true },
  TRUNCATED_FILE: { status: 422, message: 'Filen er ufuldstændig (afbrudt).', expose: true },
  ENCRYPTED_FILE: { status: 422, message: 'Filen er krypteret og kan ikke læses.', expose: true },
  CORRUPT_FILE: { status: 422, message: 'Filen er beskadiget og kan ikke læses.', expose: true },
  NO_TEXT: { status: 422, message: 'Der er ingen tekst i filen.', expose: true },
  OCR_FAILED: { status: 422, message: 'Tekstgenkendelsen (OCR) mislykkedes.', expose: true },
  TOO_MANY_ATTEMPTS: {
    status: 429,
    message: 'For mange forkerte forsøg. Vent et minut, og prøv igen.',
    expose: true,
  },
  WITHHELD: { status: 451, message: 'Dokumentet offentliggøres ikke.', expose: true },
  INDEX_ERROR: { status: 503, message: 'Søgeindekset svarer ikke lige nu.', expose: false },
  STORE_ERROR: { status: 503, message: 'Dokumentlageret svarer ikke lige nu.', expose: false },
  INTERNAL: { status: 500, message: 'Der opstod en intern fejl.', expose: false },
};

/** Why a document failed, in Danish, for codes that are never an HTTP answer of their own. */
const DOCUMENT_FAILURES: Record<string, string> = {
  TOO_LARGE: 'Dokumentet er for stort til at blive læst (se årsagen for grænsen).',
  TIMED_OUT: 'Dokumentet tog for lang tid at læse og blev afbrudt.',
  READER_CRASHED: 'Dokumentet fik læseren til at gå ned og kan ikke læses.',
  STUCK: 'Behandlingen gik i stå flere gange; dokumentet er opgivet.',
  REMOVED: 'Dokumentet blev slettet undervejs.',
};

/** The Danish message of a failed document's code, for the secretariat's list. */
export function failureMessage(code: string | null): string {
  return (code && (DOCUMENT_FAILURES[code] ?? ERRORS[code]?.message)) || 'Dokumentet kunne ikke læses.';
}

/** The body of every error response: `error` the specific reason, `message` Danish, `code` stable English. */
export interface ErrorBody {
  error: string;
  message: string;
  code: string;
  parameter?: string;
}

/** The status and body for anything thrown while answering a request. */
export function errorResponse(error: unknown): { status: Mapping['status']; body: ErrorBody } {
  const code = error instanceof ProtokolError || error instanceof HttpError ? error.code : 'INTERNAL';
  const mapping = ERRORS[code] ?? ERRORS.INTERNAL!;
  const body: ErrorBody = {
    error: mapping.expose && error instanceof Error ? withoutServerPaths(error.message) : mapping.message,
    message: mapping.message,
    code: ERRORS[code] ? code : 'INTERNAL',
  };
  if (error instanceof InvalidArgumentError) body.parameter = error.parameter;
  return { status: mapping.status, body };
}

/** The body for a code with a specific reason, for answers built without throwing. */
export function errorBody(code: keyof typeof ERRORS, detail?: string): ErrorBody {
  const mapping = ERRORS[code]!;
  return { error: detail ? withoutServerPaths(detail) : mapping.message, message: mapping.message, code };
}

/**
 * A reason with absolute server paths cut to their last part (`/srv/data/documents/ab…/original`
 * → `original`), so a failure reason shown to a client says what went wrong, never where things
 * live. The site's own paths (`/api/…`, `/moeder/…`) stay.
 */
export function withoutServerPaths(reason: string): string {
  return reason
    .replace(/file:\/\/\/?[^\s'"`,;)]+/g, (p) => lastPart(p))
    .replace(/(?<![\w.:/])(?:[A-Za-z]:\\|\\\\)[^\s'"`,;)]+/g, (p) => lastPart(p))
    .replace(/(?<![\w.:/~-])\/(?!api\/|moeder\/)(?:[^\s'"`,;:()/]+\/)+[^\s'"`,;:()/]*/g, (p) => lastPart(p));
}

function lastPart(path: string): string {
  const parts = path.split(/[/\\]/).filter(Boolean);
  return parts.at(-1) ?? '';
}
