import type { SourceDocument } from '../domain/model.ts';

/**
 * What the parser says of a document that reads as no minutes (no committee, no meeting date, no
 * agenda items): true of every bilag, so not worth a secretariat's look once the document is
 * placed under the item that lists it. Other warnings (CPR numbers masked, doubtful OCR) stay.
 */
const MINUTES_ONLY = [
  /^the document names no committee$/,
  /^the document gives no meeting date$/,
  /^no agenda items or sections were found/,
  /^numbered paragraphs without a meeting header/,
];

/** The warnings a document's record shows, as it was placed. */
export function placedWarnings(warnings: string[], placed: Pick<SourceDocument, 'linkedItem'>): string[] {
  if (!placed.linkedItem) return warnings;
  return warnings.filter((w) => !MINUTES_ONLY.some((m) => m.test(w)));
}
