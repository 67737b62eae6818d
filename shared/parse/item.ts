// One item: its title (which may wrap), case number, closed marking, sections, this meeting's
// decision among earlier ones, and its bilag.
import type { AgendaItem, Attachment, Section } from '../domain/model.ts';
import { findDate, isoDay } from './dates.ts';
import { type Candidate, NUMBERED_HEADING, STRONG_HEADING } from './item-headings.ts';
import { type Line, note } from './lines.ts';
import { labelOf } from './meeting-header.ts';
import { fold, joinLines } from './normalize.ts';
import { splitPeople } from './people.ts';
import {
  CASE_ID,
  CASE_LABEL,
  CLOSED_LINE,
  CLOSED_MARK,
  CLOSED_ONLY,
  CLOSED_WORD,
  caseNumberOf,
  INLINE_SECTION,
  MEETING_ENDED,
  OPEN_MARK,
  sectionKind,
} from './vocabulary.ts';

const BARE_CASE_LABEL = /^(?:sags?\s?\.?\s?(?:nr|nummer)|sagsid|j\.?\s?nr|journal(?:nr|nummer))\.?\s*:?$/i;
const CASE_ID_LOOSE = /^[\p{L}\d][\p{L}\d./-]{3,40}$/u;

export const BULLET = /^(?:[•·▪◦‣∙●○■□–\-*]|\(?[a-z]\)|\d{1,2}\))\s+/u;

export interface ItemContext {
  listTitle: string | undefined;
  tocTitle: string | undefined;
  isHeadingish: (l: Line) => boolean;
  /** The meeting's day (YYYY-MM-DD) and committee, for picking this meeting's decision. */
  meetingDay: string | null;
  committee: string | null;
  /** Lines standing just above the heading that belong to it (its case number). */
  before?: Line[];
}

/** An item as read, with what the meeting as a whole learns from it. */
export interface ReadItem {
  item: AgendaItem;
  /** Absentees named under this item ("Fraværende: …" in its decision block). */
  absent: string[];
  /** The heading of the decision taken as this meeting's, for a lone item's committee and date. */
  decisionHeading: string | null;
}

export function readItem(heading: Candidate, body: Line[], ctx: ItemContext): ReadItem {
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

  const titleWhy =
    heading.style === 'explicit'
      ? 'an item heading ("Punkt N")'
      : 'an item heading: its number continues the run of item numbers';
  note(heading.line, 'item heading', titleWhy);
  for (const l of body.slice(0, body.length - rest.length))
    note(l, 'item heading', 'the item heading, wrapped');

  let closed = CLOSED_WORD.test(title) || Boolean(heading.closed);
  let caseNumber: string | null = null;
  const absent: string[] = [];
  const kept: Line[] = [];
  const lines = [...(ctx.before ?? []), ...rest];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    // "Sagsnr.:" with its value in the cell or line below (Acadre's Word source).
    if (
      !caseNumber &&
      BARE_CASE_LABEL.test(line.text) &&
      lines[i + 1] &&
      CASE_ID_LOOSE.test(lines[i + 1]!.text) &&
      /\d/.test(lines[i + 1]!.text)
    ) {
      caseNumber = caseNumberOf(lines[i + 1]!.text);
      note(line, 'case number', 'a case number label');
      note(lines[i + 1], 'case number', 'the case number of the item, below its label');
      i++;
      continue;
    }
    const caseLabel = CASE_LABEL.exec(line.text);
    if (!caseNumber && (caseLabel || (i < 4 && CASE_ID.test(line.text)))) {
      caseNumber = caseNumberOf(caseLabel?.[1] ?? line.text) || null;
      note(line, 'case number', 'the case number of the item');
      // A packed line may end by saying whether the case is open: "… Initialer: AB Lukket sag".
      if (CLOSED_LINE.test(line.text)) closed = true;
      continue;
    }
    if (i < 5 && OPEN_MARK.test(line.text)) {
      note(line, 'ignored', 'says the item is open');
      continue;
    }
    if (i < 5 && (CLOSED_MARK.test(line.text) || CLOSED_LINE.test(line.text)) && line.text.length < 40) {
      closed = true;
      note(line, 'closed mark', 'says the item is closed');
      continue;
    }
    if (MEETING_ENDED.test(line.text) && line.text.length < 60) {
      note(line, 'meeting header', 'the end of the meeting ("Mødet blev hævet kl. …")');
      continue;
    }
    const away = /^(fraværende|afbud|fravær)\s*:\s*(.+)$/i.exec(line.text);
    if (away) {
      absent.push(...splitPeople(away[2]!));
      note(line, 'meeting header', 'absentees under this item');
      continue;
    }
    kept.push(line);
  }
  if (closed) {
    // A closed item keeps the names of its bilag (never shown to the public), so that a bilag it
    // lists is known as closed when it arrives, and never indexed with its text.
    const attachments = itemAttachments(readSections(kept, heading, title, ctx), ctx);
    for (const l of kept) note(l, 'closed (not indexed)', 'text of a closed item: never indexed');
    if (CLOSED_WORD.test(title))
      heading.line.why = `${titleWhy}; "${CLOSED_WORD.exec(title)![1]}" in the heading closes it`;
    else if (heading.closed) heading.line.why = `${titleWhy}; the marking beside its number closes it`;
    return {
      item: {
        number: itemNumber(heading.number),
        title,
        caseNumber,
        closed,
        decision: null,
        sections: [],
        attachments,
        page: heading.line.page,
      },
      absent,
      decisionHeading: null,
    };
  }

  const sections = readSections(kept, heading, title, ctx);
  const attachments = itemAttachments(sections, ctx);
  const textSections = sections.filter((s) => {
    const kind = sectionKind(s.heading);
    return kind !== 'attachments' && kind !== 'signatures';
  });
  const chosen = thisMeetingsDecision(textSections, ctx);
  for (const s of textSections)
    for (const l of s.lines)
      note(
        l,
        s === chosen ? 'decision' : 'body',
        s === chosen
          ? `text of the decision "${s.heading}"`
          : `text of section "${s.heading || '(no heading)'}"`,
      );
  return {
    item: {
      number: itemNumber(heading.number),
      title,
      caseNumber,
      closed,
      decision: chosen?.text ?? null,
      sections: textSections.map(({ heading: h, text }) => ({ heading: h, text })),
      attachments,
      page: heading.line.page,
    },
    absent,
    decisionHeading: chosen?.heading ?? null,
  };
}

/**
 * This meeting's decision among the decisions an item carries (Acadre prints earlier meetings'
 * "Beslutning i … den 10-04-2013" before this one's; First Agenda the fagudvalg's before the
 * council's; Region Hovedstaden the current one first, the history after): the block dated this
 * meeting, by this committee where it names one; else the first undated block; else the latest.
 */
export function thisMeetingsDecision<T extends Section>(
  sections: T[],
  ctx: Pick<ItemContext, 'meetingDay' | 'committee'>,
): T | undefined {
  const decisions = sections.filter((s) => sectionKind(s.heading) === 'decision' && s.text);
  if (decisions.length <= 1) return decisions[0];
  const dated = decisions.map((s) => {
    const d = findDate(s.heading);
    return { s, day: d ? isoDay(d) : null };
  });
  const committee = ctx.committee ? fold(ctx.committee).replace(/(et|en)$/, '') : null;
  const today = dated.filter((d) => d.day && d.day === ctx.meetingDay);
  if (today.length) {
    return (
      (committee ? today.find((d) => fold(d.s.heading).includes(committee)) : undefined)?.s ?? today[0]!.s
    );
  }
  const undated = dated.find((d) => !d.day);
  if (undated) return undated.s;
  return dated.reduce((a, b) => (b.day! > a.day! ? b : a)).s;
}

export function itemNumber(raw: string): number | string {
  return /^\d+$/.test(raw) ? Number(raw) : raw;
}

export function continuesHeading(first: Line, next: Line, title: string, ctx: ItemContext): boolean {
  if (sectionKind(next.text) || CASE_ID.test(next.text) || CASE_LABEL.test(next.text) || labelOf(next.text))
    return false;
  if (STRONG_HEADING.test(next.text) || NUMBERED_HEADING.test(next.text)) return false;
  // "Beslutning: Intet." set in bold is a section with its text, not the title going on.
  const inline = INLINE_SECTION.exec(next.text);
  if (inline && sectionKind(inline[1]!)) return false;
  // "LUKKET PUNKT" / "Åben sag" on the line below says what the item is; it is no part of its title.
  if (OPEN_MARK.test(next.text) || (CLOSED_ONLY.test(next.text) && !/[-–]$/.test(title))) return false;
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

export interface RawSection {
  heading: string;
  lines: Line[];
}

export function readSections(
  lines: Line[],
  heading: Candidate,
  title: string,
  ctx: ItemContext,
): (Section & { lines: Line[] })[] {
  const sections: RawSection[] = [];
  const likeTitle = titleMatcher(title);
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
    // A paragraph after a bulleted Bilag list (HTML, Word) is text again, not another file.
    if (
      sectionKind(current.heading) === 'attachments' &&
      !inList &&
      line.block &&
      current.lines.some((l) => l.listItem || BULLET.test(l.text))
    ) {
      start('');
      current.lines.push(line);
      continue;
    }
    // eDoc's sub-points ("c. Konference …") each may have a Bilag line; the next one ends the list.
    if (
      sectionKind(current.heading) === 'attachments' &&
      !inList &&
      current.lines.length &&
      /^[a-zæøå][.)]\s+\p{Lu}/u.test(line.text)
    ) {
      start('');
      current.lines.push(line);
      continue;
    }
    if (sectionKind(text) && text.length <= 120 && !inList) {
      start(text);
      note(line, 'section heading', `a section heading (${sectionKind(text)})`);
      continue;
    }
    const inline = INLINE_SECTION.exec(line.text);
    if (inline && sectionKind(inline[1]!)) {
      start(inline[1]!.trim());
      note(
        line,
        'section heading',
        `a section heading with its text on the same line (${sectionKind(inline[1]!)})`,
      );
      current.lines.push({ ...line, text: inline[2]! });
      continue;
    }
    // A heading as large as the item's own that repeats its title ends a section and is not text.
    if (ctx.isHeadingish(line) && likeTitle(line.text)) {
      start('');
      note(line, 'ignored', 'repeats the item title');
      continue;
    }
    if (
      ctx.isHeadingish(line) &&
      (line.size ?? 0) >= (heading.line.size ?? 99) &&
      line.bold === heading.line.bold
    ) {
      start('');
      note(line, 'body', 'a heading as large as the item heading: ends the section');
      continue;
    }
    // A short bold line of its own after a decision is a heading the vocabulary does not know;
    // it ends the decision rather than joining it.
    if (
      sectionKind(current.heading) === 'decision' &&
      current.lines.length &&
      (line.bold || line.heading) &&
      !inList &&
      text.length <= 70 &&
      !/[.,;]$/.test(line.text)
    ) {
      start(text);
      note(line, 'section heading', 'a bold line of its own after the decision: a heading');
      continue;
    }
    current.lines.push(line);
  }
  sections.push(current);
  return sections
    .map((s) => ({
      ...s,
      lines: sectionKind(s.heading) === 'attachments' ? s.lines : dropTitleRepeat(s.lines, likeTitle),
    }))
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
function dropTitleRepeat(lines: Line[], like: (text: string) => boolean): Line[] {
  for (let k = 1; k <= Math.min(3, lines.length); k++) {
    const tail = lines.slice(lines.length - k);
    if (like(joinLines(tail.map((l) => l.text)))) return lines.slice(0, lines.length - k);
  }
  return lines;
}

/**
 * Whether a text repeats a title: the same letters and digits, or most of its words. Made once
 * for an item, so the title is folded and split once, not for every line tried against it.
 */
function titleMatcher(title: string): (text: string) => boolean {
  const folded = fold(title);
  let wb: Set<string> | undefined;
  return (a) => {
    if (fold(a) === folded) return true;
    const wa = titleWords(a);
    wb ??= titleWords(title);
    if (wa.size < 3 || wb.size < 3) return false;
    let shared = 0;
    for (const w of wa) if (wb.has(w)) shared++;
    return shared / (wa.size + wb.size - shared) >= 0.75 && wa.size <= wb.size + 3;
  };
}

function titleWords(s: string): Set<string> {
  return new Set(
    s
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean),
  );
}

/** Joins lines into paragraphs: a bullet, or a line after one that ended a sentence short, starts anew. */
export function paragraphs(lines: Line[]): string {
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

/** A bilag entry's own marking and numbering: "1 Åben", "2. Lukket", and the document number after it. */
/** "1 Åben Opsamlingsnotat" (Acadre), "Åben - Notat" (Acadre print): the bilag's marking, not its name. */
const BILAG_MARK =
  /^(?:(?:bilag\s*)?\d{1,3}[.:)]?\s+(åben|åbent|lukket|fortroligt?)\b\s*[-–:]?\s*|(åben|åbent|lukket|fortroligt?)\s*[-–:]\s+)/i;
const DOC_NUMBER = /^(?:\d{2,4}[-–]\d{3,}|\d{3,}\/\d{2,4}|[A-ZÆØÅ]{2,6}-\d{2,4}-\d{3,})$/;

export function attachmentNames(
  section: Section & { lines: Line[] },
  ctx?: Pick<ItemContext, 'committee'>,
): Attachment[] {
  const names: string[] = [];
  const bulleted = section.lines.some((l) => BULLET.test(l.text) || l.listItem);
  // eDoc opens each entry with its document number ("2012-204248 - …"): a line without one wraps.
  const DOC_PREFIX = /^(?:\d{2,4}[-–]\d{3,}|\d{3,}\/\d{2,4})\s*[-–]\s*/;
  const prefixed = section.lines.some((l) => DOC_PREFIX.test(l.text));
  const numbered = section.lines.some((l) => /^\d{1,3}[.)]\s+\S/.test(l.text.replace(BULLET, '')));
  let skipNext = false;
  for (const line of section.lines) {
    let text = line.text.replace(BULLET, '').trim();
    // Acadre: "1 Åben Opsamlingsnotat … 222359/12"; its Word source puts each part in a cell.
    const mark = BILAG_MARK.exec(text);
    if (mark) {
      const closedBilag = /lukket|fortrolig/i.test(mark[1] ?? mark[2]!);
      text = text.slice(mark[0].length).trim();
      if (closedBilag) {
        // A closed bilag is not for the public: neither its name nor its text.
        note(line, 'closed (not indexed)', 'a bilag marked closed');
        skipNext = !text;
        continue;
      }
    }
    // eDoc: "2012-208960 - Title"; a document number alone on its line (a table cell).
    text = text.replace(/^(?:\d{2,4}[-–]\d{3,}|\d{3,}\/\d{2,4}|doknr\.?\s*\S*)\s*[-–]\s*/i, '');
    text = text.replace(/\s+\d{3,}\/\d{2,4}$/, '').trim();
    // "1. Budgetnotat (åben)": the list's own numbering and the open/closed marking are no part of the name.
    if (/\((?:lukket|fortrolig[te]?)\)$/i.test(text)) {
      note(line, 'closed (not indexed)', 'a bilag marked closed');
      continue;
    }
    text = text.replace(/\s*\((?:åben|åbent|offentlig)\)$/i, '');
    // "Bilag 1: Notat", "Bilag 2 - Kort": the entry's own label; "(PDF, 120 KB)": the link's file type and size.
    text = text
      .replace(/^bilag\s*(?:nr\.?\s*)?\d{1,3}[a-z]?\s*[:.\-–]\s+/i, '')
      .replace(/\s*\((?:pdf|docx?|xlsx?|pptx?|html?)?[,\s]*(?:\d+(?:[.,]\d+)?\s*[kmg]i?b)?\)$/i, (m) =>
        /\p{L}{2}|\d/u.test(m) ? '' : m,
      )
      .trim();
    if (numbered) text = text.replace(/^\d{1,3}[.)]\s+/, '');
    if (
      !text ||
      /^\d{1,3}\.?$/.test(text) ||
      DOC_NUMBER.test(text) ||
      /^(ingen|ingen bilag)\.?$/i.test(text)
    ) {
      note(line, 'ignored', 'a number in a bilag list, not a name');
      continue;
    }
    if (skipNext) {
      skipNext = false;
      note(line, 'closed (not indexed)', 'a bilag marked closed');
      continue;
    }
    if (!/\p{L}{2}/u.test(text) || (ctx?.committee && fold(text) === fold(ctx.committee))) {
      note(line, 'ignored', 'not a bilag name');
      continue;
    }
    note(line, 'bilag', 'an entry of the Bilag list');
    const newEntry = prefixed
      ? DOC_PREFIX.test(line.text)
      : !bulleted ||
        BULLET.test(line.text) ||
        line.listItem ||
        Boolean(mark) ||
        (numbered && /^\d{1,3}[.)]\s/.test(line.text));
    const last = names.at(-1);
    if (!newEntry && last !== undefined && !/\.(pdf|docx?|xlsx?|pptx?|html?)$/i.test(last))
      names[names.length - 1] = joinLines([last, text]);
    else if (
      !mark &&
      !bulleted &&
      last !== undefined &&
      /^\p{Ll}/u.test(text) &&
      !/\.(pdf|docx?|xlsx?|pptx?|html?)$/i.test(last)
    )
      // A name that wraps: the part after the break starts in lower case.
      names[names.length - 1] = joinLines([last, text]);
    else names.push(text);
  }
  return dedupe(names).map((name) => ({ name }));
}

/**
 * Every Bilag list of the item (sub-points may each have one), names cleaned and counted once;
 * a later list that names an earlier list's file in other words ("Visionspapir for …") repeats it.
 */
function itemAttachments(
  sections: (Section & { lines: Line[] })[],
  ctx: Pick<ItemContext, 'committee'>,
): Attachment[] {
  const out: Attachment[] = [];
  const firstWord = (name: string) => fold(name.split(/\s+/)[0] ?? '');
  for (const s of sections) {
    if (sectionKind(s.heading) !== 'attachments') continue;
    const names = attachmentNames(s, ctx);
    const earlier = new Set(out.map((a) => firstWord(a.name)));
    out.push(...(out.length ? names.filter((a) => !earlier.has(firstWord(a.name))) : names));
  }
  return dedupeAttachments(out);
}

function dedupeAttachments(list: Attachment[]): Attachment[] {
  const seen = new Set<string>();
  return list.filter((a) => {
    const k = fold(a.name);
    if (!k || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** A single item with no number and no meeting header: its title, then its sections. */
export function readLoneItem(
  lines: Line[],
  isHeadingish: (l: Line) => boolean,
  meetingDay: string | null,
  committee: string | null,
): ReadItem | null {
  const firstSection = lines.findIndex((l) => sectionKind(l.text.replace(/:$/, '')) !== null);
  if (firstSection < 1) return null;
  const sectionCount = lines.filter((l) => sectionKind(l.text.replace(/:$/, '')) !== null).length;
  if (sectionCount < 2) return null;
  const titleLines = lines.slice(0, firstSection);
  const styled = titleLines.filter(isHeadingish);
  const title = joinLines((styled.length ? styled : titleLines.slice(0, 2)).map((l) => l.text));
  const fake: Candidate = { line: lines[0]!, index: 0, number: '', title, style: 'numbered' };
  const ctx: ItemContext = { listTitle: undefined, tocTitle: undefined, isHeadingish, meetingDay, committee };
  const sections = readSections(lines.slice(firstSection), fake, title, ctx);
  const textSections = sections.filter((s) => {
    const kind = sectionKind(s.heading);
    return kind !== 'attachments' && kind !== 'signatures';
  });
  for (const l of titleLines)
    note(l, 'item heading', 'the title of a lone item: the lines before its first section');
  const chosen = thisMeetingsDecision(textSections, ctx);
  for (const s of textSections)
    for (const l of s.lines) note(l, s === chosen ? 'decision' : 'body', `text of section "${s.heading}"`);
  return {
    item: {
      number: null,
      title,
      caseNumber: null,
      closed: CLOSED_WORD.test(title),
      decision: CLOSED_WORD.test(title) ? null : (chosen?.text ?? null),
      sections: CLOSED_WORD.test(title) ? [] : textSections.map(({ heading, text }) => ({ heading, text })),
      attachments: CLOSED_WORD.test(title) ? [] : itemAttachments(sections, ctx),
      page: lines[0]!.page,
    },
    absent: [],
    decisionHeading: chosen?.heading ?? null,
  };
}

export function wholeDocumentItem(lines: Line[], title: string): AgendaItem {
  for (const l of lines) note(l, 'body', 'no structure was found: the whole text is one item');
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

export function dedupe(values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const k = fold(v);
    if (!k || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
