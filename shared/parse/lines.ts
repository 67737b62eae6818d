import type { ExtractedText, TextLine } from '../ports/text-extractor.port.ts';
import { normalizeLine } from './normalize.ts';
import { cleanPages } from './running-text.ts';

/** What a line of the document was read as, for `protokol parse --explain`. */
export type LineRole =
  | 'running header'
  | 'running footer'
  | 'page number'
  | 'table of contents'
  | 'agenda list'
  | 'meeting header'
  | 'document title'
  | 'item heading'
  | 'group heading'
  | 'case number'
  | 'closed mark'
  | 'section heading'
  | 'decision'
  | 'bilag'
  | 'body'
  | 'closed (not indexed)'
  | 'ignored';

/** A line of the document with where it stands and how it looks. */
export interface Line extends TextLine {
  page: number;
  /** Position in the document, for ordering. */
  at: number;
  /** What the parser read the line as, and why; the first stage that decides sets it. */
  role?: LineRole;
  why?: string;
}

/** One line of the document and what became of it. */
export interface LineExplanation {
  page: number;
  text: string;
  role: LineRole;
  why: string;
}

/** Sets what a line was read as, unless an earlier stage already said. */
export function note(line: Line | undefined, role: LineRole, why: string): void {
  if (line && !line.role) {
    line.role = role;
    line.why = why;
  }
}

/** Lines in reading order, running headers and page numbers removed (and kept aside for --explain). */
export function toLines(text: ExtractedText): { lines: Line[]; removed: LineExplanation[] } {
  const out: Line[] = [];
  const { pages, removed } = cleanPages(text.pages);
  for (const page of pages) {
    for (const l of page.lines) {
      const clean = normalizeLine(l.text);
      if (clean) out.push({ ...l, text: clean, page: page.number, at: out.length });
    }
  }
  return {
    lines: out,
    removed: removed.map((r) => ({
      page: r.page,
      text: r.text,
      role: r.why.startsWith('a page number')
        ? 'page number'
        : r.why.includes('footer')
          ? 'running footer'
          : 'running header',
      why: r.why,
    })),
  };
}

/** The body text size: the size most characters are set in. */
export function commonSize(lines: Line[]): number {
  const weight = new Map<number, number>();
  for (const l of lines) if (l.size) weight.set(l.size, (weight.get(l.size) ?? 0) + l.text.length);
  let best = 0;
  let bestWeight = -1;
  for (const [size, w] of weight) if (w > bestWeight) [best, bestWeight] = [size, w];
  return best || 12;
}

/** True when the extractor saw bold or heading levels, so typography can tell headings apart. */
export function hasTypography(lines: Line[]): boolean {
  return lines.some((l) => l.bold || l.heading);
}
