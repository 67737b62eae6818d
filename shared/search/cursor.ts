import { InvalidArgumentError } from '../domain/errors.ts';

// Cursors are opaque to clients: base64url JSON. SQLite pages by offset ({ o }), OpenSearch by
// the sort values of the last hit ({ s }, for search_after); both refuse anything else alike.

const malformed = () =>
  new InvalidArgumentError('cursor', 'the cursor is malformed; use the `next` value of a previous result');

function read(cursor: string): Record<string, unknown> {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (value && typeof value === 'object') return value as Record<string, unknown>;
  } catch {
    // fall through to the error
  }
  throw malformed();
}

/** An opaque cursor for the next page of results, by offset. */
export function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

/** Reads a cursor made by encodeCursor; anything else is a 400 naming `cursor`. */
export function decodeCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  const { o } = read(cursor);
  if (typeof o === 'number' && Number.isInteger(o) && o >= 0 && o <= 100_000) return o;
  throw malformed();
}

/** An opaque cursor holding the sort values of the last hit, for search_after. */
export function encodeSearchAfter(sort: unknown[]): string {
  return Buffer.from(JSON.stringify({ s: sort })).toString('base64url');
}

/** Reads a cursor made by encodeSearchAfter; null without one. */
export function decodeSearchAfter(cursor: string | undefined): unknown[] | null {
  if (!cursor) return null;
  const { s } = read(cursor);
  if (Array.isArray(s) && s.length <= 4) return s;
  throw malformed();
}
