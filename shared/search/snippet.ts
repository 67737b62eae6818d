import { danishStem } from './danish-stemmer.ts';

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
 * Whether a word matches one of the query's stems: its own stem is one, or (for compounds) ends or
 * starts with one ("Sundhedsaftalen" for "aftale"). A stem is a prefix of the lower-cased word, so a
 * word that does not contain any query stem cannot match and is not stemmed.
 */
function matchesStem(word: string, stems: string[]): boolean {
  const lower = word.toLowerCase();
  if (!stems.some((s) => lower.includes(s))) return false;
  const stem = danishStem(lower);
  return stems.some((s) => stem === s || (s.length >= 4 && (stem.endsWith(s) || stem.startsWith(s))));
}

/**
 * A short passage of `text` around the first match of the query, HTML-escaped, each matching word
 * in <mark>. Only the words up to the first match and those in the passage are looked at: an item
 * can run to thousands of words.
 */
export function makeSnippet(text: string, stems: string[], maxLength = 240): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (!clean) return '';
  const wordRe = /[\p{L}\p{N}]+/gu;
  let first = 0;
  if (stems.length) {
    for (const m of clean.matchAll(wordRe)) {
      if (matchesStem(m[0], stems)) {
        first = m.index;
        break;
      }
    }
  }
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
  if (stems.length) {
    wordRe.lastIndex = from;
    for (let m = wordRe.exec(clean); m && m.index + m[0].length <= to; m = wordRe.exec(clean)) {
      // A word cut by the start of the passage is not marked.
      const cut = m.index === from && from > 0 && clean[from - 1] !== ' ';
      if (cut || !matchesStem(m[0], stems)) continue;
      out += `${escapeHtml(clean.slice(pos, m.index))}<mark>${escapeHtml(m[0])}</mark>`;
      pos = m.index + m[0].length;
    }
  }
  out += escapeHtml(clean.slice(pos, to));
  if (to < clean.length) out += '…';
  return out;
}
