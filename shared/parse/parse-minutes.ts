import type {
  AgendaItem,
  Attachment,
  DocumentKind,
  ParsedDocument,
  Section,
  SourceInfo,
} from '../domain/model.ts';
import type { ExtractedText, TextLine } from '../ports/text-extractor.port.ts';
import { findDate, isoDay, MONTH_PATTERN, parseMeetingTime } from './dates.ts';
import { meetingIdFor } from './meeting-id.ts';
import { fold, joinLines, normalizeLine } from './normalize.ts';
import { splitPeople } from './people.ts';
import { cleanPages } from './running-text.ts';
import {
  CASE_ID,
  CASE_LABEL,
  CLOSED_MARK,
  HEADER_LABELS,
  type HeaderField,
  INLINE_SECTION,
  OPEN_MARK,
  sectionKind,
  TITLE_KIND,
} from './vocabulary.ts';

/** A line of the document with where it stands and how it looks. */
export interface Line extends TextLine {
  page: number;
  /** Position in the document, for ordering. */
  at: number;
}

/** What an uploader or a manifest says about a file, used where the file itself is silent. */
export interface ParseHints {
  committee?: string;
  date?: string;
  kind?: DocumentKind;
}

interface Candidate {
  line: Line;
  number: string;
  title: string;
  /** How the heading was found: "Punkt 3:" (explicit) or "3." (numbered). */
  style: 'explicit' | 'numbered';
  /** Index in `lines`. */
  index: number;
  /** Lines below the heading line that hold its title (a number on a line of its own). */
  titleLines?: number;
}

const STRONG_HEADING =
  /^(?:punkt|pkt\.?|dagsordenspunkt|sag)\s*(?:nr\.?\s*)?(\d{1,3}[a-zA-Z]?)\s*[:.\-–)]?\s+(\S.*)$/i;
const BARE_STRONG_HEADING =
  /^(?:punkt|pkt\.?|dagsordenspunkt|sag)\s*(?:nr\.?\s*)?(\d{1,3}[a-zA-Z]?)\s*[:.]?$/i;
const NUMBERED_HEADING = /^(\d{1,3}[a-zA-Z]?)(?:\.|\)|\s-|\s–)\s*(\S.*)$/;
const BARE_NUMBERED_HEADING = /^(\d{1,3}[a-zA-Z]?)\s+(\p{Lu}.*)$/u;
const NOT_A_TITLE = new RegExp(
  String.raw`^(?:(?:${MONTH_PATTERN})\b|kl\.|\d|[-–•·*]|halvår|kvartal|januar|februar|og\b|til\b|de\b|den\b|det\b)`,
  'iu',
);
const LEADER = /(?:\.{3,}|…+\.*|(?:\.\s){3,})\s*\t?\s*\d{1,4}\b/;
const BULLET = /^(?:[•·▪◦‣∙●○■□–\-*]|\(?[a-z]\)|\d{1,2}\))\s+/u;

/**
 * Reads the structure of one document: the meeting it records and its agenda items.
 * Works on lines with typography from any extractor (PDF, DOCX, HTML, OCR), so layouts it has not
 * seen are read by the same evidence: numbering, heading typography and the Danish vocabulary.
 */
export function parseMinutes(
  text: ExtractedText,
  source: SourceInfo,
  hints: ParseHints = {},
): ParsedDocument {
  const warnings: string[] = [];
  const lines = toLines(text);
  const bodySize = commonSize(lines);
  const typed = hasTypography(lines);
  const isHeadingish = (l: Line) => Boolean(l.heading) || Boolean(l.bold) || (l.size ?? 0) > bodySize * 1.12;

  const toc = extractToc(lines);
  const candidates = findItemHeadings(lines, toc.indexes, typed, isHeadingish);
  const agendaList = findAgendaList(candidates, lines, isHeadingish);
  const headings = chooseHeadings(candidates, agendaList, typed);

  const firstItemAt = headings[0]?.index ?? lines.length;
  const headerLines = lines
    .slice(0, firstItemAt)
    .filter((_, i) => !toc.indexes.has(i) && !agendaList.indexes.has(i));
  const header = readHeader(headerLines, isHeadingish);

  const items: AgendaItem[] = [];
  const meetingAbsent: string[] = [];
  for (const [n, heading] of headings.entries()) {
    const end = headings[n + 1]?.index ?? lines.length;
    const body = lines
      .slice(heading.index + 1, end)
      .filter((_, i) => !toc.indexes.has(heading.index + 1 + i));
    const listTitle = agendaList.titles.get(heading.number);
    const tocTitle = toc.titles[n];
    items.push(readItem(heading, body, { listTitle, tocTitle, isHeadingish, absent: meetingAbsent }));
  }

  // No numbered items: a lone item (its title, then sections), or text with no structure at all.
  if (items.length === 0) {
    const lone = readLoneItem(lines, isHeadingish);
    if (lone) items.push(lone);
    else {
      warnings.push('no agenda items or sections were found; the whole text is indexed as one item');
      items.push(wholeDocumentItem(lines, header.title ?? source.name));
    }
  }

  const time = header.dateText
    ? parseMeetingTime(header.dateText, header.timeText)
    : fallbackTime(header, hints);
  if (time.weekdayMismatch) warnings.push(time.weekdayMismatch);
  let end = time.end;
  if (!end && header.endText && time.start) {
    const endTime = parseMeetingTime(
      header.endText.match(/\d{4}-\d{2}-\d{2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}/)
        ? header.endText
        : `${time.start.slice(0, 10)} ${header.endText}`,
    );
    end = endTime.start;
  }

  const committee = header.committee ?? hints.committee ?? null;
  const absent = dedupe([...header.absent, ...meetingAbsent]);
  const kind = hints.kind ?? kindOf(header, items);
  if (!committee) warnings.push('the document names no committee');
  if (!time.start) warnings.push('the document gives no meeting date');
  const start = time.start;
  return {
    id: meetingIdFor(committee, start, source.sha256),
    committee,
    title: header.title,
    kind,
    start,
    end,
    location: header.location,
    published: header.published,
    participants: header.participants,
    absent,
    guests: header.guests,
    items,
    source,
    warnings,
  };
}

function fallbackTime(header: Header, hints: ParseHints) {
  if (header.titleDateText) return parseMeetingTime(header.titleDateText, header.timeText);
  if (hints.date) return parseMeetingTime(hints.date);
  return { start: null, end: null, weekdayMismatch: null };
}

function toLines(text: ExtractedText): Line[] {
  const out: Line[] = [];
  for (const page of cleanPages(text.pages)) {
    for (const l of page.lines) {
      const clean = normalizeLine(l.text);
      if (clean) out.push({ ...l, text: clean, page: page.number, at: out.length });
    }
  }
  return out;
}

function commonSize(lines: Line[]): number {
  const weight = new Map<number, number>();
  for (const l of lines) if (l.size) weight.set(l.size, (weight.get(l.size) ?? 0) + l.text.length);
  let best = 0;
  let bestWeight = -1;
  for (const [size, w] of weight) if (w > bestWeight) [best, bestWeight] = [size, w];
  return best || 12;
}

function hasTypography(lines: Line[]): boolean {
  return lines.some((l) => l.bold || l.heading);
}

// ---------------------------------------------------------------------------------------------
// Table of contents: lines with dot leaders and page numbers. They are not items, but their
// titles are unwrapped and repair headings that lost a hyphen at a line break.

interface Toc {
  indexes: Set<number>;
  titles: string[];
}

function extractToc(lines: Line[]): Toc {
  const indexes = new Set<number>();
  const titleLine = lines.findIndex((l) => /^(indholdsfortegnelse|indhold|dagsordenspunkter)$/i.test(l.text));
  let text = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!LEADER.test(line.text)) continue;
    // A TOC entry that wraps leaves its first part on the line before.
    let from = i;
    while (
      from - 1 > titleLine &&
      from - 1 >= 0 &&
      !indexes.has(from - 1) &&
      i - from < 2 &&
      !LEADER.test(lines[from - 1]!.text)
    ) {
      const prev = lines[from - 1]!;
      if (titleLine < 0 || from - 1 <= titleLine || prev.bold || prev.heading) break;
      from--;
    }
    for (let j = from; j <= i; j++) {
      indexes.add(j);
      text += ` ${lines[j]!.text}`;
    }
  }
  if (titleLine >= 0 && indexes.size) indexes.add(titleLine);
  const titles: string[] = [];
  const entry = /\s*(.+?)\s*(?:\.{3,}|…+\.*|(?:\.\s){3,})\s*\t?\s*\d{1,4}(?=\s|$)/gu;
  for (const m of text.matchAll(entry)) titles.push(m[1]!.trim());
  return { indexes, titles };
}

// ---------------------------------------------------------------------------------------------
// Item headings

function findItemHeadings(
  lines: Line[],
  skip: Set<number>,
  typed: boolean,
  isHeadingish: (l: Line) => boolean,
): Candidate[] {
  const explicit: Candidate[] = [];
  const numbered: Candidate[] = [];
  for (const [index, line] of lines.entries()) {
    if (skip.has(index)) continue;
    const strong = STRONG_HEADING.exec(line.text);
    if (strong && /^[\p{Lu}\d"“«]/u.test(strong[2]!) && (!typed || isHeadingish(line))) {
      explicit.push({ line, index, number: strong[1]!.toLowerCase(), title: strong[2]!, style: 'explicit' });
      continue;
    }
    // "Punkt 3" alone, its title on the line below.
    const bare = BARE_STRONG_HEADING.exec(line.text);
    const below = lines[index + 1];
    if (
      bare &&
      below &&
      /^[\p{Lu}"“«]/u.test(below.text) &&
      !sectionKind(below.text.replace(/:$/, '')) &&
      (!typed || isHeadingish(line))
    ) {
      explicit.push({
        line,
        index,
        number: bare[1]!.toLowerCase(),
        title: below.text,
        style: 'explicit',
        titleLines: 1,
      });
      continue;
    }
    if (line.listItem && !isHeadingish(line)) continue;
    const m =
      NUMBERED_HEADING.exec(line.text) ?? (isHeadingish(line) ? BARE_NUMBERED_HEADING.exec(line.text) : null);
    if (!m) continue;
    const title = m[2]!;
    if (!/^[\p{Lu}"“«]/u.test(title) || NOT_A_TITLE.test(title) || /^\d{1,2}[.:]\d{2}/.test(title)) continue;
    // A line that ends a sentence mid-paragraph is a numbered list entry, not a heading.
    if (title.length > 160) continue;
    numbered.push({ line, index, number: m[1]!.toLowerCase(), title, style: 'numbered' });
  }
  return explicit.length ? explicit : numbered;
}

interface AgendaList {
  indexes: Set<number>;
  titles: Map<string, string>;
  order: string[];
}

/**
 * A list of the items before their texts (PUNKTER, a dagsorden's overview): every number in it
 * appears again later as the heading of the item's text.
 */
function findAgendaList(
  candidates: Candidate[],
  lines: Line[],
  isHeadingish: (l: Line) => boolean,
): AgendaList {
  const indexes = new Set<number>();
  const titles = new Map<string, string>();
  const order: string[] = [];
  const lastIndexOf = new Map<string, number>();
  const byNumber = new Map<string, Candidate[]>();
  for (const c of candidates) {
    lastIndexOf.set(c.number, c.index);
    byNumber.set(c.number, [...(byNumber.get(c.number) ?? []).slice(-8), c]);
  }
  const similar = (a: string, b: string) => {
    const [fa, fb] = [fold(a), fold(b)];
    const n = Math.min(fa.length, fb.length, 24);
    return n > 0 && fa.slice(0, n) === fb.slice(0, n);
  };
  for (const c of candidates) {
    // A list entry is repeated later as the heading of its text, with the same title.
    const repeat = (byNumber.get(c.number) ?? []).find((d) => d.index > c.index && similar(d.title, c.title));
    if (!repeat || lastIndexOf.get(c.number) === c.index) continue;
    if (!titles.has(c.number)) {
      // An entry may wrap; its continuation stands before the next entry.
      const next = candidates[candidates.indexOf(c) + 1]?.index ?? c.index + 1;
      const wrapped = next - c.index <= 3 ? lines.slice(c.index + 1, next) : [];
      const title = wrapped.every((l) => !isHeadingish(l) || isHeadingish(c.line))
        ? joinLines([c.title, ...wrapped.map((l) => l.text)])
        : c.title;
      titles.set(c.number, title);
      order.push(c.number);
    }
    indexes.add(c.index);
  }
  return { indexes, titles, order };
}

function chooseHeadings(candidates: Candidate[], list: AgendaList, typed: boolean): Candidate[] {
  const bodies = candidates.filter((c) => !list.indexes.has(c.index));
  if (bodies.length === 0) return [];
  if (bodies[0]!.style === 'explicit') return bodies;
  if (list.order.length >= 2) return bodies.filter((c) => list.titles.has(c.number));
  // With typography, headings look alike: keep those that look like the majority of them.
  let pool = bodies;
  if (typed) {
    const styled = bodies.filter((c) => c.line.bold || c.line.heading);
    if (styled.length >= 2 || (styled.length === 1 && bodies.length === 1)) pool = styled;
  }
  // Item numbers run in sequence; a dated list in an item's text ("7. februar", "8. marts") does not fit it.
  const chosen: Candidate[] = [];
  let last = 0;
  let lastSuffixed = '';
  for (const c of pool) {
    const n = Number.parseInt(c.number, 10);
    const suffix = c.number.replace(/^\d+/, '');
    if (
      chosen.length === 0
        ? n <= 3 || typed
        : n === last + 1 || (n === last && suffix && suffix !== lastSuffixed)
    ) {
      chosen.push(c);
      last = n;
      lastSuffixed = suffix;
    }
  }
  return chosen;
}

// ---------------------------------------------------------------------------------------------
// Meeting header

interface Header {
  title: string | null;
  committee: string | null;
  dateText: string | null;
  titleDateText: string | null;
  timeText: string | undefined;
  endText: string | null;
  location: string | null;
  published: string | null;
  participants: string[];
  absent: string[];
  guests: string[];
  kindWord: string | null;
}

function labelOf(text: string): { field: HeaderField; value: string } | null {
  const colon = /^([\p{L} ]{2,40}?)\s*:\s*(.*)$/u.exec(text);
  if (colon) {
    const label = HEADER_LABELS.find((l) => l.re.test(colon[1]!.trim()));
    if (label) return { field: label.field, value: colon[2]!.trim() };
  }
  for (const label of HEADER_LABELS) {
    if (label.re.test(text.trim())) return { field: label.field, value: '' };
    if (!label.loose) continue;
    const words = text.split(' ');
    for (let k = Math.min(4, words.length - 1); k >= 1; k--) {
      if (label.re.test(words.slice(0, k).join(' ')))
        return { field: label.field, value: words.slice(k).join(' ') };
    }
  }
  return null;
}

function readHeader(lines: Line[], isHeadingish: (l: Line) => boolean): Header {
  const fields = new Map<HeaderField, string>();
  const header: Header = {
    title: null,
    committee: null,
    dateText: null,
    titleDateText: null,
    timeText: undefined,
    endText: null,
    location: null,
    published: null,
    participants: [],
    absent: [],
    guests: [],
    kindWord: null,
  };
  const listFields = new Set<HeaderField>(['participants', 'absent', 'guests']);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const label = labelOf(line.text);
    if (!label) continue;
    let value = label.value;
    // The value may stand on the lines below its label ("UDVALG" / "Sundhedsdirektørkredsen"),
    // and a list of people may wrap over several lines.
    let j = i + 1;
    while (j < lines.length && (!value || listFields.has(label.field))) {
      const next = lines[j]!;
      if (
        labelOf(next.text) ||
        isHeadingish(next) ||
        /^(indholdsfortegnelse|punkter|dagsorden)$/i.test(next.text)
      )
        break;
      // A list of people continues after a comma, onto a line with commas, or name by name on
      // lines of their own ("Jens Hansen (A)").
      const nameLine =
        /^(\p{Lu}[\p{L}'.-]*)(\s+(?:\p{Lu}[\p{L}'.-]*|von|van|de|af))+(\s*\([^)]{1,12}\))?,?$/u.test(
          next.text,
        );
      if (
        value &&
        !/[,;]$|\bog$/.test(value) &&
        !/^[\p{Ll}]/u.test(next.text) &&
        !/,/.test(next.text) &&
        !(listFields.has(label.field) && nameLine)
      )
        break;
      value = value
        ? `${value}${listFields.has(label.field) && !/[,;]$/.test(value) && nameLineBefore(value) ? ',' : ''} ${next.text}`
        : next.text;
      j++;
    }
    i = j - 1;
    if (value && !fields.has(label.field)) fields.set(label.field, value);
  }

  const titleLine = lines.find((l) => isHeadingish(l) && !labelOf(l.text)) ?? lines[0];
  header.title = titleLine?.text ?? null;
  header.kindWord = lines.map((l) => TITLE_KIND.exec(l.text)?.[1]?.toLowerCase()).find(Boolean) ?? null;

  header.committee = committeeFrom(fields, lines);
  header.dateText = fields.get('date') ?? null;
  header.timeText = fields.get('time');
  header.endText = fields.get('end') ?? null;
  if (!header.dateText) {
    const dated =
      lines.find((l) => TITLE_KIND.test(l.text) && findDate(l.text)) ??
      lines.find((l) => isHeadingish(l) && findDate(l.text));
    header.titleDateText = dated?.text ?? null;
  }
  header.location = fields.get('location') ?? null;
  const published = fields.get('published');
  const publishedDate = published ? findDate(published) : null;
  header.published = publishedDate ? isoDay(publishedDate) : null;
  header.participants = splitPeople(fields.get('participants') ?? '');
  header.absent = splitPeople(fields.get('absent') ?? '');
  header.guests = splitPeople(fields.get('guests') ?? '');
  return header;
}

/** True when the text so far ends with a whole name, so a name on the next line is another person. */
function nameLineBefore(value: string): boolean {
  return /(\p{Lu}[\p{L}'.-]*|\([^)]{1,12}\))$/u.test(value);
}

function committeeFrom(fields: Map<HeaderField, string>, lines: Line[]): string | null {
  const named = fields.get('committee');
  if (named) return cleanCommittee(named);
  const meeting = fields.get('meeting');
  if (meeting) return cleanCommittee(meeting);
  // "REFERAT Sundhedsdirektørkredsen d. 17-11-2022", "Referat af møde i Økonomiudvalget den 12. marts 2024"
  for (const [i, l] of lines.slice(0, 8).entries()) {
    // A bare "Referat" with the body's name on the line below it.
    const below = lines[i + 1]?.text ?? '';
    if (
      i === 0 &&
      new RegExp(`${TITLE_KIND.source}$`, 'i').test(l.text) &&
      below &&
      !/[,.;:]$/.test(below) &&
      !labelOf(below) &&
      !/\d/.test(below) &&
      below.split(' ').length <= 6
    ) {
      return cleanCommittee(below);
    }
    const m = new RegExp(
      String.raw`^${TITLE_KIND.source.slice(1)}\s*[-–:]?\s+(?:(?:af|for|fra)\s+)?(?:(?:det\s+)?(?:ordinære|ekstraordinære)\s+)?(?:mødet?\s+(?:i|for)\s+)?(.+?)(?:\s+(?:d\.|den)\s+.*|\s+\d{1,2}[./-].*|\s+\d{1,2}\.\s*\p{L}+\s+\d{4}.*|\s*[-–,]\s*\p{L}*dag\b.*)?$`,
      'iu',
    ).exec(l.text);
    if (m?.[2] && !findDate(m[2]) && /\p{Lu}/u.test(m[2])) return cleanCommittee(m[2]);
    const meetingIn = /^møde(?:t)?\s+i\s+(.+?)(?:\s+(?:d\.|den)\s+.*)?$/i.exec(l.text);
    if (meetingIn?.[1]) return cleanCommittee(meetingIn[1]);
  }
  return null;
}

function cleanCommittee(value: string): string {
  return value
    .replace(/^[-–:\s]+/, '')
    .replace(/^(?:møde(?:t)?\s+i\s+)/i, '')
    .replace(/\s+(?:d\.|den)\s+\d.*$/i, '')
    .replace(/[.,;:]+$/, '')
    .trim();
}

function kindOf(header: Header, items: AgendaItem[]): DocumentKind {
  const decided = items.some((i) => i.decision);
  if (items.length === 1 && items[0]!.number === null && !header.committee && !header.dateText) {
    // A lone item with sections is an agenda item on its own; plain text is some other document.
    return items[0]!.sections.length > 1 || decided ? 'punkt' : 'bilag';
  }
  if (decided) return 'referat';
  if (header.kindWord?.startsWith('dagsorden') || header.kindWord === 'tillægsdagsorden') return 'dagsorden';
  return header.kindWord ? 'referat' : 'dagsorden';
}

// ---------------------------------------------------------------------------------------------
// One item

interface ItemContext {
  listTitle: string | undefined;
  tocTitle: string | undefined;
  isHeadingish: (l: Line) => boolean;
  absent: string[];
}

function readItem(heading: Candidate, body: Line[], ctx: ItemContext): AgendaItem {
  // The heading may wrap onto the lines below it.
  let title = heading.title;
  let rest = body.slice(heading.titleLines ?? 0);
  const target = ctx.listTitle ? fold(ctx.listTitle) : null;
  while (rest.length) {
    const next = rest[0]!;
    const joined = joinLines([title, next.text]);
    if (target) {
      if (fold(title) === target || !target.startsWith(fold(joined))) break;
    } else if (!continuesHeading(heading.line, next, title, ctx)) break;
    title = joined;
    rest = rest.slice(1);
  }
  if (ctx.listTitle && fold(ctx.listTitle).startsWith(fold(title)) && ctx.listTitle.length > title.length)
    title = ctx.listTitle;
  if (ctx.tocTitle && fold(ctx.tocTitle) === fold(title)) title = ctx.tocTitle;

  let closed = CLOSED_MARK.test(title);
  let caseNumber: string | null = null;
  const kept: Line[] = [];
  for (const [i, line] of rest.entries()) {
    const caseLabel = CASE_LABEL.exec(line.text);
    if (!caseNumber && (caseLabel || (i < 4 && CASE_ID.test(line.text)))) {
      caseNumber = (caseLabel?.[1] ?? line.text).trim();
      continue;
    }
    if (i < 4 && OPEN_MARK.test(line.text)) continue;
    if (i < 4 && CLOSED_MARK.test(line.text) && line.text.length < 30) {
      closed = true;
      continue;
    }
    const absent = /^(fraværende|afbud|fravær)\s*:\s*(.+)$/i.exec(line.text);
    if (absent) {
      ctx.absent.push(...splitPeople(absent[2]!));
      continue;
    }
    kept.push(line);
  }

  const sections = readSections(kept, heading, title, ctx);
  // The first Bilag list is the item's; a later one inside the case text repeats it in other words.
  const bilagList = sections.find((s) => sectionKind(s.heading) === 'attachments' && s.lines.length);
  // A closed item keeps the names of its bilag (never shown to the public), so that a bilag it
  // lists is known as closed when it arrives, and never indexed with its text.
  const attachments = !bilagList ? [] : attachmentNames(bilagList);
  const textSections = closed ? [] : sections.filter((s) => sectionKind(s.heading) !== 'attachments');
  const decision = textSections.find((s) => sectionKind(s.heading) === 'decision' && s.text)?.text ?? null;
  return {
    number: itemNumber(heading.number),
    title,
    caseNumber,
    closed,
    decision,
    sections: textSections.map(({ heading: h, text }) => ({ heading: h, text })),
    attachments,
    page: heading.line.page,
  };
}

function itemNumber(raw: string): number | string {
  return /^\d+$/.test(raw) ? Number(raw) : raw;
}

function continuesHeading(first: Line, next: Line, title: string, ctx: ItemContext): boolean {
  if (sectionKind(next.text) || CASE_ID.test(next.text) || CASE_LABEL.test(next.text) || labelOf(next.text))
    return false;
  if (STRONG_HEADING.test(next.text) || NUMBERED_HEADING.test(next.text)) return false;
  if (first.heading || next.heading) return false;
  const typedLine = first.bold || (first.size ?? 0) > 0;
  if (typedLine && (first.bold || next.bold)) {
    return Boolean(first.bold) === Boolean(next.bold) && Math.abs((first.size ?? 0) - (next.size ?? 0)) < 0.6;
  }
  // Plain text (OCR): a short line after a heading that did not end a sentence continues it.
  return (
    !ctx.isHeadingish(next) &&
    !/[.:!?]$/.test(title) &&
    next.text.length <= 40 &&
    !/[.:]$/.test(next.text) &&
    next.text.split(' ').length <= 5
  );
}

interface RawSection {
  heading: string;
  lines: Line[];
}

function readSections(
  lines: Line[],
  heading: Candidate,
  title: string,
  ctx: ItemContext,
): (Section & { lines: Line[] })[] {
  const sections: RawSection[] = [];
  let current: RawSection = { heading: '', lines: [] };
  const start = (h: string) => {
    sections.push(current);
    current = { heading: h, lines: [] };
  };
  for (const line of lines) {
    const text = line.text.replace(/:$/, '');
    // Inside a bilag list, an entry named "Indstilling" is a file, not a heading.
    const inList =
      sectionKind(current.heading) === 'attachments' && (line.listItem || BULLET.test(line.text));
    if (sectionKind(text) && text.length <= 80 && !inList) {
      start(text);
      continue;
    }
    const inline = INLINE_SECTION.exec(line.text);
    if (inline && sectionKind(inline[1]!)) {
      start(inline[1]!.trim());
      current.lines.push({ ...line, text: inline[2]! });
      continue;
    }
    // A heading as large as the item's own that repeats its title ends a section and is not text.
    if (ctx.isHeadingish(line) && similarTitle(line.text, title)) {
      start('');
      continue;
    }
    if (
      ctx.isHeadingish(line) &&
      (line.size ?? 0) >= (heading.line.size ?? 99) &&
      line.bold === heading.line.bold
    ) {
      start('');
      continue;
    }
    current.lines.push(line);
  }
  sections.push(current);
  return sections
    .map((s) => ({ ...s, lines: dropTitleRepeat(s.lines, title) }))
    .filter((s) => s.heading || s.lines.length)
    .map((s) => ({
      heading: s.heading,
      text:
        sectionKind(s.heading) === 'attachments'
          ? s.lines.map((l) => l.text).join('\n')
          : paragraphs(s.lines),
      lines: s.lines,
    }));
}

/** The web-portal layout repeats an item's title (wrapped or not) before its Sagsfremstilling. */
function dropTitleRepeat(lines: Line[], title: string): Line[] {
  for (let k = 1; k <= Math.min(3, lines.length); k++) {
    const tail = lines.slice(lines.length - k);
    if (similarTitle(joinLines(tail.map((l) => l.text)), title)) return lines.slice(0, lines.length - k);
  }
  return lines;
}

function similarTitle(a: string, b: string): boolean {
  if (fold(a) === fold(b)) return true;
  const words = (s: string) =>
    new Set(
      s
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .filter(Boolean),
    );
  const wa = words(a);
  const wb = words(b);
  if (wa.size < 3 || wb.size < 3) return false;
  let shared = 0;
  for (const w of wa) if (wb.has(w)) shared++;
  return shared / (wa.size + wb.size - shared) >= 0.75 && wa.size <= wb.size + 3;
}

/** Joins lines into paragraphs: a bullet, or a line after one that ended a sentence short, starts anew. */
function paragraphs(lines: Line[]): string {
  const out: string[][] = [];
  let para: string[] = [];
  let prevLen = 0;
  const maxLen = lines.reduce((m, l) => Math.max(m, l.text.length), 1);
  for (const line of lines) {
    const startsNew =
      BULLET.test(line.text) ||
      line.listItem ||
      line.heading ||
      (para.length && /[.:!?]$/.test(para.at(-1)!) && prevLen < maxLen * 0.8) ||
      line.block;
    if (startsNew && para.length) {
      out.push(para);
      para = [];
    }
    para.push(line.text);
    prevLen = line.text.length;
  }
  if (para.length) out.push(para);
  return out.map((p) => joinLines(p)).join('\n');
}

function attachmentNames(section: Section & { lines: Line[] }): Attachment[] {
  const names: string[] = [];
  const bulleted = section.lines.some((l) => BULLET.test(l.text) || l.listItem);
  for (const line of section.lines) {
    const text = line.text.replace(BULLET, '').trim();
    if (!text || /^\d{1,3}$/.test(text) || /^(ingen|ingen bilag)\.?$/i.test(text)) continue;
    const newEntry = !bulleted || BULLET.test(line.text) || line.listItem;
    const last = names.at(-1);
    if (!newEntry && last !== undefined && !/\.(pdf|docx?|xlsx?|pptx?|html?)$/i.test(last))
      names[names.length - 1] = joinLines([last, text]);
    else names.push(text);
  }
  return dedupe(names).map((name) => ({ name }));
}

/** A single item with no number and no meeting header: its title, then its sections. */
function readLoneItem(lines: Line[], isHeadingish: (l: Line) => boolean): AgendaItem | null {
  const firstSection = lines.findIndex((l) => sectionKind(l.text.replace(/:$/, '')) !== null);
  if (firstSection < 1) return null;
  const sectionCount = lines.filter((l) => sectionKind(l.text.replace(/:$/, '')) !== null).length;
  if (sectionCount < 2) return null;
  const titleLines = lines.slice(0, firstSection);
  const styled = titleLines.filter(isHeadingish);
  const title = joinLines((styled.length ? styled : titleLines.slice(0, 2)).map((l) => l.text));
  const fake: Candidate = { line: lines[0]!, index: 0, number: '', title, style: 'numbered' };
  const sections = readSections(lines.slice(firstSection), fake, title, {
    listTitle: undefined,
    tocTitle: undefined,
    isHeadingish,
    absent: [],
  });
  const textSections = sections.filter((s) => sectionKind(s.heading) !== 'attachments');
  return {
    number: null,
    title,
    caseNumber: null,
    closed: false,
    decision: textSections.find((s) => sectionKind(s.heading) === 'decision' && s.text)?.text ?? null,
    sections: textSections.map(({ heading, text }) => ({ heading, text })),
    attachments: sections.filter((s) => sectionKind(s.heading) === 'attachments').flatMap(attachmentNames),
    page: lines[0]!.page,
  };
}

function wholeDocumentItem(lines: Line[], title: string): AgendaItem {
  return {
    number: null,
    title,
    caseNumber: null,
    closed: false,
    decision: null,
    sections: lines.length ? [{ heading: '', text: paragraphs(lines) }] : [],
    attachments: [],
    page: lines[0]?.page ?? 1,
  };
}

function dedupe(values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const k = fold(v);
    if (!k || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
