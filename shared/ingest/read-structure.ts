import type { ParsedDocument, SourceInfo } from '../domain/model.ts';
import type { ParseHints } from '../parse/parse-minutes.ts';
import type { DocumentReader } from '../ports/document-reader.port.ts';
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
  options: { reader?: DocumentReader } = {},
): Promise<ParsedDocument> {
  // Through a reader the parse runs in a sandboxed process: a server's own thread never parses.
  if (options.reader) return options.reader.readStructure(text, source, hints);
  // Loaded on first use: a command that parses nothing (search, status) never loads the parser.
  const { parseMinutes } = await import('../parse/parse-minutes.ts');
  return parseMinutes(text, source, hints);
}
