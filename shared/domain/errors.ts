/** Stable codes a client, a status page or a report can rely on. */
export type ErrorCode =
  | 'EMPTY_FILE'
  | 'UNSUPPORTED_TYPE'
  | 'TRUNCATED_FILE'
  | 'ENCRYPTED_FILE'
  | 'CORRUPT_FILE'
  | 'NO_TEXT'
  | 'TOO_LARGE'
  | 'TIMED_OUT'
  | 'READER_CRASHED'
  | 'OCR_FAILED'
  | 'NOT_FOUND'
  | 'INVALID_ARGUMENT'
  | 'REMOVED'
  | 'CONFLICT'
  | 'STUCK'
  | 'INDEX_ERROR'
  | 'STORE_ERROR';

/** The base of every error the domain raises on purpose: a stable code and a readable reason. */
export class ProtokolError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A file that cannot be read as minutes: empty, truncated, encrypted, not a supported type. */
export class DocumentRejectedError extends ProtokolError {}

/** A request that names something that does not exist. */
export class NotFoundError extends ProtokolError {
  constructor(message: string) {
    super('NOT_FOUND', message);
  }
}

/** Work on a document that was taken down meanwhile: it stops, and leaves nothing behind. */
export class DocumentRemovedError extends ProtokolError {
  constructor(id: string) {
    super('REMOVED', `document ${id} was taken down`);
  }
}

/** A compare-and-set write that kept losing to other writers. */
export class ConflictError extends ProtokolError {
  constructor(message: string) {
    super('CONFLICT', message);
  }
}

/** A caller's argument that is out of range or malformed; `parameter` names it. */
export class InvalidArgumentError extends ProtokolError {
  readonly parameter: string;
  constructor(parameter: string, message: string) {
    super('INVALID_ARGUMENT', message);
    this.parameter = parameter;
  }
}

/** The reason to store on a document and show its uploader, whatever was thrown. */
export function failureReason(error: unknown): { code: ErrorCode | 'INTERNAL'; reason: string } {
  if (error instanceof ProtokolError) return { code: error.code, reason: error.message };
  return {
    code: 'INTERNAL',
    reason: `unexpected error: ${error instanceof Error ? error.message : String(error)}`,
  };
}
