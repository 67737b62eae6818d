import type { Meeting, MeetingItem } from '../../domain/model.ts';
import { sectionKind } from '../../parse/vocabulary.ts';

/** A section as the meeting page shows it: once, with a tidy heading, the decision marked. */
export interface ReadableSection {
  /** '' for text that came with no heading (an item's opening text). */
  heading: string;
  text: string;
  decision: boolean;
  /** Other headings the same text came under in other sources ("Referat" beside "Beslutning"). */
  alsoAs: string[];
  /** Nearly the same text from another source, worded a little differently: kept, folded away. */
  variants: { heading: string; text: string }[];
}

/** Share of words two texts have in common, 0–1: near 1 for two versions of the same minutes. */
function likeness(a: string, b: string): number {
  const words = (t: string) => t.split(' ').filter(Boolean);
  const wa = words(a);
  const wb = words(b);
  if (!wa.length || !wb.length) return 0;
  const counts = new Map<string, number>();
  for (const w of wa) counts.set(w, (counts.get(w) ?? 0) + 1);
  let common = 0;
  for (const w of wb) {
    const n = counts.get(w) ?? 0;
    if (n > 0) {
      common++;
      counts.set(w, n - 1);
    }
  }
  return common / Math.max(wa.length, wb.length);
}

/**
 * A heading in one case: "RESUMÉ" and "resumé" become "Resumé", a trailing colon goes. Words
 * in capitals inside a mixed-case heading (KL, EMN) are left alone.
 */
export function tidyHeading(heading: string): string {
  const h = heading
    .replace(/\s+/g, ' ')
    .replace(/[\s:.]+$/, '')
    .trim();
  if (!h) return '';
  const letters = h.replace(/[^\p{L}]/gu, '');
  const lowered = letters && letters === letters.toUpperCase() ? h.toLocaleLowerCase('da') : h;
  return lowered.charAt(0).toLocaleUpperCase('da') + lowered.slice(1);
}

/** Text compared for sameness: case, spacing and trailing punctuation do not count. */
const sameKey = (text: string) =>
  text
    .toLocaleLowerCase('da')
    .replace(/\s+/g, ' ')
    .replace(/[\s.:;,]+$/, '')
    .trim();

/**
 * An item's sections for reading: empty ones left out, text that several sources repeat under
 * different headings (a web page's "Beslutning" and a printout's "Referat") shown once with
 * both headings named, sections of the same heading joined, text with no heading joined to the
 * section before it, and the decision first.
 */
export function readableSections(item: MeetingItem): ReadableSection[] {
  const out: ReadableSection[] = [];
  for (const s of item.sections) {
    const text = s.text.trim();
    if (!text) continue;
    const heading = tidyHeading(s.heading);
    const key = sameKey(text);
    const twin = out.find((o) => {
      const k = sameKey(o.text);
      return k === key || (Math.min(k.length, key.length) >= 12 && (k.startsWith(key) || key.startsWith(k)));
    });
    if (twin) {
      // The longer text holds what the shorter one says, and more.
      if (text.length > twin.text.length) twin.text = text;
      if (heading && heading !== twin.heading && !twin.alsoAs.includes(heading)) twin.alsoAs.push(heading);
      continue;
    }
    const near = key.length >= 40 ? out.find((o) => likeness(sameKey(o.text), key) >= 0.9) : undefined;
    if (near) {
      near.variants.push({ heading: heading || near.heading, text });
      continue;
    }
    const last = out.at(-1);
    if (!heading && last) {
      last.text = `${last.text}\n\n${text}`;
      continue;
    }
    const same = heading ? out.find((o) => o.heading === heading) : undefined;
    if (same) {
      same.text = `${same.text}\n\n${text}`;
      continue;
    }
    out.push({ heading, text, decision: false, alsoAs: [], variants: [] });
  }
  let decision = out.findIndex((s) => s.heading && sectionKind(s.heading) === 'decision');
  if (decision < 0 && item.decision?.trim() && !item.closed) {
    const key = sameKey(item.decision);
    const holder = out.findIndex((s) => sameKey(s.text).startsWith(key));
    if (holder >= 0) decision = holder;
    else {
      out.unshift({
        heading: 'Beslutning',
        text: item.decision.trim(),
        decision: true,
        alsoAs: [],
        variants: [],
      });
      return out;
    }
  }
  if (decision >= 0) {
    const [d] = out.splice(decision, 1);
    out.unshift({ ...d!, decision: true });
  }
  return out;
}

/** Items in the order of their numbers, as the minutes list them; unnumbered ones where they are. */
export function itemsInOrder(meeting: Meeting): MeetingItem[] {
  const numeric = (n: MeetingItem['number']) => (n == null ? null : Number.parseInt(String(n), 10));
  if (meeting.items.some((i) => Number.isNaN(numeric(i.number)) || numeric(i.number) === null))
    return meeting.items;
  return [...meeting.items].sort(
    (a, b) =>
      numeric(a.number)! - numeric(b.number)! || String(a.number).localeCompare(String(b.number), 'da'),
  );
}
