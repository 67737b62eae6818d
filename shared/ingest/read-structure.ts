import type { ParsedDocument, SourceInfo } from '../domain/model.ts';
import { answerOf } from '../firstagenda/answer-text.ts';
import { readFirstAgendaMeeting } from '../firstagenda/read-meeting.ts';
import { type ParseHints, parseMinutes } from '../parse/parse-minutes.ts';
import type { ExtractedText } from '../ports/text-extractor.port.ts';

/** What an uploader or manifest says of a document, for every reader of structure. */
export interface StructureHints extends ParseHints {
  /** The authority the document belongs to ("Greve Kommune"), where the document does not say. */
  authority?: string;
}

/**
 * Reads the structure (meeting, items, sections, decisions) out of a document's extracted text.
 * The one place the pipeline, reindex and `protokol parse` go through, so that every reader of
 * structure (the minutes parser, and readers of structured sources) is chosen in one place.
 */
export async function readStructure(
  text: ExtractedText,
  source: SourceInfo,
  hints: StructureHints = {},
): Promise<ParsedDocument> {
  const answer = answerOf(text);
  if (answer) return readFirstAgendaMeeting(answer, source, hints);
  const parsed = parseMinutes(text, source, hints);
  return hints.authority ? { ...parsed, authority: hints.authority } : parsed;
}
