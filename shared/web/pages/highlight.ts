import { danishStem } from '../../search/danish-stemmer.ts';
import { parseQuery, queryStems } from '../../search/query.ts';
import { escapeHtml, SafeHtml } from './html.ts';

/** The stems of what a reader searched for, or none when the query cannot be read. */
export function highlightStems(q: string): string[] {
  if (!q.trim()) return [];
  try {
    return queryStems(parseQuery(q)).filter((s) => s.length >= 2);
  } catch {
    return [];
  }
}

/**
 * Text, escaped, with the words that match the search in <mark>: by their Danish stem, or as a
 * part of a compound ("Sundhedsaftalen" for "aftale"), as the index finds them.
 */
export function highlight(text: string, stems: string[]): SafeHtml {
  if (!stems.length) return new SafeHtml(escapeHtml(text));
  let out = '';
  let pos = 0;
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const lower = m[0].toLowerCase();
    if (!stems.some((s) => lower.includes(s))) continue;
    const stem = danishStem(lower);
    if (!stems.some((s) => stem === s || (s.length >= 4 && (stem.endsWith(s) || stem.startsWith(s)))))
      continue;
    out += `${escapeHtml(text.slice(pos, m.index))}<mark>${escapeHtml(m[0])}</mark>`;
    pos = m.index + m[0].length;
  }
  return new SafeHtml(out + escapeHtml(text.slice(pos)));
}
