// Table of contents: lines with dot leaders and page numbers, or, under an "Indholdsfortegnelse",
// titles with the page number after them. They are not items, but their titles are unwrapped and
// repair headings that lost a hyphen at a line break.
import { type Line, note } from './lines.ts';
import { joinLines } from './normalize.ts';

export const LEADER = /(?:\.{3,}|…+\.*|(?:\.\s){3,})\s*\t?\s*\d{1,4}\b/;
const TOC_TITLE = /^(indholdsfortegnelse|indhold|dagsordenspunkter|oversigt over punkter)$/i;
/** A title with its page number after it: "6. Prioritering af midler … ældre 10". */
const PAGED = /^(.*\S)\s+(\d{1,3})$/;
/** Column headings and group headings inside a table of contents. */
const TOC_FURNITURE =
  /^(?:punkt(?:\s*nr\.?)?\s+side|side|punkt|nr\.?|sag|titel|(?:åbent?|lukket|lukkede)\s+(?:referat|dagsorden|møde|punkter?|sager)|til (?:beslutning|orientering|efterretning|drøftelse).{0,40})$/i;

export interface Toc {
  indexes: Set<number>;
  /** Entry titles in order, page numbers and leaders removed. */
  titles: string[];
}

export function extractToc(lines: Line[], pageCount: number): Toc {
  const indexes = new Set<number>();
  const titleLine = lines.findIndex((l) => TOC_TITLE.test(l.text.replace(/:$/, '')));
  let text = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!LEADER.test(line.text)) continue;
    // A TOC entry that wraps leaves its first part on the line before.
    let from = i;
    while (
      from - 1 > titleLine &&
      from - 1 >= 0 &&
      !indexes.has(from - 1) &&
      i - from < 2 &&
      !LEADER.test(lines[from - 1]!.text)
    ) {
      const prev = lines[from - 1]!;
      if (titleLine < 0 || from - 1 <= titleLine || prev.bold || prev.heading) break;
      from--;
    }
    for (let j = from; j <= i; j++) {
      indexes.add(j);
      note(lines[j], 'table of contents', 'an entry with dot leaders and a page number');
      text += ` ${lines[j]!.text}`;
    }
  }
  const titles: string[] = [];
  const entry = /\s*(.+?)\s*(?:\.{3,}|…+\.*|(?:\.\s){3,})\s*\t?\s*\d{1,4}(?=\s|$)/gu;
  for (const m of text.matchAll(entry)) titles.push(m[1]!.trim());
  if (titleLine >= 0 && !indexes.size) {
    const paged = pagedEntries(lines, titleLine, pageCount);
    for (const i of paged.indexes) indexes.add(i);
    titles.push(...paged.titles);
  }
  if (titleLine >= 0 && indexes.size) {
    indexes.add(titleLine);
    for (let j = titleLine + 1; j < lines.length && TOC_FURNITURE.test(lines[j]!.text); j++) {
      indexes.add(j);
      note(lines[j], 'table of contents', 'a column or group heading of the table of contents');
    }
    note(lines[titleLine], 'table of contents', 'the title of the table of contents');
  }
  return { indexes, titles };
}

/**
 * Entries with the page number after the title and no leaders (eDoc, Word's plain TOC): they run
 * from the TOC's title while page numbers do not decrease and stay within the document; a title
 * that wraps ends on the line with the number, and group headings stand between entries.
 */
function pagedEntries(lines: Line[], titleLine: number, pageCount: number): Toc {
  const indexes = new Set<number>();
  const titles: string[] = [];
  let lastPage = 0;
  let pending: number[] = [];
  for (let i = titleLine + 1; i < lines.length && i < titleLine + 400; i++) {
    const text = lines[i]!.text;
    const m = PAGED.exec(text);
    const page = m ? Number(m[2]) : Number.NaN;
    if (m && page >= lastPage && page <= Math.max(pageCount, 1) + 1 && !/\d[.,:]$/.test(m[1]!)) {
      const parts = [...pending.filter((j) => !TOC_FURNITURE.test(lines[j]!.text)), i];
      for (const j of [...pending, i]) {
        indexes.add(j);
        const furniture = TOC_FURNITURE.test(lines[j]!.text);
        note(
          lines[j],
          'table of contents',
          furniture
            ? 'a column or group heading of the table of contents'
            : `an entry with page number ${page}`,
        );
      }
      titles.push(
        joinLines([...parts.slice(0, -1).map((j) => lines[j]!.text), m[1]!]).replace(
          /^\d{1,3}[a-z]?[.)]?\s+/i,
          '',
        ),
      );
      lastPage = page;
      pending = [];
      continue;
    }
    // Up to two lines (a wrapped title, a group heading) may stand before the next entry.
    if (
      pending.length < 2 &&
      text.length <= 120 &&
      (titles.length || TOC_FURNITURE.test(text) || pending.length === 0)
    ) {
      pending.push(i);
      continue;
    }
    break;
  }
  // A group heading right after the last entry ("Lukket referat" with no entries) belongs to it.
  for (const j of pending) {
    if (!TOC_FURNITURE.test(lines[j]!.text) || !titles.length) break;
    indexes.add(j);
    note(lines[j], 'table of contents', 'a group heading of the table of contents');
  }
  return { indexes, titles };
}
