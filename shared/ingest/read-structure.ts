import type { ParsedDocument, SourceInfo } from '../domain/model.ts';
import { type ParseHints, parseMinutes } from '../parse/parse-minutes.ts';
import type { ExtractedText } from '../ports/text-extractor.port.ts';

/**
 * Reads the structure (meeting, items, sections, decisions) out of a document's extracted text.
 * The one place the pipeline, reindex and `protokol parse` go through, so that every reader of
 * structure (the minutes parser, and readers of structured sources) is chosen in one place.
 */
export async function readStructure(
  text: ExtractedText,
  source: SourceInfo,
  hints: ParseHints = {},
): Promise<ParsedDocument> {
  return parseMinutes(text, source, hints);
}
