// Meeting header: committee, date and time, place, who took part and who did not. Labels with or
// without a colon and with the value beside or below; without labels, by what the lines are
// (the body's name under "Referat", a line that is a date, the place after it).
import { findDate, findTimes, isoDay, MONTH_PATTERN } from './dates.ts';
import { type Line, note } from './lines.ts';
import { splitPeople } from './people.ts';
import {
  CASE_ID,
  CASE_LABEL,
  CLOSED_MARK,
  HEADER_LABELS,
  type HeaderField,
  OPEN_MARK,
  TITLE_KIND,
} from './vocabulary.ts';

export interface Header {
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

const ANY_LABEL = new RegExp(
  `^(?:${HEADER_LABELS.map((l) => l.re.source.replace(/^\^/, '').replace(/\$$/, '')).join('|')})(?=\\s|$)`,
  'i',
);

export function labelOf(text: string): { field: HeaderField; value: string } | null {
  const colon = /^([\p{L} /]{2,40}?)\s*:\s*(.*)$/u.exec(text);
  if (colon) {
    const label = HEADER_LABELS.find((l) => l.re.test(colon[1]!.trim()));
    if (label) return { field: label.field, value: colon[2]!.trim() };
  }
  // One test of all labels first: most lines of a document start with none of them.
  if (!ANY_LABEL.test(text.trim())) return null;
  for (const label of HEADER_LABELS) {
    if (label.re.test(text.trim())) return { field: label.field, value: '' };
    if (!label.loose) continue;
    const words = text.split(' ');
    for (let k = Math.min(4, words.length - 1); k >= 1; k--) {
      if (label.re.test(words.slice(0, k).join(' ')))
        // "Mødelokale 2" without a colon is the place's whole name, not a label and a "2".
        return {
          field: label.field,
          value:
            label.field === 'location' &&
            (/^\d{1,3}$/.test(words.slice(k).join(' ')) ||
              // "Mødelokale 1, Rådhuset": a room's number and where it is.
              (/lokale$/i.test(words[k - 1]!) && /^\d{1,3}[a-z]?,\s/i.test(words.slice(k).join(' '))))
              ? text
              : words.slice(k).join(' '),
        };
    }
  }
  return null;
}

/** Names with party letters and roles, one or more to a line: "Jesper Mathiesen (A) Ole Bjerregaard (V)". */
const NAME = String.raw`\p{Lu}[\p{L}'.-]*(?:\s+(?:\p{Lu}[\p{L}'.-]*|von|van|de|af))+(?:\s*\([^)]{1,12}\))?(?:\s*[-–,]\s*(?:formand|næstformand|sekretær|borgmester|rådmand|medlem|suppleant|mødeleder))?`;
const NAME_LINE = new RegExp(String.raw`^${NAME}(?:\s+${NAME})*,?$`, 'u');
/** Time alone on its line, below an unlabelled date: "Kl. 10:30", "kl. 16.00 - 18.00". */
const TIME_LINE = /^(?:kl\.?\s*)?\d{1,2}[.:]\d{2}(?:\s*(?:-|–|til)\s*(?:kl\.?\s*)?\d{1,2}[.:]\d{2})?$/i;
/** Words that name a deliberating body: the committee line under "Referat" carries one. */
const COMMITTEE_WORD =
  /(udvalg|råd(?:et)?\b|byråd|kommunalbestyrelse|bestyrelse|kreds|forum|nævn|komit[eé]|gruppe|forsamling|direktion|styregruppe|\bKKR\b|\([A-ZÆØÅ]{2,6}\))/iu;
/** A title that is only the kind of document: "Referat", "Åben dagsorden", "Dagsorden og beslutningsprotokol". */
const KIND_WORDS = TITLE_KIND.source.replace(/^\^/, '').replace(/\\b$/, '');
const KIND_ONLY = new RegExp(
  String.raw`^(?:åbent?\s+|offentligt?\s+)?${KIND_WORDS}(?:\s*(?:og|samt|/|&)\s*${KIND_WORDS})*$`,
  'i',
);
const STOP_WORDS = /^(indholdsfortegnelse|indhold|punkter|dagsorden|dagsordenspunkter|sekretær|referent)$/i;

export function readHeader(lines: Line[], isHeadingish: (l: Line) => boolean): Header {
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
    // A table whose first row holds the labels and the second their values ("Mødedato Tidspunkt
    // Mødested" / "20.06.2024 15:00 Regionshuset, Sorø"): the values are told apart by what they are.
    const row = labelRow(line.text);
    const below = lines[i + 1];
    if (row && below && !labelOf(below.text) && !labelRow(below.text)) {
      for (const [field, value] of rowValues(row, below.text))
        if (!fields.has(field)) fields.set(field, value);
      note(
        line,
        'meeting header',
        `a row of header labels (${row.join(', ')}), their values in the row below`,
      );
      note(below, 'meeting header', 'the values of the row of header labels above');
      i++;
      continue;
    }
    const label = labelOf(line.text);
    if (!label) continue;
    let value = label.value;
    // The value may stand on the lines below its label ("UDVALG" / "Sundhedsdirektørkredsen"),
    // and a list of people may wrap over several lines.
    let j = i + 1;
    while (j < lines.length && (!value || listFields.has(label.field))) {
      const next = lines[j]!;
      if (labelOf(next.text) || isHeadingish(next) || STOP_WORDS.test(next.text)) break;
      // A list of people continues after a comma, onto a line with commas, or name by name on
      // lines of their own ("Jens Hansen (A)", two columns of them).
      const nameLine = NAME_LINE.test(next.text);
      if (
        value &&
        !/[,;]$|\bog$/.test(value) &&
        !/^[\p{Ll}]/u.test(next.text) &&
        !/,/.test(next.text) &&
        !(listFields.has(label.field) && nameLine)
      )
        break;
      if (listFields.has(label.field) && !nameLine && /[.!?]$/.test(next.text) && next.text.length > 60)
        break;
      // A new person on the next line gets a comma; a name that wrapped mid-way does not.
      const newPerson =
        nameLineBefore(value) &&
        (/\)$|formand$/.test(value) || (nameLine && NAME_LINE.test(lines[j - 1]!.text)));
      value = value
        ? `${value}${listFields.has(label.field) && !/[,;]$/.test(value) && newPerson ? ',' : ''} ${next.text}`
        : next.text;
      note(next, 'meeting header', `the value of "${line.text.replace(/:.*$/, '')}" (${label.field})`);
      j++;
    }
    note(line, 'meeting header', `a header label: ${label.field}`);
    i = j - 1;
    // "Dato: …" then "Tid: Kl. 17.00": a second date label that holds only a time is the time.
    const field: HeaderField =
      label.field === 'date' && fields.has('date') && !findDate(value) && findTimes(value).start
        ? 'time'
        : label.field;
    if (value && !fields.has(field)) fields.set(field, value);
  }

  const titleLine = lines.find((l) => isHeadingish(l) && !labelOf(l.text)) ?? lines[0];
  header.title = titleLine?.text ?? null;
  note(titleLine, 'document title', 'the first heading before the items');
  header.kindWord = lines.map((l) => TITLE_KIND.exec(l.text)?.[1]?.toLowerCase()).find(Boolean) ?? null;

  header.committee = committeeFrom(fields, lines, titleLine);
  header.dateText = fields.get('date') ?? null;
  header.timeText = fields.get('time');
  header.endText = fields.get('end') ?? null;
  let dateLine = -1;
  if (!header.dateText) {
    dateLine = lines.findIndex((l) => TITLE_KIND.test(l.text) && findDate(l.text));
    if (dateLine < 0)
      dateLine = lines.findIndex((l) => isHeadingish(l) && !labelOf(l.text) && findDate(l.text));
    // A line that is a date and little else: "Mandag den 26. juni 2023 kl. 16.00 til 19.15".
    if (dateLine < 0) dateLine = lines.findIndex((l) => !labelOf(l.text) && dateLike(l.text));
    const dated = lines[dateLine];
    header.titleDateText = dated?.text ?? null;
    note(dated, 'meeting header', 'the meeting date, on a line of its own');
    if (dated && !header.timeText && !findTimes(dated.text.slice(findDate(dated.text)?.index ?? 0)).start) {
      const below = lines[dateLine + 1];
      if (below && TIME_LINE.test(below.text)) {
        header.timeText = below.text;
        note(below, 'meeting header', 'the meeting time, below its date');
        dateLine++;
      }
    }
  }
  header.location = fields.get('location') ?? (dateLine >= 0 ? placeAfter(lines, dateLine) : null);
  const published = fields.get('published');
  const publishedDate = published ? findDate(published) : null;
  header.published = publishedDate ? isoDay(publishedDate) : null;
  header.participants = splitPeople(fields.get('participants') ?? '');
  header.absent = splitPeople(absentees(fields.get('absent') ?? ''));
  if (!header.absent.length) {
    // "Alle var mødt undtagen Jens Hansen og Mette Berg": absence told in a sentence.
    const prose = lines.find(
      (l) => /\bundtagen\s+\p{Lu}/u.test(l.text) && /mødt|til stede|deltog/i.test(l.text),
    );
    if (prose) {
      header.absent = splitPeople(absentees(prose.text));
      note(prose, 'meeting header', 'absence told in a sentence ("undtagen …")');
    }
  }
  header.guests = splitPeople(fields.get('guests') ?? '');
  return header;
}

/** The fields of a line that is nothing but two or more header labels, in order; null otherwise. */
export function labelRow(text: string): HeaderField[] | null {
  const words = text.trim().split(/\s+/);
  if (words.length < 2 || words.length > 12 || !ANY_LABEL.test(text.trim())) return null;
  const row: HeaderField[] = [];
  for (let p = 0; p < words.length; ) {
    let k = Math.min(4, words.length - p);
    for (; k >= 1; k--) {
      const label = words
        .slice(p, p + k)
        .join(' ')
        .replace(/:$/, '');
      const found = HEADER_LABELS.find((l) => l.re.test(label));
      if (found) {
        row.push(found.field);
        break;
      }
    }
    if (k < 1) return null;
    p += k;
  }
  return row.length >= 2 ? row : null;
}

const TIME_FIELDS = new Set<HeaderField>(['date', 'time', 'end']);
const DATE_OR_TIME = new RegExp(
  String.raw`(?:\b(?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag)\b(?:\s+(?:den|d\.))?\s*)?(?:\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{1,2}\.?\s*(?:${MONTH_PATTERN})\.?\s+\d{4}\b)|(?:\bkl\.?\s*)?\b\d{1,2}[.:]\d{2}\b(?:\s*(?:-|–|til)\s*(?:kl\.?\s*)?\d{1,2}[.:]\d{2}\b)?`,
  'giu',
);

/**
 * The values of a row of labels, read from the row below: date and time fields take the line
 * (dates and times are found inside it), one text field (the place) takes what is left. With two
 * text fields their boundary is unknown, and neither is guessed.
 */
function rowValues(row: HeaderField[], values: string): [HeaderField, string][] {
  const out: [HeaderField, string][] = [];
  const text = row.filter((f) => !TIME_FIELDS.has(f));
  for (const f of row) if (TIME_FIELDS.has(f)) out.push([f, values]);
  const rest = values
    .replace(DATE_OR_TIME, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s,;–-]+|[\s,;–-]+$/g, '');
  if (text.length === 1 && rest) out.push([text[0]!, rest]);
  return out;
}

/** The names in an absence value, "Alle mødt undtagen X og Y" read as X and Y. */
function absentees(value: string): string {
  const except = /\bundtagen\s+(.+)$/i.exec(value);
  return except ? except[1]! : value;
}

/** True for a short line whose substance is a date (and a time): a meeting's date without a label. */
function dateLike(text: string): boolean {
  const date = findDate(text);
  if (!date || text.length > 90 || /[.!?]$/.test(text.replace(/\d\.$/, ''))) return false;
  const rest = text
    .replace(/\b(?:kl\.?|den|d\.|fra|til|og|mødet?|afholdes|afholdt|tid|dato|start|slut)\b/gi, ' ')
    .replace(/\b(?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag)\b/gi, ' ')
    .replace(/[\d.,:\-–/]+/g, ' ')
    .replace(
      /\b(?:januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|nov|dec)\b/gi,
      ' ',
    )
    .trim();
  return rest.split(/\s+/).filter(Boolean).length <= 2;
}

/**
 * The place written below the date without a label: "i Mødecenter C, Lokale 32 på Ballerup
 * Rådhus", or an address over several lines ("Kaløvig Kursuscenter" / "Præstekravevej 46" / …).
 */
function placeAfter(lines: Line[], dateLine: number): string | null {
  const parts: string[] = [];
  const used: Line[] = [];
  const date = lines[dateLine]!;
  for (let i = dateLine + 1; i < lines.length && parts.length < 5; i++) {
    const text = lines[i]!.text;
    // The place is set like the date; a change of typeface is the next part of the page.
    if (
      Boolean(lines[i]!.bold) !== Boolean(date.bold) ||
      Math.abs((lines[i]!.size ?? 0) - (date.size ?? 0)) > 0.6
    )
      break;
    if (CASE_LABEL.test(text) || CASE_ID.test(text)) break;
    if (OPEN_MARK.test(text) || /^(åbent?|lukket) (referat|dagsorden|møde)$/i.test(text)) {
      if (parts.length) break;
      continue;
    }
    if (
      labelOf(text) ||
      STOP_WORDS.test(text) ||
      TITLE_KIND.test(text) ||
      CLOSED_MARK.test(text) ||
      findDate(text) ||
      text.length > 80 ||
      /[.!?:]$/.test(text) ||
      (NAME_LINE.test(text) && /\(/.test(text))
    )
      break;
    parts.push(text.replace(/^(?:i|på)\s+/, ''));
    used.push(lines[i]!);
  }
  for (const l of used) note(l, 'meeting header', 'the meeting place, below the date');
  return parts.length ? parts.join(', ') : null;
}

/** True when the text so far ends with a whole name, so a name on the next line is another person. */
export function nameLineBefore(value: string): boolean {
  return /(\p{Lu}[\p{L}'.-]*|\([^)]{1,12}\)|formand|næstformand)$/u.test(value);
}

export function committeeFrom(
  fields: Map<HeaderField, string>,
  lines: Line[],
  titleLine?: Line,
): string | null {
  const named = fields.get('committee');
  if (named) return cleanCommittee(named);
  const meeting = fields.get('meeting');
  if (meeting) return cleanCommittee(meeting);
  // "REFERAT Sundhedsdirektørkredsen d. 17-11-2022", "Referat af møde i Økonomiudvalget den 12. marts 2024"
  for (const [i, l] of lines.slice(0, 8).entries()) {
    // A bare "Referat" / "Beslutningsprotokol" with the body's name on the line below it.
    const below = lines[i + 1]?.text ?? '';
    // The title stands first, or after a web page's own name and menu ("Odense Kommune", "Politik").
    if (
      (i <= 2 || l === titleLine) &&
      KIND_ONLY.test(l.text) &&
      below &&
      !/[,.;:]$/.test(below) &&
      !labelOf(below) &&
      !/\d/.test(below) &&
      !TITLE_KIND.test(below) &&
      !OPEN_MARK.test(below) &&
      /^\p{Lu}/u.test(below) &&
      (COMMITTEE_WORD.test(below) ? below.split(' ').length <= 12 : i === 0 && below.split(' ').length <= 6)
    ) {
      note(lines[i + 1], 'meeting header', `the committee: the line under "${l.text}"`);
      return cleanCommittee(below);
    }
    const m = new RegExp(
      String.raw`^${TITLE_KIND.source.slice(1)}\s*[-–:]?\s+(?:(?:af|for|fra)\s+)?(?:(?:det\s+)?(?:ordinære|ekstraordinære)\s+)?(?:mødet?\s+(?:i|for)\s+)?(.+?)(?:\s+(?:d\.|den)\s+.*|\s+\d{1,2}[./-].*|\s+\d{1,2}\.\s*\p{L}+\s+\d{4}.*|\s*[-–,]\s*\p{L}*dag\b.*)?$`,
      'iu',
    ).exec(l.text);
    if (m?.[2] && !findDate(m[2]) && /\p{Lu}/u.test(m[2])) {
      note(l, 'meeting header', 'the committee, named in the title');
      return cleanCommittee(m[2]);
    }
    const meetingIn =
      /^(?:(?:for|fra|af)\s+)?(?:det\s+\p{L}+\s+)?møde(?:t)?\s+i\s+(.+?)(?:\s+(?:d\.|den)\s+.*|\s+\d{1,2}[./-].*)?$/iu.exec(
        l.text,
      );
    // "Økonomiudvalget - Referat" (kk.dk): the body's name before the kind of document.
    const before = new RegExp(
      String.raw`^(.{3,80}?)\s*[-–:|]\s*${TITLE_KIND.source.slice(1)}(?:\s|$)`,
      'iu',
    ).exec(l.text);
    if (before?.[1] && !findDate(before[1]) && /^\p{Lu}/u.test(before[1])) {
      note(l, 'meeting header', 'the committee, named before the kind of document');
      return cleanCommittee(before[1]);
    }
    if (meetingIn?.[1]) {
      note(l, 'meeting header', 'the committee, named in the title');
      return cleanCommittee(meetingIn[1]);
    }
  }
  return null;
}

export function cleanCommittee(value: string): string {
  return value
    .replace(/^[-–:\s]+/, '')
    .replace(/^(?:møde(?:t)?\s+i\s+)/i, '')
    .replace(/\s+(?:d\.|den)\s+\d.*$/i, '')
    .replace(/[.,;:]+$/, '')
    .trim();
}
