import { danishStem } from './danish-stemmer.ts';
import { compoundStems } from './decompound.ts';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/**
 * Whether a word matches one of the query's stems: its own stem is one, or one of its compound
 * parts ("Sundhedsaftalen" for "aftale", "rygestopkurser" for "rygestop"), or it starts with one
 * (a prefix* search). A word that does not contain any query stem cannot match and is not stemmed.
 */
function matchesStem(word: string, stems: string[], prefixes: string[]): boolean {
  const lower = word.toLowerCase();
  if (prefixes.some((p) => lower.startsWith(p))) return true;
  if (!stems.some((s) => lower.includes(s))) return false;
  const stem = danishStem(lower);
  if (stems.includes(stem)) return true;
  const parts = compoundStems(lower);
  return stems.some((s) => parts.includes(s));
}

const WORD = /[\p{L}\p{N}]+/gu;
const WORD_CHAR = /^[\p{L}\p{N}]$/u;
const SPACES = /\s+/g;
const NOT_ONLY_SPACE = /\s*\S/y;

/** Whether the letter (code point) ending just before `i` belongs to a word; its start if so, else -1. */
function wordCharBefore(text: string, i: number): number {
  const c = text.charCodeAt(i - 1);
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57)) return i - 1;
  if (c < 128) return -1;
  const pair = c >= 0xdc00 && c <= 0xdfff && i >= 2 && (text.charCodeAt(i - 2) & 0xfc00) === 0xd800;
  const start = pair ? i - 2 : i - 1;
  return WORD_CHAR.test(text.slice(start, i)) ? start : -1;
}

/**
 * The words of a text, in order, that may match the query: those holding a stem or a prefix,
 * found with indexOf in the lower-cased text instead of splitting every word out. Lower-casing
 * keeps every position except where a letter lower-cases to two (İ) or by its context (Σ at
 * the end of a word); in such a text every word is a candidate, as it always was.
 */
class Candidates {
  readonly #text: string;
  readonly #lower: string | null;
  readonly #needles: string[];
  /** Per needle, where it next occurs (-1: nowhere further), valid while ≥ the position asked. */
  readonly #next: number[];

  constructor(text: string, needles: string[]) {
    this.#text = text;
    const lower = text.toLowerCase();
    this.#lower = lower.length === text.length && !text.includes('Σ') ? lower : null;
    this.#needles = needles;
    this.#next = needles.map(() => -2);
  }

  /** The first candidate word starting at or after `from`, cut at `from` if it starts before. */
  next(from: number): RegExpExecArray | null {
    let at = from;
    const lower = this.#lower;
    if (lower !== null) {
      let nearest = -1;
      for (let k = 0; k < this.#needles.length; k++) {
        let n = this.#next[k]!;
        if (n !== -1 && n < from) this.#next[k] = n = lower.indexOf(this.#needles[k]!, from);
        if (n >= 0 && (nearest < 0 || n < nearest)) nearest = n;
      }
      if (nearest < 0) return null;
      // Back to the start of the word the needle is in, but not before `from`.
      for (at = nearest; at > from; ) {
        const before = wordCharBefore(this.#text, at);
        if (before < from) break;
        at = before;
      }
    }
    WORD.lastIndex = at;
    return WORD.exec(this.#text);
  }
}

const collapse = (text: string) => text.replace(SPACES, ' ');

/**
 * A short passage of `text` around the first match of the query, HTML-escaped, each matching word
 * in <mark>; whitespace runs count as one space. Only the words that hold a query stem are looked
 * at, and only the passage and a little around it is cleaned: an item can run to thousands of words.
 */
export function makeSnippet(text: string, stems: string[], maxLength = 240, prefixes: string[] = []): string {
  const needles = [...prefixes, ...stems];
  // The first matching word, found in the text as it is: collapsing whitespace changes no word.
  let rawFirst = 0;
  if (needles.length) {
    const words = new Candidates(text, needles);
    for (let m = words.next(0); m; m = words.next(m.index + m[0].length)) {
      if (matchesStem(m[0], stems, prefixes)) {
        rawFirst = m.index;
        break;
      }
    }
  }
  // Cleaned, the text from a little before the match (head) to a little past the passage (tail),
  // positions counted from its start. Raw text is never shorter than its cleaned form, so each
  // piece grows until it holds what the passage can reach: a third of it before the match, all of
  // it after; where the head does not reach the start of the text, it holds more than a third, so
  // the passage starts after it as it would in the whole text.
  const third = Math.floor(maxLength / 3);
  let start = 0;
  let head = '';
  for (let reach = third + 8; rawFirst > 0; reach *= 2) {
    start = Math.max(0, rawFirst - reach);
    head = collapse(text.slice(start, rawFirst));
    if (start === 0) head = head.trimStart();
    if (start === 0 || head.length >= third + 3) break;
  }
  let end = rawFirst;
  let tail = '';
  for (let reach = maxLength + 8; ; reach *= 2) {
    end = Math.min(text.length, rawFirst + reach);
    tail = collapse(text.slice(rawFirst, end));
    if (end === text.length || tail.length >= maxLength + 8) break;
  }
  NOT_ONLY_SPACE.lastIndex = end;
  const more = end < text.length && NOT_ONLY_SPACE.test(text);
  // Where the text goes on past the tail, the tail is longer than the passage can reach.
  let clean = head + tail;
  if (start === 0) clean = clean.trimStart();
  if (!more) clean = clean.trimEnd();
  if (!clean) return '';
  return passage(clean, head.length, stems, prefixes, needles, maxLength);
}

/** The passage of `clean` around the word at `first`, marked. */
function passage(
  clean: string,
  first: number,
  stems: string[],
  prefixes: string[],
  needles: string[],
  maxLength: number,
): string {
  let from = Math.max(0, first - Math.floor(maxLength / 3));
  if (from > 0) {
    const space = clean.indexOf(' ', from);
    from = space >= 0 && space < first ? space + 1 : from;
  }
  let to = Math.min(clean.length, from + maxLength);
  if (to < clean.length) {
    const space = clean.lastIndexOf(' ', to);
    if (space > first) to = space;
  }
  let out = from > 0 ? '…' : '';
  let pos = from;
  if (needles.length) {
    const words = new Candidates(clean, needles);
    for (let m = words.next(from); m && m.index + m[0].length <= to; m = words.next(m.index + m[0].length)) {
      // A word cut by the start of the passage is not marked.
      const cut = m.index === from && from > 0 && clean[from - 1] !== ' ';
      if (cut || !matchesStem(m[0], stems, prefixes)) continue;
      out += `${escapeHtml(clean.slice(pos, m.index))}<mark>${escapeHtml(m[0])}</mark>`;
      pos = m.index + m[0].length;
    }
  }
  out += escapeHtml(clean.slice(pos, to));
  if (to < clean.length) out += '…';
  return out;
}
