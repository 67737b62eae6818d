import type { ExtractedPage, TextLine } from '../ports/text-extractor.port.ts';
import { fold, normalizeLine } from './normalize.ts';
import { sectionKind } from './vocabulary.ts';

const PAGE_NUMBER =
  /^(?:side\s+)?\d{1,4}(?:\s*(?:af|\/|of)\s*\d{1,4})?$|^-\s*\d{1,4}\s*-$|^page\s+\d+|^side\s+\d{1,4}\s+af\s+\d{1,4}$/i;

/** How many lines from the top and the bottom of a page a running header or footer may take. */
const HEAD_LINES = 8;
const FOOT_LINES = 5;
/** Lines of one running header stand at the same height on every page, within this much. */
const SAME_HEIGHT = 0.025;

/**
 * Item headings never repeat as a running header (their numbers differ, titles aside); without
 * heights, neither do section headings, which may well open every page of a per-item print.
 */
function mayRepeat(text: string, placed: boolean): boolean {
  if (/^(?:punkt|pkt\.?|sag)\s*(?:nr\.?\s*)?\d{1,3}\b|^\d{1,3}\.\s+\p{Lu}/iu.test(text)) return false;
  return placed || !sectionKind(text);
}

/** A line taken out of the text before anything else reads it, and why. */
export interface RemovedLine {
  page: number;
  /** Index of the line on its page. */
  index: number;
  text: string;
  why: string;
}

/**
 * Removes running headers and footers and lone page numbers, so they do not end up inside an
 * item's text or are read as a section ("Referat" in an eDoc page header).
 *
 * A running header is found by its repetition: the same text (digits aside, so "Side 4" and
 * "Side 5" are one) among the first or last lines of at least half the pages (and two), at the
 * same height where the extractor knows heights, or at the same place in the page's line order
 * where it does not. Nothing of a single-page document is removed but a page number at its edge.
 */
export function cleanPages(pages: ExtractedPage[]): { pages: ExtractedPage[]; removed: RemovedLine[] } {
  const key = (text: string) => fold(normalizeLine(text).replace(/\d+/g, '#'));
  const zone = (page: ExtractedPage, i: number): 'head' | 'foot' | null => {
    const line = page.lines[i]!;
    if (i < HEAD_LINES && (line.top === undefined || line.top < 0.3)) return 'head';
    if (i >= page.lines.length - FOOT_LINES && (line.top === undefined || line.top > 0.7)) return 'foot';
    return null;
  };
  // Where a line stands: its height, or its place counted from the page's top or bottom edge.
  const place = (page: ExtractedPage, i: number, z: 'head' | 'foot') => {
    const top = page.lines[i]!.top;
    if (top !== undefined) return top;
    return z === 'head' ? -(i + 1) : 1000 + (page.lines.length - i);
  };
  const seen = new Map<string, { page: number; at: number }[]>();
  for (const page of pages) {
    for (let i = 0; i < page.lines.length; i++) {
      const z = zone(page, i);
      if (!z) continue;
      const k = `${z}|${key(page.lines[i]!.text)}`;
      if (k.endsWith('|')) continue;
      const list = seen.get(k) ?? [];
      list.push({ page: page.number, at: place(page, i, z) });
      seen.set(k, list);
    }
  }
  const needed = Math.max(2, Math.ceil(pages.length * 0.5));
  // Heights are bucketed, so a text that repeats on enough pages at one height is found in one pass.
  const bucket = (at: number) => (at < 0 || at >= 1000 ? `i${at}` : `h${Math.round(at / SAME_HEIGHT)}`);
  const neighbours = (at: number) =>
    at < 0 || at >= 1000 ? [bucket(at)] : [-1, 0, 1].map((d) => `h${Math.round(at / SAME_HEIGHT) + d}`);
  const repeated = new Set<string>();
  for (const [k, list] of seen) {
    if (list.length < needed) continue;
    const pagesAt = new Map<string, Set<number>>();
    for (const s of list) {
      const b = bucket(s.at);
      pagesAt.set(b, (pagesAt.get(b) ?? new Set()).add(s.page));
    }
    for (const b of pagesAt.keys()) {
      const around = new Set<number>();
      const centre = b.startsWith('h') ? Number(b.slice(1)) : null;
      for (const n of centre === null ? [b] : [`h${centre - 1}`, b, `h${centre + 1}`])
        for (const p of pagesAt.get(n) ?? []) around.add(p);
      if (around.size >= needed) repeated.add(`${k}@${b}`);
    }
  }
  const removed: RemovedLine[] = [];
  const cleaned = pages.map((page) => {
    const lines: TextLine[] = [];
    for (const [i, line] of page.lines.entries()) {
      const z = zone(page, i);
      const text = normalizeLine(line.text);
      const edge = line.top !== undefined && (line.top < 0.1 || line.top > 0.9);
      if ((z || edge) && PAGE_NUMBER.test(text) && (edge || pages.length > 1)) {
        removed.push({ page: page.number, index: i, text, why: 'a page number at the edge of the page' });
        continue;
      }
      if (z) {
        const k = `${z}|${key(line.text)}`;
        const at = place(page, i, z);
        if (mayRepeat(text, line.top !== undefined) && neighbours(at).some((b) => repeated.has(`${k}@${b}`))) {
          removed.push({
            page: page.number,
            index: i,
            text,
            why: `a running ${z === 'head' ? 'header' : 'footer'}: repeated at the same place on ${needed} or more of ${pages.length} pages`,
          });
          continue;
        }
      }
      lines.push(line);
    }
    return { ...page, lines };
  });
  return { pages: cleaned, removed };
}
