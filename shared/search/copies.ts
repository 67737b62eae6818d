import type { Meeting, MeetingItem } from '../domain/model.ts';
import { caseKey } from './query.ts';

// One item, one hit. Documents of one meeting are merged when they name the same committee and
// date; copies that could not be merged (a per-item PDF that names no committee, a DOCX whose
// header lost the date) still describe the same item. A search shows such copies as one hit
// naming every source.

/** A source document an item was read from. */
export interface ItemSource {
  documentId: string;
  name: string;
  kind: string;
}

/** What tells two hits apart as items: enough to recognise a copy of the same item. */
export interface ItemIdentity {
  /** The title as copies share it: lower case, letters and digits, no trailing page number. */
  title: string;
  number: string | null;
  committee: string | null;
  /** yyyy-mm-dd, or null when unknown. */
  day: string | null;
  caseKey: string | null;
  /**
   * The first words of the item's text, to tell a copy from another item of the same title; read
   * only when another hit has the same title.
   */
  words: () => Set<string>;
}

/**
 * A title as its copies share it. A table of contents leaves the page number at the end of a
 * heading ("Meddelelser 3"), and punctuation and spacing differ between a PDF and a DOCX.
 */
export function copyTitle(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/ \d{1,3}$/u, '');
}

/** The first words of a text, as a set: copies of an item share most of them. */
export function openingWords(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu)
      ?.slice(0, 150) ?? [],
  );
}

/** The facts of a hit that tell whether it is a copy of another. */
export interface CopyFacts {
  title: string;
  number: string | number | null;
  committee: string | null;
  start: string | null;
  caseNumber: string | null;
}

/** The identity of an item, from the facts an index keeps of it; `text` is asked for only when needed. */
export function identityOf(facts: CopyFacts, text: () => string): ItemIdentity {
  let words: Set<string> | null = null;
  return {
    title: copyTitle(facts.title),
    number: facts.number == null ? null : String(facts.number),
    committee: facts.committee,
    day: facts.start ? facts.start.slice(0, 10) : null,
    caseKey: facts.caseNumber ? caseKey(facts.caseNumber) : null,
    words: () => {
      words ??= openingWords(text());
      return words;
    },
  };
}

/** How much of the smaller set of opening words the other shares (0–1). */
function overlap(a: Set<string>, b: Set<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size === 0) return 0;
  let shared = 0;
  for (const w of small) if (large.has(w)) shared++;
  return shared / small.size;
}

const agree = (a: string | null, b: string | null) => a === null || b === null || a === b;

/**
 * Whether two hits are copies of one item: the same title, nothing that contradicts it (a
 * committee, date, item number or case number that both know and that differ), and either the
 * same meeting or mostly the same text: "Meddelelser" of another meeting is another item.
 */
export function sameItem(a: ItemIdentity, b: ItemIdentity): boolean {
  if (a.title !== b.title || a.title === '') return false;
  if (!agree(a.number, b.number) || !agree(a.committee, b.committee) || !agree(a.day, b.day)) return false;
  if (!agree(a.caseKey, b.caseKey)) return false;
  const sameMeeting =
    a.committee !== null && a.day !== null && a.committee === b.committee && a.day === b.day;
  return sameMeeting || overlap(a.words(), b.words()) >= 0.6;
}

/** The sources of an item, named, as its meeting lists them. */
export function itemSources(meeting: Meeting, item: MeetingItem): ItemSource[] {
  return item.sources.map((documentId) => {
    const source = meeting.sources.find((s) => s.documentId === documentId);
    return { documentId, name: source?.name ?? documentId, kind: source?.kind ?? meeting.kind };
  });
}

/**
 * Ranked hits with copies of one item folded into the first (best-ranked) of them, in order.
 * `identity` reads a hit; the copies of each kept hit come with it, for their sources.
 */
export function foldCopies<T>(ranked: T[], identity: (hit: T) => ItemIdentity): { hit: T; copies: T[] }[] {
  const kept: { hit: T; identity: ItemIdentity; copies: T[] }[] = [];
  for (const hit of ranked) {
    const id = identity(hit);
    const original = kept.find((k) => sameItem(k.identity, id));
    if (original) original.copies.push(hit);
    else kept.push({ hit, identity: id, copies: [] });
  }
  return kept.map(({ hit, copies }) => ({ hit, copies }));
}

/** The sources of a hit and its copies, each document once. */
export function mergeSources(lists: ItemSource[][]): ItemSource[] {
  const out: ItemSource[] = [];
  for (const list of lists)
    for (const s of list) if (!out.some((o) => o.documentId === s.documentId)) out.push(s);
  return out;
}
