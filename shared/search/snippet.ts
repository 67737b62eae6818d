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
 * A short passage of `text` around the first match of the query, HTML-escaped, each matching word
 * in <mark>. A word matches when its stem is a query stem or, for compounds, ends with one
 * ("Sundhedsaftalen" for "aftale").
 */
export function makeSnippet(text: string, stems: string[], maxLength = 240): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (!clean) return '';
  const wordRe = /[\p{L}\p{N}]+/gu;
  const matches: [number, number][] = [];
  if (stems.length) {
    for (const m of clean.matchAll(wordRe)) {
      const stem = danishStem(m[0]);
      if (stems.some((s) => stem === s || (s.length >= 4 && (stem.endsWith(s) || stem.startsWith(s))))) {
        matches.push([m.index, m.index + m[0].length]);
      }
    }
  }
  const first = matches[0]?.[0] ?? 0;
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
  for (const [s, e] of matches) {
    if (s < from || e > to) continue;
    out += `${escapeHtml(clean.slice(pos, s))}<mark>${escapeHtml(clean.slice(s, e))}</mark>`;
    pos = e;
  }
  out += escapeHtml(clean.slice(pos, to));
  if (to < clean.length) out += '…';
  return out;
}
