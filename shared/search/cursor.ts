import { InvalidArgumentError } from '../domain/errors.ts';

/** An opaque cursor for the next page of results. */
export function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

/** Reads a cursor made by encodeCursor; anything else is a 400 naming `cursor`. */
export function decodeCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o?: unknown };
    if (typeof value.o === 'number' && Number.isInteger(value.o) && value.o >= 0 && value.o <= 100_000)
      return value.o;
  } catch {
    // fall through to the error below
  }
  throw new InvalidArgumentError(
    'cursor',
    'the cursor is malformed; use the `next` value of a previous result',
  );
}
