import type { AgendaItem, ParsedDocument } from '../domain/model.ts';
import type { ExtractedText } from '../ports/text-extractor.port.ts';
import { containsCpr } from './cpr.ts';

/** Why a page of a PDF is blanked in the public copy. */
export type BlankReason = 'closed' | 'cpr';

/**
 * What the public may get of a document's file:
 * - `original`: nothing in it is closed or personal, so the file as uploaded;
 * - `pdf`: the PDF with the pages of closed items, and pages holding a CPR number, blanked
 *   (page numbers kept, so links to `#page=N` still land where they should);
 * - `text`: a plain-text rendering of the open items only, CPR numbers masked (DOCX, HTML, or a
 *   PDF whose closed items cannot be placed on a page);
 * - `withheld`: nothing, for the reason given (in Danish, for the reader).
 */
export type PublicCopy =
  | { as: 'original' }
  | { as: 'pdf'; blank: Map<number, BlankReason> }
  | { as: 'text' }
  | { as: 'withheld'; reason: string };

export interface PublicCopyInput {
  mediaType: string | null;
  /** The parse result as stored (CPR numbers already masked). */
  parsed: ParsedDocument | null;
  /** The text as extracted (not masked): where CPR numbers are looked for, page by page. */
  text: ExtractedText | null;
  /** Numbers of items another source of the same meeting marks closed. */
  closedElsewhere?: ReadonlySet<string>;
  /** Set when the document is a bilag an item lists, and that item is closed. */
  listedUnderClosedItem?: boolean;
}

export const WITHHELD_CLOSED_BILAG =
  'Bilaget hører til et lukket punkt og offentliggøres ikke. Kontakt sekretariatet for aktindsigt.';
export const WITHHELD_UNREAD = 'Dokumentet er ikke færdigbehandlet, så det kan endnu ikke vises offentligt.';

/** Decides what the public gets of one document's file; the secretariat always gets the original. */
export function publicCopyOf(input: PublicCopyInput): PublicCopy {
  if (input.listedUnderClosedItem) return { as: 'withheld', reason: WITHHELD_CLOSED_BILAG };
  const { parsed, text } = input;
  if (!parsed || !text) return { as: 'withheld', reason: WITHHELD_UNREAD };
  const isClosed = (item: AgendaItem) =>
    item.closed || (item.number != null && (input.closedElsewhere?.has(String(item.number)) ?? false));
  const closed = parsed.items.filter(isClosed);
  const cprPages = text.pages
    .filter((p) => containsCpr(p.lines.map((l) => l.text).join('\n')))
    .map((p) => p.number);
  if (closed.length === 0 && cprPages.length === 0) return { as: 'original' };
  if (input.mediaType !== 'application/pdf') return { as: 'text' };

  const blank = new Map<number, BlankReason>();
  for (const page of cprPages) blank.set(page, 'cpr');
  // Bilag appended after the minutes: those of a closed item are blanked, page by page.
  const appended = parsed.appendedBilag ?? [];
  for (const b of appended) {
    const item = parsed.items.find((i) => i.number != null && String(i.number) === b.itemNumber);
    if (!item || !isClosed(item)) continue;
    for (let p = b.firstPage; p <= b.lastPage; p++) blank.set(p, 'closed');
  }
  const minutesEnd = appended.length ? Math.min(...appended.map((b) => b.firstPage)) - 1 : text.pages.length;
  for (const item of closed) {
    const pages = pagesOf(parsed.items, item, text, minutesEnd);
    // A closed item that cannot be placed on a page is not blanked by guess: the text rendering.
    if (!pages) return { as: 'text' };
    for (let p = pages.first; p <= pages.last; p++) blank.set(p, 'closed');
  }
  return { as: 'pdf', blank };
}

/**
 * The pages an item spans: from its first page to the page the next item starts on, unless that
 * item's heading opens the page (only a running header or a page number above it). A page it
 * shares with the next item is included, so closed text on a shared page is never shown.
 */
function pagesOf(
  items: AgendaItem[],
  item: AgendaItem,
  text: ExtractedText,
  minutesEnd: number,
): { first: number; last: number } | null {
  if (item.page == null) return null;
  // The last item ends where the minutes do: the bilag appended after them are ruled on their own.
  const pageCount = Math.max(minutesEnd, item.page);
  const after = items.slice(items.indexOf(item) + 1).find((i) => i.page != null);
  if (after?.page == null) return { first: item.page, last: pageCount };
  if (after.page <= item.page) return { first: item.page, last: item.page };
  const opens = headingOpensPage(text, after.page, after);
  return { first: item.page, last: opens ? after.page - 1 : after.page };
}

const fold = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
const PAGE_NUMBER = /^\s*(side\s*)?\d+(\s*(af|\/)\s*\d+)?\s*$/i;

/** Whether an item's heading is the first thing on a page but for running headers and page numbers. */
function headingOpensPage(text: ExtractedText, pageNumber: number, item: AgendaItem): boolean {
  const page = text.pages.find((p) => p.number === pageNumber);
  if (!page) return false;
  const title = fold(item.title).slice(0, 30);
  const at = page.lines.findIndex((l) => title !== '' && fold(l.text).includes(title));
  if (at < 0) return false;
  // A line repeated on other pages (digits aside) is a running header.
  const key = (t: string) => fold(t).replace(/\d+/g, '#');
  const elsewhere = new Set(
    text.pages.filter((p) => p.number !== pageNumber).flatMap((p) => p.lines.map((l) => key(l.text))),
  );
  return page.lines
    .slice(0, at)
    .every(
      (l) =>
        !l.text.trim() ||
        PAGE_NUMBER.test(l.text) ||
        elsewhere.has(key(l.text)) ||
        isNumberOnly(l.text, item),
    );
}

/** The heading's number printed on a line of its own above the title ("3." then the title). */
function isNumberOnly(line: string, item: AgendaItem): boolean {
  return (
    item.number != null &&
    fold(line)
      .replace(/^(punkt|pkt\.?)\s*/, '')
      .replace(/[.:)]$/, '') === fold(String(item.number))
  );
}

/**
 * The public text of a document: the meeting and its open items with their sections; a closed
 * item keeps only its number and title. CPR numbers are masked already in `parsed`.
 */
export function publicText(
  parsed: ParsedDocument,
  name: string,
  closedElsewhere?: ReadonlySet<string>,
): string {
  const out: string[] = [
    `Offentlig udgave af ${name}`,
    'Lukkede punkter og CPR-numre er udeladt. Originalen kan fås ved henvendelse til sekretariatet.',
    '',
  ];
  const header: [string, string | null][] = [
    ['Udvalg', parsed.committee],
    ['Møde', parsed.title],
    ['Tid', parsed.start],
    ['Sted', parsed.location],
  ];
  for (const [label, value] of header) if (value) out.push(`${label}: ${value}`);
  if (parsed.participants.length) out.push(`Deltagere: ${parsed.participants.join(', ')}`);
  if (parsed.absent.length) out.push(`Afbud: ${parsed.absent.join(', ')}`);
  for (const item of parsed.items) {
    const closed = item.closed || (item.number != null && closedElsewhere?.has(String(item.number)));
    out.push('', `${item.number != null ? `Punkt ${item.number}: ` : ''}${item.title}`);
    if (closed) {
      out.push('Lukket punkt: indholdet offentliggøres ikke.');
      continue;
    }
    if (item.caseNumber) out.push(`Sagsnr.: ${item.caseNumber}`);
    for (const section of item.sections) out.push('', section.heading, section.text);
    if (item.attachments.length) out.push('', 'Bilag:', ...item.attachments.map((a) => `- ${a.name}`));
  }
  return `${out.join('\n')}\n`;
}
