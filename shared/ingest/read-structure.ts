import type { ParsedDocument, SourceInfo } from '../domain/model.ts';
import { FIRSTAGENDA } from '../firstagenda/answer.ts';
import type { ParseHints } from '../parse/parse-minutes.ts';
import type { DocumentReader } from '../ports/document-reader.port.ts';
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
  options: { reader?: DocumentReader } = {},
): Promise<ParsedDocument> {
  // A portal's answer is structure already: read in place, no parser, no sandbox needed (and
  // loaded only when one comes, as the parser is).
  if (text.mediaType === FIRSTAGENDA) {
    const [{ answerOf }, { readFirstAgendaMeeting }] = await Promise.all([
      import('../firstagenda/answer-text.ts'),
      import('../firstagenda/read-meeting.ts'),
    ]);
    const answer = answerOf(text);
    if (answer) return readFirstAgendaMeeting(answer, source, hints);
  }
  const parsed = await parseText(text, source, hints, options.reader);
  return hints.authority ? { ...parsed, authority: hints.authority } : parsed;
}

async function parseText(
  text: ExtractedText,
  source: SourceInfo,
  hints: ParseHints,
  reader: DocumentReader | undefined,
): Promise<ParsedDocument> {
  // Through a reader the parse runs in a sandboxed process: a server's own thread never parses.
  if (reader) return reader.readStructure(text, source, hints);
  // Loaded on first use: a command that parses nothing (search, status) never loads the parser.
  // The minutes, with the bilag appended after them (a "samlet" referat) split off.
  const { parseWithAppendedBilag } = await import('../parse/appended-bilag.ts');
  return parseWithAppendedBilag(text, source, hints);
}
