import type { Hono } from 'hono';
import { NotFoundError } from '../domain/errors.ts';
import type { AgendaIndex, SearchHit, SearchQuery } from '../ports/agenda-index.port.ts';
import { meetingUrl } from '../search/index-text.ts';

/** One time a case was on an agenda: which meeting and item, and what was decided. */
export interface CaseStep {
  meetingId: string;
  committee: string | null;
  start: string | null;
  number: number | string | null;
  title: string;
  decision: string | null;
}

/** The most items one case listing reads (OpenSearch pages at most 10,000); a case is on a handful of agendas. */
const MAX_ITEMS = 9_999;

/**
 * Every item of a case (its case number, "EMN-2025-008468"), oldest first: the case's path from
 * committee to committee, each time with its decision. Undated items come last.
 *
 * The index is asked with the `caseNumber` filter; an index without it answers every item, so
 * each answer is checked against the item itself (from the hit, or else from its meeting).
 */
export async function caseHistory(index: AgendaIndex, caseNumber: string): Promise<CaseStep[]> {
  const wanted = normalise(caseNumber);
  if (!wanted) return [];
  const query = {
    text: '',
    committees: [],
    kinds: [],
    section: 'all',
    sort: 'oldest',
    limit: MAX_ITEMS,
    caseNumber,
  } as SearchQuery;
  const result = await index.search(query);
  const steps: CaseStep[] = [];
  const meetings = new Map<string, Promise<Map<string, string | null>>>();
  const caseNumbersOf = (id: string) => {
    let found = meetings.get(id);
    if (!found) {
      found = index
        .getMeeting(id)
        .then((m) => new Map((m?.items ?? []).map((i) => [String(i.number), i.caseNumber] as const)));
      meetings.set(id, found);
    }
    return found;
  };
  for (const hit of result.hits as (SearchHit & { caseNumber?: string | null })[]) {
    const itemCase =
      hit.caseNumber !== undefined
        ? hit.caseNumber
        : (await caseNumbersOf(hit.meetingId)).get(String(hit.number));
    if (!itemCase || normalise(itemCase) !== wanted) continue;
    steps.push({
      meetingId: hit.meetingId,
      committee: hit.committee,
      start: hit.start,
      number: hit.number,
      title: hit.title,
      decision: hit.decision,
    });
  }
  return steps.sort(
    (a, b) =>
      (a.start === null ? 1 : 0) - (b.start === null ? 1 : 0) ||
      (a.start ?? '').localeCompare(b.start ?? '') ||
      String(a.number).localeCompare(String(b.number), 'da', { numeric: true }),
  );
}

/** Case numbers compared as people write them: case and spacing do not count. */
function normalise(caseNumber: string): string {
  return caseNumber.replace(/\s+/g, '').toUpperCase();
}

/** GET /api/cases/{nummer}: the case's items in date order, each with its decision. */
export function addCaseRoutes(app: Hono, index: AgendaIndex): void {
  app.get('/api/cases/:caseNumber', async (c) => {
    const caseNumber = c.req.param('caseNumber');
    const steps = await caseHistory(index, caseNumber);
    if (!steps.length) throw new NotFoundError(`no case with number "${caseNumber}"`);
    return c.json({
      caseNumber,
      items: steps.map((s) => ({ ...s, url: meetingUrl({ id: s.meetingId }, s.number) })),
    });
  });
}
