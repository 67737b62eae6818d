import type { SourceDocument } from '../domain/model.ts';
import { NOT_MINUTES } from '../parse/warnings.ts';

const NOT_FOR_BILAG: ReadonlySet<string> = new Set(Object.values(NOT_MINUTES));

/**
 * The warnings a document's record shows, as it was placed: under the item that lists it, what
 * the parser says of text that is no minutes (no committee, no date, no agenda items) is true of
 * every bilag and left out. Other warnings (CPR numbers masked, doubtful OCR) stay.
 */
export function placedWarnings(warnings: string[], placed: Pick<SourceDocument, 'linkedItem'>): string[] {
  if (!placed.linkedItem) return warnings;
  return warnings.filter((w) => !NOT_FOR_BILAG.has(w));
}
