import type { ParsedDocument } from '../domain/model.ts';
import { guardCpr } from '../privacy/cpr.ts';

/**
 * The one place a ParsedDocument is changed after it is read from the text and before it is
 * stored, merged or indexed: the pipeline and a reindex both go through it. Steps that must
 * apply to everything the archive keeps (masking personal data, say) belong here.
 */
export function prepareParsed(parsed: ParsedDocument): ParsedDocument {
  return guardCpr(parsed).document;
}
