import type { ExtractedPage } from '../ports/text-extractor.port.ts';
import { fold } from './normalize.ts';

const PAGE_NUMBER = /^(?:side\s+)?\d{1,4}(?:\s*(?:af|\/|of)\s*\d{1,4})?$|^-\s*\d{1,4}\s*-$|^page\s+\d+/i;

/**
 * Removes running headers and footers (the same text at the top or bottom of most pages, page
 * numbers varying) and lone page numbers, so they do not end up inside an item's text.
 */
export function cleanPages(pages: ExtractedPage[]): ExtractedPage[] {
  const edge = (top: number | undefined) => top !== undefined && (top < 0.1 || top > 0.9);
  const key = (text: string) => fold(text.replace(/\d+/g, '#'));
  const counts = new Map<string, number>();
  for (const page of pages) {
    const seen = new Set<string>();
    for (const line of page.lines) if (edge(line.top)) seen.add(key(line.text));
    for (const k of seen) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  // The first page often has no running header, so half the pages and at least two will do.
  const repeated = new Set([...counts].filter(([, n]) => n >= 2 && n >= pages.length * 0.5).map(([k]) => k));
  return pages.map((page) => ({
    ...page,
    lines: page.lines.filter((line) => {
      if (!edge(line.top)) return true;
      if (PAGE_NUMBER.test(line.text.trim())) return false;
      return !repeated.has(key(line.text));
    }),
  }));
}
