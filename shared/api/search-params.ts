import { z } from 'zod';
import { InvalidArgumentError } from '../domain/errors.ts';
import type { SearchQuery } from '../ports/agenda-index.port.ts';
import { MAX_LIMIT, MAX_QUERY_LENGTH } from '../search/query.ts';

export { MAX_LIMIT };

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    'is not a real date',
  );

const schema = z.object({
  q: z.string().max(MAX_QUERY_LENGTH, `must be at most ${MAX_QUERY_LENGTH} characters`).default(''),
  committee: z.array(z.string().min(1).max(200)).max(50).default([]),
  authority: z.array(z.string().min(1).max(200)).max(50).default([]),
  kind: z
    .array(z.enum(['referat', 'dagsorden', 'punkt', 'bilag']))
    .max(3)
    .default([]),
  from: isoDay.optional(),
  to: isoDay.optional(),
  undated: z.enum(['true', 'false']).optional(),
  section: z.enum(['all', 'decision', 'recommendation', 'case']).default('all'),
  sort: z.enum(['relevance', 'newest', 'oldest']).default('relevance'),
  limit: z.coerce
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(MAX_LIMIT, `must be at most ${MAX_LIMIT}`)
    .default(20),
  cursor: z.string().max(200).optional(),
  case: z.string().trim().min(1).max(100).optional(),
});

/**
 * Parses the query string of /api/search at the edge, so the index gets typed values. A bad
 * parameter is an InvalidArgumentError naming it.
 */
export function parseSearchParams(params: URLSearchParams): SearchQuery {
  const raw = {
    q: params.get('q') ?? undefined,
    committee: params.getAll('committee').filter(Boolean),
    authority: params.getAll('authority').filter(Boolean),
    kind: params.getAll('kind').filter(Boolean),
    from: params.get('from') || undefined,
    to: params.get('to') || undefined,
    undated: params.get('undated') || undefined,
    section: params.get('section') || undefined,
    sort: params.get('sort') || undefined,
    limit: params.get('limit') || undefined,
    cursor: params.get('cursor') || undefined,
    case: params.get('case') || undefined,
  };
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const parameter = String(issue.path[0] ?? 'query');
    throw new InvalidArgumentError(parameter, `${parameter} ${issue.message}`);
  }
  const v = result.data;
  if (v.from && v.to && v.from > v.to) throw new InvalidArgumentError('from', 'from must not be after to');
  return {
    text: v.q.trim(),
    committees: v.committee,
    ...(v.authority.length ? { authorities: v.authority } : {}),
    kinds: v.kind,
    from: v.from,
    to: v.to,
    ...(v.undated === 'true' ? { undated: true } : {}),
    section: v.section,
    sort: v.sort,
    limit: v.limit,
    cursor: v.cursor,
    ...(v.case ? { caseNumber: v.case } : {}),
  };
}
