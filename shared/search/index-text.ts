import type { Meeting, MeetingItem } from '../domain/model.ts';
import { sectionKind } from '../parse/vocabulary.ts';
import { danishStem, words } from './danish-stemmer.ts';
import { compoundStems } from './decompound.ts';

/** Which part of an item a section heading belongs to, for the `section` filter. */
export type SectionField = 'decision' | 'recommendation' | 'case';

/** The searchable text of one agenda item, by field. Closed items give their title only. */
export interface ItemText {
  title: string;
  decision: string;
  recommendation: string;
  case: string;
}

/** Gathers an item's text by field; a closed item's text never leaves this function. */
export function itemText(item: MeetingItem): ItemText {
  const text: ItemText = { title: item.title, decision: '', recommendation: '', case: '' };
  if (item.closed) return text;
  const add = (field: SectionField, value: string) => {
    text[field] = text[field] ? `${text[field]}\n${value}` : value;
  };
  for (const s of item.sections) {
    const kind = sectionKind(s.heading);
    if (kind === 'decision') add('decision', s.text);
    else if (kind === 'recommendation') add('recommendation', s.text);
    else add('case', s.text);
  }
  if (!text.decision && item.decision) text.decision = item.decision;
  return text;
}

/** Text with every word replaced by its Danish stem: what the SQLite index stores per field. */
export function stemmed(text: string): string {
  return stemmedWords(words(text));
}

/** As `stemmed`, of words already split out of a text (`words`). */
export function stemmedWords(list: readonly string[]): string {
  return list.map(danishStem).join(' ');
}

/**
 * The stems of the parts of every compound in a text, once each: what the index searches when a
 * word is not found whole ("rygestop" in "rygestopkurser", "klima" in "klimaregnskab").
 */
export function compoundPartStems(text: string): string {
  return compoundPartStemsOf(words(text));
}

/** As `compoundPartStems`, of words already split out of a text (`words`). */
export function compoundPartStemsOf(list: readonly string[]): string {
  const out = new Set<string>();
  for (const w of new Set(list)) for (const s of compoundStems(w)) out.add(s);
  return [...out].join(' ');
}

/** The text a snippet is cut from: the decision first, since that is what people look for. */
export function snippetSource(text: ItemText): string {
  return [text.decision, text.recommendation, text.case].filter(Boolean).join(' ') || text.title;
}

/** Year of an ISO date, or "ukendt" when the meeting date is unknown. */
export function yearOf(start: string | null): string {
  return start ? start.slice(0, 4) : 'ukendt';
}

/** A stable key of an item within the whole index. */
export function itemKey(meetingId: string, number: MeetingItem['number'], position: number): string {
  return `${meetingId}#${number ?? `p${position}`}`;
}

/** The URL of a meeting on the search page. */
export function meetingUrl(meeting: Pick<Meeting, 'id'>, number?: MeetingItem['number']): string {
  return `/moeder/${encodeURIComponent(meeting.id)}${number != null ? `#punkt-${number}` : ''}`;
}

/** An item number as stored in an index (text) back as the port gives it: 4, or "12a". */
export function itemNumberFrom(stored: string | null): number | string | null {
  if (stored === null) return null;
  return /^\d+$/.test(stored) ? Number(stored) : stored;
}

/** The item a bilag belongs to, and its position; null when there is none or it is closed. */
export function itemForBilag(
  meeting: Meeting,
  itemNumber: string,
): { item: MeetingItem; position: number } | null {
  const position = meeting.items.findIndex((i) => String(i.number) === itemNumber);
  const item = meeting.items[position];
  return item && !item.closed ? { item, position } : null;
}
