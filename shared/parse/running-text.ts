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
  if (/^(?:punkt|pkt\.?|sag)\s*(?:nr\.?\s*)?\d{1,3}\b/i.test(text) || /^\d{1,3}\.\s+\p{Lu}/u.test(text))
    return false;
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
    const n = page.lines.length;
    // Without heights, the upper half of a short page is its head, the lower half its foot.
    if (i < HEAD_LINES && (line.top === undefined ? i < n / 2 : line.top < 0.3)) return 'head';
    if (i >= n - FOOT_LINES && (line.top === undefined ? i >= n / 2 : line.top > 0.7)) return 'foot';
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
    const drop = new Map<number, string>();
    const isPageNumber = (i: number) => {
      const line = page.lines[i]!;
      const edge = line.top !== undefined && (line.top < 0.1 || line.top > 0.9);
      return (
        (zone(page, i) || edge) && PAGE_NUMBER.test(normalizeLine(line.text)) && (edge || pages.length > 1)
      );
    };
    const isRepeated = (i: number, z: 'head' | 'foot') => {
      const line = page.lines[i]!;
      const k = `${z}|${key(line.text)}`;
      const at = place(page, i, z);
      return (
        mayRepeat(normalizeLine(line.text), line.top !== undefined) &&
        neighbours(at).some((b) => repeated.has(`${k}@${b}`))
      );
    };
    const why = (z: 'head' | 'foot') =>
      `a running ${z === 'head' ? 'header' : 'footer'}: repeated at the same place on ${needed} or more of ${pages.length} pages`;
    // A running header is a block from the page's top edge (a footer from its bottom edge): a line
    // below one that is not repeated is text, however often its words recur ("Beslutninger" under
    // each item's heading, a case number under it).
    for (let i = 0; i < page.lines.length && zone(page, i) === 'head'; i++) {
      if (isPageNumber(i)) drop.set(i, 'a page number at the edge of the page');
      else if (isRepeated(i, 'head')) drop.set(i, why('head'));
      else if (normalizeLine(page.lines[i]!.text)) break;
    }
    for (let i = page.lines.length - 1; i >= 0 && zone(page, i) === 'foot'; i--) {
      if (drop.has(i)) continue;
      if (isPageNumber(i)) drop.set(i, 'a page number at the edge of the page');
      else if (isRepeated(i, 'foot')) drop.set(i, why('foot'));
      else if (normalizeLine(page.lines[i]!.text)) break;
    }
    // A page number standing anywhere at the very edge goes too.
    for (let i = 0; i < page.lines.length; i++)
      if (!drop.has(i) && isPageNumber(i) && page.lines[i]!.top !== undefined) {
        const top = page.lines[i]!.top!;
        if (top < 0.1 || top > 0.9) drop.set(i, 'a page number at the edge of the page');
      }
    const lines: TextLine[] = [];
    for (const [i, line] of page.lines.entries()) {
      const reason = drop.get(i);
      if (reason) removed.push({ page: page.number, index: i, text: normalizeLine(line.text), why: reason });
      else lines.push(line);
    }
    return { ...page, lines };
  });
  return { pages: cleaned, removed };
}
