import { CLOSED_MARK } from '../parse/vocabulary.ts';
import type { ExtractedPage, ExtractedText } from '../ports/text-extractor.port.ts';
import { FIRSTAGENDA, type FirstAgendaAnswer, isFirstAgendaAnswer } from './answer.ts';
import { tidy as normalizeLine, readItemHtml } from './item-html.ts';

/**
 * The extracted text of a FirstAgenda answer: a page per agenda item for whoever reads pages, and
 * the answer itself, so the structure is read again from stored text (`protokol reindex`) exactly
 * as it was the first time, with no re-extraction.
 */
export interface FirstAgendaText extends ExtractedText {
  mediaType: typeof FIRSTAGENDA;
  answer: FirstAgendaAnswer;
}

/** The answer kept in stored text, or null when the text is not a FirstAgenda answer's. */
export function answerOf(text: ExtractedText): FirstAgendaAnswer | null {
  const answer = (text as Partial<FirstAgendaText>).answer;
  return text.mediaType === FIRSTAGENDA && isFirstAgendaAnswer(answer) ? answer : null;
}

/**
 * The answer as extracted text. A closed item's body and bilag are dropped here already, so what
 * the portal sent of it (FirstAgenda sends a closed item's decision) is never stored as text.
 */
export function answerText(answer: FirstAgendaAnswer): FirstAgendaText {
  const kept: FirstAgendaAnswer = {
    ...answer,
    Dagsordenpunkter: answer.Dagsordenpunkter.map((item) =>
      CLOSED_MARK.test(normalizeLine(item.Navn ?? item.Caption ?? ''))
        ? { ...item, Felter: [], Bilag: [] }
        : item,
    ),
  };
  const pages: ExtractedPage[] = kept.Dagsordenpunkter.map((item, i) => {
    const number = normalizeLine(String(item.Punktnummer ?? item.Number ?? i + 1));
    const title = normalizeLine(item.Navn ?? item.Caption ?? '');
    const lines: ExtractedPage['lines'] = [{ text: `${number}. ${title}`.trim(), heading: 2, block: true }];
    for (const field of item.Felter ?? []) {
      for (const section of readItemHtml(field.Html ?? field.Tekst ?? '').sections) {
        lines.push({ text: section.heading, heading: 3, block: true });
        for (const line of section.text.split('\n')) lines.push({ text: line, block: true });
      }
    }
    for (const bilag of item.Bilag ?? [])
      if (bilag.Navn) lines.push({ text: normalizeLine(bilag.Navn), block: true });
    return { number: i + 1, lines };
  });
  // A meeting with no items still has a page: its committee and date.
  if (pages.length === 0)
    pages.push({
      number: 1,
      lines: [{ text: normalizeLine(`${answer.Udvalg.Navn ?? ''} ${answer.Moede.Dato ?? ''}`), block: true }],
    });
  return { mediaType: FIRSTAGENDA, pages, answer: kept };
}
