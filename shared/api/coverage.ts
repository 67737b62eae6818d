import type { SourceDocument } from '../domain/model.ts';
import { slug } from '../parse/normalize.ts';
import type { AgendaIndex } from '../ports/agenda-index.port.ts';
import type { DocumentStore } from '../ports/document-store.port.ts';

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
  const records = (await store.listRecords()).filter(belongsTo(committee));
  return {
    committee,
    years,
    yearsWithNone,
    failed: records
      .filter((r) => r.status === 'failed')
      .map((r) => ({ id: r.id, name: r.name, reason: r.reason })),
    waitingForOcr: records
      .filter((r) => r.status === 'ocr' || r.status === 'queued')
      .map((r) => ({ id: r.id, name: r.name })),
  };
}
