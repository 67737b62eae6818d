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

/**
 * A short passage of `text` around the first match of the query, HTML-escaped, each matching word
 * in <mark>. Only the words up to the first match and those in the passage are looked at: an item
 * can run to thousands of words.
 */
export function makeSnippet(text: string, stems: string[], maxLength = 240, prefixes: string[] = []): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (!clean) return '';
  const wordRe = /[\p{L}\p{N}]+/gu;
  let first = 0;
  if (stems.length || prefixes.length) {
    for (const m of clean.matchAll(wordRe)) {
      if (matchesStem(m[0], stems, prefixes)) {
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
  if (stems.length || prefixes.length) {
    wordRe.lastIndex = from;
    for (let m = wordRe.exec(clean); m && m.index + m[0].length <= to; m = wordRe.exec(clean)) {
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
