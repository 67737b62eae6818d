import type { AgendaItem } from '../domain/model.ts';

/**
 * How a document is indexed, given the item that lists it under Bilag (if any):
 * - `bilag-without-text`: the item is closed. The document is linked to it but its text is never
 *   indexed, and it is never indexed on its own either, even when it has a meeting header of its own;
 * - `bilag-with-text`: it looks like a bilag (or has no meeting of its own) and an open item lists it;
 * - `own`: it is minutes in its own right, or nothing lists it.
 */
export function bilagPlacement(
  listedUnder: Pick<AgendaItem, 'closed'> | null,
  looksLikeBilag: boolean,
): 'bilag-with-text' | 'bilag-without-text' | 'own' {
  if (!listedUnder) return 'own';
  if (listedUnder.closed) return 'bilag-without-text';
  return looksLikeBilag ? 'bilag-with-text' : 'own';
}
