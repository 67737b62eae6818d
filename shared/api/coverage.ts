import type { SourceDocument } from '../domain/model.ts';
import { slug } from '../parse/normalize.ts';
import type { AgendaIndex } from '../ports/agenda-index.port.ts';
import { allRecords, type DocumentStore } from '../ports/document-store.port.ts';

export interface Coverage {
  committee: string;
  years: { year: string; meetings: number }[];
  /** Years between the first and the last meeting with no meeting at all: a gap in the archive. */
  yearsWithNone: string[];
  failed: { id: string; name: string; reason: string | null }[];
  waitingForOcr: { id: string; name: string }[];
}

const belongsTo = (committee: string) => (r: SourceDocument) =>
  r.metadata.committee === committee || (r.meetingId?.startsWith(`${slug(committee)}-`) ?? false);

type Attention = Pick<Coverage, 'failed' | 'waitingForOcr'>;

/**
 * The documents that need attention, per store, kept until a record changes: the page is public,
 * and reading records for every request does not scale.
 */
const attentionCache = new WeakMap<DocumentStore, { version: string; byCommittee: Map<string, Attention> }>();

async function attentionOf(committee: string, store: DocumentStore): Promise<Attention> {
  const version = (await store.recordsVersion?.()) ?? null;
  let cached = version === null ? undefined : attentionCache.get(store);
  if (cached && cached.version !== version) cached = undefined;
  const hit = cached?.byCommittee.get(committee);
  if (hit) return hit;
  const failed: Attention['failed'] = [];
  const waitingForOcr: Attention['waitingForOcr'] = [];
  // Only the records that need attention are read, a page at a time.
  const belongs = belongsTo(committee);
  for await (const r of allRecords(store, { status: ['failed', 'ocr', 'queued'] })) {
    if (!belongs(r)) continue;
    if (r.status === 'failed') failed.push({ id: r.id, name: r.name, reason: r.reason });
    else waitingForOcr.push({ id: r.id, name: r.name });
  }
  const attention = { failed, waitingForOcr };
  if (version !== null) {
    const entry = cached ?? { version, byCommittee: new Map<string, Attention>() };
    entry.byCommittee.set(committee, attention);
    attentionCache.set(store, entry);
  }
  return attention;
}

/** What the archive holds of a committee, year by year, and which of its documents need attention. */
export async function coverageOf(
  committee: string,
  index: AgendaIndex,
  store: DocumentStore,
): Promise<Coverage> {
  const years = await index.meetingsPerYear(committee);
  const held = new Set(years.map((y) => y.year));
  const yearsWithNone: string[] = [];
  if (years.length) {
    for (let y = Number(years[0]!.year); y <= Number(years.at(-1)!.year); y++)
      if (!held.has(String(y))) yearsWithNone.push(String(y));
  }
  const { failed, waitingForOcr } = await attentionOf(committee, store);
  return { committee, years, yearsWithNone, failed, waitingForOcr };
}
