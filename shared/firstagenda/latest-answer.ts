import type { ParsedDocument } from '../domain/model.ts';

/** A document of a meeting with when the archive received it. */
export interface Answer {
  parsed: ParsedDocument;
  /** ISO time the archive first received the document; later wins a tie. */
  receivedAt?: string;
}

/** How far along a portal answer is: a held meeting outranks its agenda, more decisions fewer. */
function rank(a: Answer): [number, number, string] {
  return [
    a.parsed.kind === 'referat' ? 1 : 0,
    a.parsed.items.filter((i) => i.decision).length,
    a.receivedAt ?? '',
  ];
}

function newer(a: Answer, b: Answer): boolean {
  const [x, y] = [rank(a), rank(b)];
  return x[0] !== y[0] ? x[0] > y[0] : x[1] !== y[1] ? x[1] > y[1] : x[2] >= y[2];
}

/**
 * Keeps, of the answers a portal gave for one of its meetings over time (the agenda, then the
 * minutes, then a correction), only the latest: a later answer replaces the earlier rather than
 * merging with it. Documents with no portal meeting id (a PDF, a bilag) are all kept.
 */
export function latestAnswers<T extends Answer>(documents: T[]): T[] {
  const best = new Map<string, T>();
  for (const d of documents) {
    const key = d.parsed.sourceMeetingId;
    if (!key) continue;
    const held = best.get(key);
    if (!held || newer(d, held)) best.set(key, d);
  }
  return documents.filter((d) => !d.parsed.sourceMeetingId || best.get(d.parsed.sourceMeetingId) === d);
}
