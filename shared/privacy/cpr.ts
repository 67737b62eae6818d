import type { ParsedDocument } from '../domain/model.ts';

/**
 * A CPR number as it is written: `ddmmyy-xxxx`, `ddmmyyxxxx` or `ddmmyy xxxx` (a hyphen of any
 * width, or a space). Not part of a longer run of digits, letters or a hyphenated code, so case
 * numbers (`00.01.00-A00-1-24`, `EMN-2025-003383`), hashes and long account numbers stay as they are.
 */
const CPR = /(?<![\p{L}\p{N}\-‐‑–])(\d{2})(\d{2})(\d{2})([-‐‑– \u00a0]?)(\d{4})(?![\p{L}\p{N}]|[-‐‑–.]\d)/gu;

/**
 * The century of a CPR number, from its seventh digit and its year (CPR-kontoret's rule), so
 * that 29 February is a date only in the years it exists.
 */
function centuryOf(yy: number, seventh: number): number {
  if (seventh <= 3) return 1900;
  if (seventh === 4 || seventh === 9) return yy <= 36 ? 2000 : 1900;
  return yy <= 57 ? 2000 : 1800;
}

/** Whether day, month and year form a real date of birth. Modulus 11 is not checked: since 2007 not every CPR number passes it. */
export function isCprDate(dd: number, mm: number, yy: number, seventh: number): boolean {
  if (mm < 1 || mm > 12 || dd < 1) return false;
  const year = centuryOf(yy, seventh) + yy;
  return dd <= new Date(Date.UTC(year, mm, 0)).getUTCDate();
}

/** `text` with every CPR number's last four digits replaced by XXXX, and the numbers found. */
export function maskCpr(text: string): { text: string; found: number; numbers: string[] } {
  const numbers: string[] = [];
  const masked = text.replace(
    CPR,
    (match, dd: string, mm: string, yy: string, sep: string, serial: string) => {
      if (!isCprDate(Number(dd), Number(mm), Number(yy), Number(serial[0]))) return match;
      numbers.push(`${dd}${mm}${yy}${serial}`);
      return `${dd}${mm}${yy}${sep}XXXX`;
    },
  );
  return { text: numbers.length ? masked : text, found: numbers.length, numbers };
}

/** Whether a text holds a CPR number. */
export function containsCpr(text: string): boolean {
  return maskCpr(text).found > 0;
}

/** What the CPR guard found in a document: how many numbers, and where. */
export interface CprFindings {
  count: number;
  /** Item numbers (as printed) whose text held one; "header" for the meeting's own fields. */
  places: string[];
}

/**
 * The CPR guard: a parsed document with every CPR number masked (`010190-XXXX`) in every text a
 * reader can see (header, items, sections, decisions, bilag names), and what it found. When it
 * found any, the document carries a warning, which the secretariat sees in its status.
 *
 * @example guardCpr(parsed).document // what the pipeline stores and indexes
 */
export function guardCpr(parsed: ParsedDocument): { document: ParsedDocument; found: CprFindings } {
  const places: string[] = [];
  // Distinct numbers: an item's decision is also one of its sections.
  const numbers = new Set<string>();
  const mask = (place: string) => (value: string) => {
    const result = maskCpr(value);
    if (result.found) {
      for (const n of result.numbers) numbers.add(n);
      if (!places.includes(place)) places.push(place);
    }
    return result.text;
  };
  const header = mask('header');
  const maybe = (f: (s: string) => string) => (value: string | null) => (value === null ? null : f(value));
  const document: ParsedDocument = {
    ...parsed,
    title: maybe(header)(parsed.title),
    committee: maybe(header)(parsed.committee),
    location: maybe(header)(parsed.location),
    participants: parsed.participants.map(header),
    absent: parsed.absent.map(header),
    guests: parsed.guests.map(header),
    items: parsed.items.map((item, position) => {
      const inItem = mask(item.number != null ? `punkt ${item.number}` : `punkt ${position + 1}`);
      return {
        ...item,
        title: inItem(item.title),
        caseNumber: maybe(inItem)(item.caseNumber),
        decision: maybe(inItem)(item.decision),
        sections: item.sections.map((s) => ({ heading: inItem(s.heading), text: inItem(s.text) })),
        attachments: item.attachments.map((a) => ({ ...a, name: inItem(a.name) })),
      };
    }),
  };
  const count = numbers.size;
  if (count === 0) return { document: parsed, found: { count, places } };
  document.warnings = [
    ...parsed.warnings,
    `${count} CPR number${count === 1 ? '' : 's'} masked as ddmmyy-XXXX (${places.join(', ')}): the public never sees ${count === 1 ? 'it' : 'them'}, and the original is served to the public only as a redacted copy`,
  ];
  return { document, found: { count, places } };
}
