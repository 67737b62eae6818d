// Item headings: "Punkt 3: …" (explicit) or "3. …" (numbered), told from numbered lists and dates
// in a body by the sequence their numbers run in and by the typography they share.
import { MONTH_PATTERN } from './dates.ts';
import { type Line, note } from './lines.ts';
import { fold, joinLines } from './normalize.ts';
import { CASE_ID, CASE_LABEL, CLOSED_ONLY, sectionKind } from './vocabulary.ts';

const CASE_LINE = { test: (t: string) => CASE_LABEL.test(t) || CASE_ID.test(t) };

export interface Candidate {
  line: Line;
  number: string;
  title: string;
  /** How the heading was found: "Punkt 3:" (explicit) or "3." (numbered). */
  style: 'explicit' | 'numbered';
  /** Index in `lines`. */
  index: number;
  /** Lines below the heading line that hold its title (a number on a line of its own). */
  titleLines?: number;
  /** A section heading or case number stands within the few lines below: evidence of an item. */
  followedByStructure?: boolean;
  /** The title opens like a date or a time: weaker evidence of a heading. */
  datey?: boolean;
  /** The heading line marks the item closed beside its number ("Punkt 4 (Lukket)"), its title below. */
  closed?: boolean;
}

/** An item number as printed: 4, 12a, or a sub-item 2.3. */
const NUMBER = String.raw`\d{1,3}(?:\.\d{1,2}(?![\d.]))?[a-zA-Z]?`;
/** "Punkt 3:", "Pkt. 3 -", "Sag 3", and "Ad 3." / "Ad pkt. 3" (a council's minutes answering item 3). */
export const STRONG_HEADING = new RegExp(
  String.raw`^(?:punkt|pkt\.?|dagsordenspunkt|sag|ad\.?(?:\s+(?:punkt|pkt\.?))?)\s*(?:nr\.?\s*)?(${NUMBER})\s*[:.,\-–)]?\s+(\S.*)$`,
  'i',
);
export const BARE_STRONG_HEADING = new RegExp(
  String.raw`^(?:punkt|pkt\.?|dagsordenspunkt|sag|ad\.?(?:\s+(?:punkt|pkt\.?))?)\s*(?:nr\.?\s*)?(${NUMBER})\s*[:.]?$`,
  'i',
);
export const NUMBERED_HEADING = new RegExp(
  String.raw`^(${NUMBER})(?:\.|\)|\s-|\s–|(?<=\.\d{1,2})\s)\s*(\S.*)$`,
);
export const BARE_NUMBERED_HEADING = new RegExp(String.raw`^(${NUMBER})\s+(\p{Lu}.*)$`, 'u');
/** A heading's title starts with a capital, a quote or a closed marking in brackets. */
export const TITLE_START = /^(?:[\p{Lu}\d"“«]|[([]\s*(?:\p{Lu}|lukket|fortrolig))/u;
export const NOT_A_TITLE = new RegExp(
  String.raw`^(?:(?:${MONTH_PATTERN})\b|kl\.|\d|[-–•·*]|halvår|kvartal|januar|februar|og\b|til\b|de\b|den\b|det\b)`,
  'iu',
);

/** The line under a bare "Punkt 3" that is its title: capitalised, and no section heading. */
const titleBelow = (below: Line) =>
  /^[\p{Lu}"“«]/u.test(below.text) && !sectionKind(below.text.replace(/:$/, ''));

export function findItemHeadings(
  lines: Line[],
  skip: Set<number>,
  typed: boolean,
  isHeadingish: (l: Line) => boolean,
): Candidate[] {
  const explicit: Candidate[] = [];
  const numbered: Candidate[] = [];
  const listedNumbered: Candidate[] = [];
  for (const [index, line] of lines.entries()) {
    if (skip.has(index)) continue;
    const strong = STRONG_HEADING.exec(line.text);
    const below = lines[index + 1];
    // "Punkt 4 (Lukket)" with the title on the line below: the marking is no title.
    if (
      strong &&
      CLOSED_ONLY.test(strong[2]!) &&
      below &&
      titleBelow(below) &&
      (!typed || isHeadingish(line))
    ) {
      explicit.push({
        line,
        index,
        number: strong[1]!.toLowerCase(),
        title: below.text,
        style: 'explicit',
        titleLines: 1,
        closed: true,
      });
      continue;
    }
    if (strong && TITLE_START.test(strong[2]!) && (!typed || isHeadingish(line))) {
      explicit.push({ line, index, number: strong[1]!.toLowerCase(), title: strong[2]!, style: 'explicit' });
      continue;
    }
    // "Punkt 3" alone, its title on the line below.
    const bare = BARE_STRONG_HEADING.exec(line.text);
    if (bare && below && titleBelow(below) && (!typed || isHeadingish(line))) {
      explicit.push({
        line,
        index,
        number: bare[1]!.toLowerCase(),
        title: below.text,
        style: 'explicit',
        titleLines: 1,
      });
      continue;
    }
    // A numbered list item is an item only on a page that is nothing but the list of items.
    const listed = Boolean(line.listItem && !isHeadingish(line));
    const m =
      NUMBERED_HEADING.exec(line.text) ?? (isHeadingish(line) ? BARE_NUMBERED_HEADING.exec(line.text) : null);
    if (!m) continue;
    const title = m[2]!;
    if (!TITLE_START.test(title) || /^\d/.test(title)) continue;
    // A title that opens like a date or a time ("Marts-mødet flyttes", "Kl. 16-møder") may still
    // be an item; it is weighed lower, so a date in a body does not take an item's place.
    const datey = NOT_A_TITLE.test(title) || /^\p{L}+\s+kl\.?\s*\d/iu.test(title);
    if (datey && !typed && /^(?:\p{L}+\.?\s+)?kl\.?\s*\d{1,2}[.:]\d{2}/iu.test(title)) continue;
    // A line that ends a sentence mid-paragraph is a numbered list entry, not a heading.
    if (title.length > 160) continue;
    (listed ? listedNumbered : numbered).push({
      line,
      index,
      number: m[1]!.toLowerCase(),
      title,
      style: 'numbered',
      datey,
      followedByStructure: lines
        .slice(index + 1, index + 5)
        .some((l) => sectionKind(l.text.replace(/:$/, '')) !== null || CASE_LINE.test(l.text)),
    });
  }
  if (explicit.length) return explicit;
  // An agenda page (First Agenda) lists its items as a numbered HTML list with no bodies.
  return numbered.length < 2 && listedNumbered.length >= 2 ? listedNumbered : numbered;
}

export interface AgendaList {
  indexes: Set<number>;
  titles: Map<string, string>;
  order: string[];
}

/**
 * A list of the items before their texts (PUNKTER, a dagsorden's overview): every number in it
 * appears again later as the heading of the item's text.
 */
export function findAgendaList(
  candidates: Candidate[],
  lines: Line[],
  isHeadingish: (l: Line) => boolean,
): AgendaList {
  const indexes = new Set<number>();
  const titles = new Map<string, string>();
  const order: string[] = [];
  const lastIndexOf = new Map<string, number>();
  const byNumber = new Map<string, Candidate[]>();
  for (const c of candidates) {
    lastIndexOf.set(c.number, c.index);
    byNumber.set(c.number, [...(byNumber.get(c.number) ?? []).slice(-8), c]);
  }
  const similar = (a: string, b: string) => {
    const [fa, fb] = [fold(a), fold(b)];
    const n = Math.min(fa.length, fb.length, 24);
    return n > 0 && fa.slice(0, n) === fb.slice(0, n);
  };
  for (const [k, c] of candidates.entries()) {
    // A list entry is repeated later as the heading of its text, with the same title.
    const repeat = (byNumber.get(c.number) ?? []).find((d) => d.index > c.index && similar(d.title, c.title));
    if (!repeat || lastIndexOf.get(c.number) === c.index) continue;
    if (!titles.has(c.number)) {
      // An entry may wrap; its continuation stands before the next entry.
      const next = candidates[k + 1]?.index ?? c.index + 1;
      const wrapped = next - c.index <= 3 ? lines.slice(c.index + 1, next) : [];
      const title = wrapped.every((l) => !isHeadingish(l) || isHeadingish(c.line))
        ? joinLines([c.title, ...wrapped.map((l) => l.text)])
        : c.title;
      titles.set(c.number, title);
      order.push(c.number);
    }
    indexes.add(c.index);
    note(c.line, 'agenda list', `an entry of the list of items: item ${c.number} has its text further on`);
  }
  // Page numbers after the titles of an overview (eDoc prints "1. Meddelelser 3"): numbers that
  // never decrease from entry to entry, and that the heading of the item's text does not carry.
  const trailing = order.map((n) => /\s(\d{1,3})$/.exec(titles.get(n)!)?.[1]);
  const pages = trailing.map(Number);
  if (
    order.length >= 2 &&
    trailing.every((t) => t !== undefined) &&
    pages.every((p, i) => i === 0 || p >= pages[i - 1]!)
  ) {
    for (const n of order) titles.set(n, titles.get(n)!.replace(/\s\d{1,3}$/, ''));
  }
  return { indexes, titles, order };
}

export function chooseHeadings(candidates: Candidate[], list: AgendaList, typed: boolean): Candidate[] {
  const bodies = candidates.filter((c) => !list.indexes.has(c.index));
  if (bodies.length === 0) return [];
  if (bodies[0]!.style === 'explicit') return bodies;
  if (list.order.length >= 2) return bodies.filter((c) => list.titles.has(c.number));
  // With typography, headings look alike: keep those that look like the majority of them.
  let pool = bodies;
  if (typed) {
    const styled = bodies.filter((c) => c.line.bold || c.line.heading);
    if (styled.length >= 2 || (styled.length === 1 && (bodies.length === 1 || styled[0]!.line.heading)))
      pool = styled;
  }
  return longestRun(pool, typed);
}

interface ItemNumber {
  major: number;
  minor: number | null;
  suffix: string;
}

function parseNumber(raw: string): ItemNumber {
  const m = /^(\d+)(?:\.(\d+))?([a-z]?)$/i.exec(raw);
  return {
    major: Number(m?.[1] ?? 0),
    minor: m?.[2] ? Number(m[2]) : null,
    suffix: (m?.[3] ?? '').toLowerCase(),
  };
}

/** The most numbers a run may skip at once. */
const MAX_GAP = 8;

/**
 * The keys under which the heading that may come just before `n` is found, each with what the
 * step costs: a skipped number (an item withdrawn, a heading not recognised) is allowed, at a price.
 */
function predecessors(n: ItemNumber): [string, number][] {
  const { major, minor, suffix } = n;
  // Numbers further back cost more, the more are skipped: items withdrawn, or closed items
  // printed elsewhere, before a supplementary "7a". Only a heading with structure below it pays.
  const far: [string, number][] = [];
  for (let gap = 3; gap <= MAX_GAP; gap++) far.push([`any${major - gap - 1}`, 0.9 + 0.15 * (gap - 2)]);
  if (minor !== null)
    return minor === 1
      ? [
          [`${major}`, 0],
          [`any${major - 1}`, 0],
        ]
      : [[`${major}.${minor - 1}`, 0]];
  if (suffix) {
    const prev = suffix === 'a' ? '' : String.fromCharCode(suffix.charCodeAt(0) - 1);
    return suffix === 'a'
      ? [[`${major}`, 0], [`any${major - 1}`, 0], [`any${major - 2}`, 0.6], [`any${major - 3}`, 0.9], ...far]
      : [[`${major}${prev}`, 0]];
  }
  return [[`any${major - 1}`, 0], [`any${major - 2}`, 0.6], [`any${major - 3}`, 0.9], ...far];
}

/**
 * Item numbers run in sequence; a numbered list inside a body or a dated list ("7. februar",
 * "8. marts") does not continue the items' run. Chooses the run with the most evidence: the
 * longest chain of numbers that follow one another (4 → 4a → 5, 2 → 2.1 → 2.2 → 3), each heading
 * weighed by the section headings or case number right below it. Linear: one pass with a map.
 */
function longestRun(pool: Candidate[], typed: boolean): Candidate[] {
  const best = new Map<string, { score: number; at: number }>();
  const score: number[] = [];
  const from: number[] = [];
  let top = -1;
  // Entries of a numbered list stand on consecutive lines; headings have a body between them
  // (unless every one is like that: an agenda page of titles only).
  const at = new Set(pool.map((c) => c.index));
  const listLike = (c: Candidate) => at.has(c.index - 1) || at.has(c.index + 1);
  const allListLike = pool.every(listLike);
  for (const [k, c] of pool.entries()) {
    const n = parseNumber(c.number);
    const weight =
      1 + (c.followedByStructure ? 1 : 0) - (!allListLike && listLike(c) ? 0.5 : 0) - (c.datey ? 0.6 : 0);
    let prev: { score: number; at: number } | undefined;
    for (const [key, cost] of predecessors(n)) {
      const b = best.get(key);
      if (b && (!prev || b.score - cost > prev.score)) prev = { score: b.score - cost, at: b.at };
    }
    // A run starts low (1, 2 or 3), or anywhere where the document shows its headings by type
    // or the numbers carry on (a referat whose items are numbered 131–138).
    const startPenalty = n.major <= 3 || typed ? 0 : 0.5;
    score[k] = prev ? prev.score + weight : weight - startPenalty;
    from[k] = prev ? prev.at : -1;
    const own = `${n.major}${n.minor !== null ? `.${n.minor}` : ''}${n.suffix}`;
    for (const key of [own, `any${n.major}`]) {
      const b = best.get(key);
      if (!b || score[k]! > b.score) best.set(key, { score: score[k]!, at: k });
    }
    if (top < 0 || score[k]! > score[top]!) top = k;
  }
  const chosen: Candidate[] = [];
  for (let k = top; k >= 0; k = from[k]!) chosen.push(pool[k]!);
  return chosen.reverse();
}
