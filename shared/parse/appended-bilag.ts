import type { AppendedBilag, ParsedDocument, SourceInfo } from '../domain/model.ts';
import { attachmentKey } from '../ingest/merge.ts';
import type { ExtractedText } from '../ports/text-extractor.port.ts';
import { maskCpr } from '../privacy/cpr.ts';
import type { LineExplanation } from './lines.ts';
import { normalizeLine } from './normalize.ts';
import { type ExplainedParse, explainMinutes, type ParseHints } from './parse-minutes.ts';

/**
 * A "samlet" referat: the minutes, then the bilag appended after them. Each page after the page
 * the last item starts on is asked whether a bilag begins there, by evidence that holds for any
 * layout: its first lines name a bilag an item lists ("Bilag 1: Budgetnotat"), or say whose bilag
 * it is ("Bilag til punkt 3"); or the page leaves the minutes' typesetting behind (their running
 * header or footer stops, their page numbering starts again at 1, the body size changes). Pages
 * before the first such page are the minutes and are parsed on their own, so a bilag's text never
 * becomes the last item's; a document with no such page parses exactly as before.
 */
export interface ExplainedSplit extends ExplainedParse {
  /** The page the minutes end on when bilag follow them; null when nothing is appended. */
  minutesEnd: number | null;
}

/** How near the top of a page (in lines of text, running headers left out) a bilag names itself. */
const TOP_LINES = 4;
const COVER =
  /^bilag(?:\s+(?:nr\.?\s*)?\d{1,3}[a-z]?)?\s+(?:til|for|vedr\.?)\s+(?:dagsorden)?(?:punkt|pkt\.?)(?:et)?\s*(?:nr\.?\s*)?(\d{1,3}[a-z]?)\b/i;
const LIST_HEADING = /^bilag(?:sliste)?\s*:?$/i;
const PAGE_NUMBER = /^(?:side\s+)?(\d{1,4})(?:\s*(?:af|\/|of)\s*(\d{1,4}))?$|^-\s*(\d{1,4})\s*-$/i;

/** Parses a document and splits off the bilag appended after its minutes. */
export function parseWithAppendedBilag(
  text: ExtractedText,
  source: SourceInfo,
  hints: ParseHints = {},
): ParsedDocument {
  return explainWithAppendedBilag(text, source, hints).parsed;
}

/** As `parseWithAppendedBilag`, and says for each line what it was read as, the split included. */
export function explainWithAppendedBilag(
  text: ExtractedText,
  source: SourceInfo,
  hints: ParseHints = {},
): ExplainedSplit {
  const whole = explainMinutes(text, source, hints);
  const found = text.mediaType === 'application/pdf' ? findAppended(text, whole) : [];
  if (!found.length) return { ...whole, minutesEnd: null };
  const firstBilag = found[0]!.firstPage;
  const minutes = explainMinutes(
    { ...text, pages: text.pages.filter((p) => p.number < firstBilag) },
    source,
    hints,
  );
  const appended = found.map((b) => ({ ...b, name: maskCpr(b.name).text }));
  const unassigned = appended.filter((b) => b.itemNumber === null);
  const warnings = [...minutes.parsed.warnings];
  for (const b of unassigned)
    warnings.push(
      `pages ${b.firstPage}–${b.lastPage} are a bilag appended after the minutes ("${b.name}") that no item lists: indexed as a document of its own`,
    );
  const lines: LineExplanation[] = [...minutes.lines];
  for (const b of appended) {
    const pages = text.pages.filter((p) => p.number >= b.firstPage && p.number <= b.lastPage);
    let first = true;
    for (const page of pages)
      for (const l of page.lines) {
        const t = normalizeLine(l.text);
        if (!t) continue;
        lines.push({
          page: page.number,
          text: t,
          role: 'bilag',
          why: first
            ? `an appended bilag begins: ${b.why.join('; ')}`
            : `text of the appended bilag "${b.name}"${b.itemNumber ? ` (item ${b.itemNumber})` : ''}`,
        });
        first = false;
      }
  }
  return {
    parsed: { ...minutes.parsed, appendedBilag: appended, warnings },
    lines,
    minutesEnd: firstBilag - 1,
  };
}

interface Listed {
  key: string;
  name: string;
  itemNumber: string;
}

/** What a page's first lines and its typesetting say of it. */
interface PageLook {
  number: number;
  top: string[];
  /** The last line of text on the page, running footers left out. */
  last: string | null;
  running: Set<string>;
  pageNumber: number | null;
  pageCount: number | null;
  bodySize: number | null;
}

function findAppended(text: ExtractedText, whole: ExplainedParse): AppendedBilag[] {
  const { items } = whole.parsed;
  const starts = items.map((i) => i.page).filter((p): p is number => p != null);
  if (!starts.length) return [];
  const lastStart = Math.max(...starts);
  const pageCount = text.pages.length;
  if (lastStart >= pageCount) return [];
  const listed: Listed[] = items.flatMap((i) =>
    i.number == null
      ? []
      : i.attachments
          .map((a) => ({ key: attachmentKey(a.name), name: a.name, itemNumber: String(i.number) }))
          .filter((l) => l.key.length >= 4),
  );
  const numbers = new Set(items.flatMap((i) => (i.number == null ? [] : [String(i.number).toLowerCase()])));
  const byPage = new Map<number, LineExplanation[]>();
  for (const l of whole.lines) {
    const on = byPage.get(l.page);
    if (on) on.push(l);
    else byPage.set(l.page, [l]);
  }
  const looks = text.pages.map((p) => look(p.number, byPage.get(p.number) ?? [], p.lines));
  const minutesRunning = new Set(looks.filter((l) => l.number <= lastStart).flatMap((l) => [...l.running]));
  const minutesSize = dominant(looks.filter((l) => l.number <= lastStart).map((l) => l.bodySize));

  const out: AppendedBilag[] = [];
  for (let n = lastStart + 1; n <= pageCount; n++) {
    const page = looks[n - 1]!;
    const before = looks[n - 2]!;
    const why: string[] = [];
    let itemNumber: string | null = null;
    let name: string | null = null;
    const stops =
      out.length === 0 &&
      minutesRunning.size > 0 &&
      [...before.running].some((r) => minutesRunning.has(r)) &&
      ![...page.running].some((r) => minutesRunning.has(r));
    const restarts = page.pageNumber === 1;
    const retypeset =
      out.length === 0 &&
      minutesSize !== null &&
      page.bodySize !== null &&
      Math.abs(page.bodySize - minutesSize) / minutesSize > 0.15;
    const countReached =
      out.length === 0 && before.pageCount !== null && before.pageNumber === before.pageCount;
    const layout: string[] = [];
    if (stops) layout.push("the minutes' running header or footer stops");
    if (restarts) layout.push('the page numbering starts again at 1');
    if (retypeset) layout.push(`the body text size changes (${minutesSize} → ${page.bodySize} pt)`);
    if (countReached)
      layout.push(`the minutes' numbering ended on page ${before.number} of ${before.pageCount}`);
    const listing = layout.length === 0 && isListing(page, before, listed);
    const named = listing ? null : namedOnTop(page, listed);
    if (named) {
      itemNumber = named.itemNumber;
      name = named.name;
      why.push(`its first lines name "${named.name}", listed under item ${named.itemNumber}`);
    }
    const coverAt = listing ? -1 : page.top.findIndex((t) => COVER.test(t));
    const cover = coverAt >= 0 ? COVER.exec(page.top[coverAt]!) : null;
    if (cover && numbers.has(cover[1]!.toLowerCase())) {
      const number = cover[1]!.toLowerCase();
      const asListed = items.find((i) => String(i.number).toLowerCase() === number)!;
      itemNumber ??= String(asListed.number);
      why.push(`"${cover[0]}" names item ${asListed.number}`);
      if (!name) {
        // The item's one listed bilag not yet found is the one this cover brings.
        const open = listed.filter(
          (l) => l.itemNumber === String(asListed.number) && !out.some((b) => b.name === l.name),
        );
        name = open.length === 1 ? open[0]!.name : (page.top[coverAt + 1] ?? page.top[coverAt]!);
      }
    }
    const prior = out.at(-1);
    // The same bilag named again at the top of its next page (its own running header) goes on.
    if (prior && name && prior.name === name && !restarts) continue;
    if (named || (cover && itemNumber)) {
      out.push({ name: name!, itemNumber, firstPage: n, lastPage: pageCount, why: [...why, ...layout] });
    } else if ((layout.length >= 2 || (out.length > 0 && restarts)) && page.top.length) {
      // Left the minutes' typesetting by two signs, and no item's bilag by name: the meeting's.
      out.push({ name: page.top[0]!, itemNumber: null, firstPage: n, lastPage: pageCount, why: layout });
    } else continue;
    if (prior) prior.lastPage = n - 1;
  }
  return out;
}

function look(number: number, on: LineExplanation[], raw: { text: string; size?: number }[]): PageLook {
  const running = new Set(
    on
      .filter((l) => l.role === 'running header' || l.role === 'running footer')
      .map((l) => attachmentKey(l.text).replace(/\d+/g, '#')),
  );
  const content = on.filter(
    (l) =>
      l.role !== 'running header' && l.role !== 'running footer' && l.role !== 'page number' && l.text.trim(),
  );
  let pageNumber: number | null = null;
  let pageCount: number | null = null;
  for (const l of [
    ...on.filter((x) => x.role === 'page number'),
    ...content.slice(-1),
    ...content.slice(0, 1),
  ]) {
    const m = PAGE_NUMBER.exec(l.text.trim());
    if (!m) continue;
    pageNumber = Number(m[1] ?? m[3]);
    pageCount = m[2] ? Number(m[2]) : null;
    break;
  }
  return {
    number,
    top: content.slice(0, TOP_LINES).map((l) => l.text),
    last: content.at(-1)?.text ?? null,
    running,
    pageNumber,
    pageCount,
    bodySize: dominant(
      raw.map((l) => l.size ?? null),
      raw.map((l) => l.text.length),
    ),
  };
}

/** The value that weighs most (by `weights`, else by count). */
function dominant(values: (number | null)[], weights?: number[]): number | null {
  const w = new Map<number, number>();
  values.forEach((v, i) => {
    if (v != null) w.set(v, (w.get(v) ?? 0) + (weights?.[i] ?? 1));
  });
  let best: number | null = null;
  let bestWeight = 0;
  for (const [v, n] of w) if (n > bestWeight) [best, bestWeight] = [v, n];
  return best;
}

const matches = (line: string, l: Listed) => {
  const key = attachmentKey(line);
  return (
    key === l.key ||
    (key.length >= 8 && l.key.startsWith(key)) ||
    (l.key.length >= 8 && key.startsWith(l.key))
  );
};

/** A listed bilag named among a page's first lines. */
function namedOnTop(page: PageLook, listed: Listed[]): Listed | null {
  for (const line of page.top) {
    const hit = listed.find((l) => matches(line, l));
    if (hit) return hit;
  }
  return null;
}

/**
 * An item's Bilag list that runs over onto the page is the list, not a bilag: a "Bilag" heading,
 * two names in a row, or the name that follows, in the item's list, the one the previous page
 * ended on.
 */
function isListing(page: PageLook, before: PageLook, listed: Listed[]): boolean {
  if (page.top.some((t) => LIST_HEADING.test(t))) return true;
  const named = page.top.map((t) => listed.findIndex((l) => matches(t, l)));
  if (named.some((x, i) => x >= 0 && (named[i + 1] ?? -1) >= 0)) return true;
  const ended = before.last === null ? -1 : listed.findIndex((l) => matches(before.last!, l));
  const first = named.find((x) => x >= 0) ?? -1;
  return ended >= 0 && first > ended && listed[first]!.itemNumber === listed[ended]!.itemNumber;
}
