import type { AgendaItem, DocumentKind, ParsedDocument, SourceInfo } from '../domain/model.ts';
import type { ExtractedText } from '../ports/text-extractor.port.ts';
import { findDate, isoDay, parseMeetingTime } from './dates.ts';
import { dedupe, type ReadItem, readItem, readLoneItem, wholeDocumentItem } from './item.ts';
import { type Candidate, chooseHeadings, findAgendaList, findItemHeadings } from './item-headings.ts';
import { commonSize, hasTypography, type Line, type LineExplanation, note, toLines } from './lines.ts';
import { cleanCommittee, type Header, readHeader } from './meeting-header.ts';
import { meetingIdFor } from './meeting-id.ts';
import { fold } from './normalize.ts';
import { extractToc } from './toc.ts';
import { CASE_ID, CASE_LABEL, CLOSED_WORD, MEETING_ENDED, sectionKind } from './vocabulary.ts';
import { NOT_MINUTES } from './warnings.ts';

/** What an uploader or a manifest says about a file, used where the file itself is silent. */
export interface ParseHints {
  committee?: string;
  date?: string;
  kind?: DocumentKind;
}

/** A parse with, for every line of the document, what it was read as and why. */
export interface ExplainedParse {
  parsed: ParsedDocument;
  lines: LineExplanation[];
}

/** Group headings between items ("Til efterretning - for åbne døre", "Lukkede punkter"): not items. */
const GROUP_HEADING =
  /^(?:(?:sager |punkter )?til (?:beslutning|efterretning|orientering|drøftelse|godkendelse|behandling)(?:\s*[-–,:].{0,50})?|(?:åbne?|lukkede?) (?:punkter|sager|dagsorden|møde|del)|(?:beslutnings|orienterings|drøftelses)(?:sager|punkter)|(?:for )?(?:åbne|lukkede) døre)$/i;

/**
 * Reads the structure of one document: the meeting it records and its agenda items.
 * Works on lines with typography from any extractor (PDF, DOCX, HTML, OCR), so layouts it has not
 * seen are read by the same evidence: repetition across pages, numbering, heading typography,
 * dates and the Danish vocabulary.
 */
export function parseMinutes(
  text: ExtractedText,
  source: SourceInfo,
  hints: ParseHints = {},
): ParsedDocument {
  return explainMinutes(text, source, hints).parsed;
}

/** As `parseMinutes`, and says for each line why it became what it became. */
export function explainMinutes(
  text: ExtractedText,
  source: SourceInfo,
  hints: ParseHints = {},
): ExplainedParse {
  const warnings: string[] = [];
  const { lines, removed } = toLines(text);
  const bodySize = commonSize(lines);
  const typed = hasTypography(lines);
  const isHeadingish = (l: Line) => Boolean(l.heading) || Boolean(l.bold) || (l.size ?? 0) > bodySize * 1.12;

  const toc = extractToc(lines, text.pages.length);
  const candidates = findItemHeadings(lines, toc.indexes, typed, isHeadingish);
  const agendaList = findAgendaList(candidates, lines, isHeadingish);
  const headings = chooseHeadings(candidates, agendaList, typed);

  const firstItemAt = headings[0]?.index ?? lines.length;
  const headerLines = lines
    .slice(0, firstItemAt)
    .filter((_, i) => !toc.indexes.has(i) && !agendaList.indexes.has(i));
  const header = readHeader(headerLines, isHeadingish);
  let time = header.dateText
    ? parseMeetingTime(header.dateText, header.timeText)
    : fallbackTime(header, hints);
  let committee = header.committee ?? hints.committee ?? null;
  const meetingDay = time.start?.slice(0, 10) ?? null;

  const caseAbove = printsCaseAbove(headings, lines);
  const read: ReadItem[] = [];
  for (const [n, heading] of headings.entries()) {
    const end = headings[n + 1]?.index ?? lines.length;
    const body = lines
      .slice(heading.index + 1, end)
      .filter((_, i) => !toc.indexes.has(heading.index + 1 + i));
    trimBody(body, headings[n + 1], lines, headings[n + 2]?.index, typed, isHeadingish, caseAbove);
    read.push(
      readItem(heading, body, {
        listTitle: agendaList.titles.get(heading.number),
        tocTitle: toc.titles[n],
        isHeadingish,
        meetingDay,
        committee,
        before: ownedAbove(heading, lines, headings[n - 1], headings[n + 1], caseAbove),
      }),
    );
  }

  // No numbered items: a lone item (its title, then sections), or text with no structure at all.
  if (read.length === 0) {
    const lone = readLoneItem(lines, isHeadingish, meetingDay, committee);
    if (lone) read.push(lone);
  }
  const mail = mailHeader(lines);
  const subject = mail ? mailSubject(lines) : null;
  const letter = read.length > 0 && looksLikeLetter(read, header, committee, meetingDay, mail !== null);
  if (letter) {
    warnings.push(NOT_MINUTES.letter);
    for (const l of lines) {
      l.role = undefined;
      l.why = undefined;
    }
  }
  const items: AgendaItem[] = letter ? [] : read.map((r) => r.item);
  if (items.length === 0) {
    if (!letter) warnings.push(NOT_MINUTES.noItems);
    if (mail)
      note(mail, 'document title', 'an e-mail header (Fra / Sendt / Til / Emne): a letter, not minutes');
    items.push(wholeDocumentItem(lines, subject || header.title || source.name));
  }

  // A single item published on its own (eDoc prints one PDF per item) names its meeting only in
  // its decision heading: "Sundheds- og Forebyggelsesudvalgets beslutning den 04.12.2012 Punkt 4".
  if ((!committee || !time.start) && read.length === 1) {
    const named = meetingOfDecision(read[0]!.decisionHeading);
    if (named) {
      committee ??= named.committee;
      if (!time.start && named.day) time = parseMeetingTime(named.day);
    }
  }

  if (time.weekdayMismatch) warnings.push(time.weekdayMismatch);
  let end = time.end;
  let endText = header.endText;
  if (!endText) {
    const ended = lines.find((l) => MEETING_ENDED.test(l.text));
    if (ended) {
      endText = MEETING_ENDED.exec(ended.text)![1]!;
      note(ended, 'meeting header', 'the end of the meeting ("Mødet blev hævet kl. …")');
    }
  }
  if (!end && endText && time.start) {
    const endTime = parseMeetingTime(
      endText.match(/\d{4}-\d{2}-\d{2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}/)
        ? endText
        : `${time.start.slice(0, 10)} kl. ${endText.replace(/^kl\.?\s*/i, '')}`,
    );
    end = endTime.start;
  }

  const absent = dedupe([...header.absent, ...repeatedAbsence(read)]);
  const kind = hints.kind ?? (letter || (mail && !committee) ? 'bilag' : kindOf(header, items, committee));
  if (!committee) warnings.push(NOT_MINUTES.noCommittee);
  if (!time.start) warnings.push(NOT_MINUTES.noDate);
  warnings.push(...doubts(items, headings, lines));
  const start = time.start;
  const parsed: ParsedDocument = {
    id: meetingIdFor(committee, start, source.sha256),
    committee,
    title: subject || header.title,
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
  return { parsed, lines: explanations(lines, removed, text) };
}

function fallbackTime(header: Header, hints: ParseHints) {
  if (header.titleDateText) return parseMeetingTime(header.titleDateText, header.timeText);
  if (hints.date) return parseMeetingTime(hints.date);
  return { start: null, end: null, weekdayMismatch: null };
}

/**
 * Drops what stands at the end of an item's body but belongs to what follows: a group heading
 * ("Til efterretning - for åbne døre") and the next item's case number printed above its heading.
 */
function trimBody(
  body: Line[],
  next: Candidate | undefined,
  lines: Line[],
  nextEnd: number | undefined,
  typed: boolean,
  isHeadingish: (l: Line) => boolean,
  caseAbove: boolean,
): void {
  while (body.length) {
    const last = body.at(-1)!;
    const before = body.at(-2);
    // "Til efterretning" right under "Beslutning" is the decision, not a group heading.
    if (
      GROUP_HEADING.test(last.text.replace(/:$/, '')) &&
      !(before && sectionKind(before.text.replace(/:$/, ''))) &&
      (!typed || isHeadingish(last))
    ) {
      note(last, 'group heading', 'a heading that groups items, not an item');
      body.pop();
      continue;
    }
    if (
      next &&
      isCaseLine(last) &&
      lines[next.index - 1] === last &&
      (caseAbove || !hasCaseBelow(next, lines, nextEnd))
    ) {
      body.pop();
      continue;
    }
    break;
  }
}

function isCaseLine(l: Line): boolean {
  return (CASE_LABEL.test(l.text) || CASE_ID.test(l.text)) && l.text.length <= 80;
}

/** True when the heading has a case number of its own below it, before the next heading. */
function hasCaseBelow(heading: Candidate, lines: Line[], end = heading.index + 5): boolean {
  const below = lines.slice(heading.index + 1, Math.min(end, heading.index + 5));
  const stop = below.findIndex((l) => GROUP_HEADING.test(l.text.replace(/:$/, '')));
  return (stop < 0 ? below : below.slice(0, stop)).some(isCaseLine);
}

/**
 * True when the document prints its case numbers above the item headings (Region Nordjylland):
 * more headings have a case line right above them than have one right below, not counting the
 * line right above the next heading. Then a case line above a heading is always that item's.
 */
function printsCaseAbove(headings: Candidate[], lines: Line[]): boolean {
  let above = 0;
  let below = 0;
  for (const [n, h] of headings.entries()) {
    const previous = headings[n - 1];
    const prior = lines[h.index - 1];
    if (prior && isCaseLine(prior) && !(previous && previous.index >= h.index - 1)) above++;
    const stop = Math.min(h.index + 5, (headings[n + 1]?.index ?? lines.length) - 1);
    if (lines.slice(h.index + 1, stop).some(isCaseLine)) below++;
  }
  return above >= 2 && above > below;
}

/** The case number printed just above a heading (and not below it) is that item's. */
function ownedAbove(
  heading: Candidate,
  lines: Line[],
  previous: Candidate | undefined,
  next: Candidate | undefined,
  caseAbove: boolean,
): Line[] {
  const above = lines[heading.index - 1];
  if (!above || (previous && previous.index >= heading.index - 1)) return [];
  if (!isCaseLine(above) || (!caseAbove && hasCaseBelow(heading, lines, next?.index))) return [];
  note(
    above,
    'case number',
    caseAbove
      ? 'the case number of the item below: this document prints case numbers above the item headings'
      : 'the case number of the item below: printed above its heading, and none below it',
  );
  // Only where the pattern holds for the document: an item whose heading has its case number below
  // would otherwise lend it to the next.
  return [above];
}

/** Absentees named under every item (and not only one decision block) were absent from the meeting. */
function repeatedAbsence(read: ReadItem[]): string[] {
  if (read.length < 2) return [];
  const counts = new Map<string, { name: string; n: number }>();
  for (const r of read) {
    for (const name of new Set(r.absent.map(fold))) {
      const original = r.absent.find((a) => fold(a) === name)!;
      counts.set(name, { name: original, n: (counts.get(name)?.n ?? 0) + 1 });
    }
  }
  const withAbsence = read.filter((r) => r.absent.length).length;
  return [...counts.values()].filter((c) => c.n >= Math.max(2, withAbsence)).map((c) => c.name);
}

/** The committee and day a decision heading names: "Xs beslutning den 04.12.2012", "Beslutning i X den …". */
function meetingOfDecision(heading: string | null): { committee: string | null; day: string | null } | null {
  if (!heading) return null;
  const date = findDate(heading);
  const genitive = /^(.{3,80}?)s\s+beslutning\b/i.exec(heading);
  const inBody = /^beslutning\s+(?:i|for)\s+(.+?)(?:\s+(?:den|d\.)\s+.*|\s+\d{1,2}[-./].*)?$/i.exec(heading);
  const committee = genitive ? genitive[1]! : inBody ? inBody[1]! : null;
  if (!committee && !date) return null;
  return {
    committee: committee && /\p{Lu}/u.test(committee) ? cleanCommittee(committee) : null,
    day: date ? isoDay(date) : null,
  };
}

/**
 * A letter or a note with numbered paragraphs is not an agenda: no committee and no date, no
 * section heading, case number or decision under any "item", and titles that are sentences.
 */
function looksLikeLetter(
  read: ReadItem[],
  header: Header,
  committee: string | null,
  day: string | null,
  mail: boolean,
): boolean {
  // An e-mail's date is when it was sent, not a meeting's.
  if (committee || (!mail && (day || header.dateText)) || read.length < 2) return false;
  const items = read.map((r) => r.item);
  if (
    items.some(
      // In an e-mail "lukket" is a word of a sentence ("hvorfor er stien lukket"), not a marking.
      (i) =>
        i.caseNumber || i.decision || (i.closed && !mail) || i.sections.some((s) => sectionKind(s.heading)),
    )
  )
    return false;
  if (mail) return true;
  const sentences = items.filter((i) => /[.!?]$/.test(i.title) || i.title.length > 90).length;
  return sentences >= items.length / 2;
}

const MAIL_FIELD = /^(fra|from|sendt|sent|dato|date|til|to|cc|emne|subject)\s*:/i;

/**
 * The header of a printed e-mail (Outlook prints "Fra: … Sendt: … Til: … Emne: …" above the
 * text), within the first lines: a sender and at least two more of its fields.
 */
function mailHeader(lines: Line[]): Line | null {
  const top = lines.slice(0, 12);
  const from = top.find((l) => /^(fra|from)\s*:\s*\S/i.test(l.text));
  if (!from) return null;
  const fields = new Set(
    top.flatMap((l) => MAIL_FIELD.exec(l.text)?.[1]?.toLowerCase() ?? []).map((f) => MAIL_ALIAS[f] ?? f),
  );
  return fields.size >= 3 ? from : null;
}

/** A printed e-mail's subject ("Emne: …"), its title. */
function mailSubject(lines: Line[]): string | null {
  for (const l of lines.slice(0, 12)) {
    const subject = /^(?:emne|subject)\s*:\s*(\S.*)$/i.exec(l.text)?.[1];
    if (subject) return subject.trim();
  }
  return null;
}

const MAIL_ALIAS: Record<string, string> = {
  from: 'fra',
  sent: 'sendt',
  date: 'sendt',
  dato: 'sendt',
  to: 'til',
  subject: 'emne',
};

function kindOf(header: Header, items: AgendaItem[], committee: string | null): DocumentKind {
  const decided = items.some((i) => i.decision);
  if (items.length === 1 && !header.committee && !header.dateText && !header.titleDateText) {
    // A lone item with sections is an agenda item on its own; plain text is some other document.
    return items[0]!.sections.length > 1 || decided ? 'punkt' : 'bilag';
  }
  // No committee and no agenda structure: some other document (a list, a note, a letter),
  // whatever date it carries ("Ajourført: 29. august 2025").
  if (!committee && items.length === 1 && items[0]!.number === null) return 'bilag';
  if (decided) return 'referat';
  if (header.kindWord?.startsWith('dagsorden') || header.kindWord === 'tillægsdagsorden') return 'dagsorden';
  // A page that calls itself a referat but carries no decision under any of several items is the
  // agenda (First Agenda labels its agenda pages so).
  if (header.kindWord && items.length >= 2 && items.every((i) => !i.decision && !i.closed))
    return 'dagsorden';
  return header.kindWord ? 'referat' : 'dagsorden';
}

/** Structure that is doubtful, said in the document's warnings so a secretariat can look. */
function doubts(items: AgendaItem[], headings: Candidate[], lines: Line[]): string[] {
  const out: string[] = [];
  // "7a" and "2.1" count by their main number: 3 → 7a skips 4–6.
  const numbers = items
    .map((i) => (i.number === null ? Number.NaN : Number.parseInt(String(i.number), 10)))
    .filter((n, k, all) => Number.isFinite(n) && n !== all[k - 1]);
  const gaps: string[] = [];
  for (let k = 1; k < numbers.length; k++) {
    if (numbers[k]! > numbers[k - 1]! + 1 && numbers[k]! - numbers[k - 1]! < 20)
      gaps.push(`${numbers[k - 1]! + 1}–${numbers[k]! - 1}`);
  }
  if (gaps.length)
    out.push(`item numbers skip ${gaps.join(', ')}: an item heading may not have been recognised`);
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const h of headings) (seen.has(h.number) ? twice : seen).add(h.number);
  if (twice.size) out.push(`item numbers appear more than once: ${[...twice].join(', ')}`);
  const closedWithoutWord = items.filter((i) => i.closed && !CLOSED_WORD.test(i.title));
  if (closedWithoutWord.length)
    out.push(
      `items ${closedWithoutWord.map((i) => i.number).join(', ')} are marked closed below their heading; their text is not indexed`,
    );
  const unread = lines.filter((l) => !l.role).length;
  if (items.length > 1 && lines.length > 40 && unread / lines.length > 0.5)
    out.push(`${Math.round((100 * unread) / lines.length)}% of the lines belong to no item or section`);
  return out;
}

function explanations(lines: Line[], removed: LineExplanation[], text: ExtractedText): LineExplanation[] {
  const kept = lines.map((l) => ({
    page: l.page,
    text: l.text,
    role: l.role ?? 'body',
    why: l.why ?? 'text before the first item that is no header field',
  }));
  // Removed lines go back where they stood on their page: headers before its text, footers after.
  const group = (list: LineExplanation[]) => {
    const m = new Map<number, LineExplanation[]>();
    for (const e of list) {
      const at = m.get(e.page);
      if (at) at.push(e);
      else m.set(e.page, [e]);
    }
    return m;
  };
  const heads = group(removed.filter((r) => !r.why.includes('footer')));
  const feet = group(removed.filter((r) => r.why.includes('footer')));
  const body = group(kept);
  const out: LineExplanation[] = [];
  for (const page of text.pages)
    for (const list of [heads, body, feet]) for (const e of list.get(page.number) ?? []) out.push(e);
  return out;
}
