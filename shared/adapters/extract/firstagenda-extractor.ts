import { FIRSTAGENDA, readAnswer } from '../../firstagenda/answer.ts';
import { answerText } from '../../firstagenda/answer-text.ts';
import type { ExtractedText, TextExtractor } from '../../ports/text-extractor.port.ts';

/**
 * Reads a FirstAgenda Publication meeting answer (`GET /api/agenda/dagsorden/{id}`): the text of
 * each item as a page, and the answer kept beside it for the structure reader.
 */
export class FirstAgendaExtractor implements TextExtractor {
  readonly mediaTypes = [FIRSTAGENDA] as const;

  async extract(bytes: Uint8Array, name: string): Promise<ExtractedText> {
    return answerText(readAnswer(bytes, name));
  }
}
