import type { SearchQuery } from '../../shared/ports/agenda-index.port.ts';
import { MAX_LIMIT } from '../../shared/search/query.ts';
import { type Command, configFrom, UsageError, type Values } from '../command.ts';

/** A day as YYYY-MM-DD that exists in the calendar, or a usage error naming the option. */
function day(option: string, value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const real = /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
  if (!real || !new Date(`${value}T00:00:00Z`).toISOString().startsWith(value))
    throw new UsageError(`--${option} must be a date as YYYY-MM-DD, not "${value}"`);
  return value;
}

/**
 * The search the options ask for, checked here rather than by the API's zod schema: a one-shot
 * search should not load a validation library to read four options.
 */
function queryFrom(positionals: string[], values: Values): SearchQuery {
  const from = day('from', values.from);
  const to = day('to', values.to);
  if (from && to && from > to) throw new UsageError('--from must not be after --to');
  const limit = typeof values.limit === 'string' ? Number(values.limit) : 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    throw new UsageError(`--limit must be a whole number from 1 to ${MAX_LIMIT}, not "${values.limit}"`);
  return {
    text: positionals.join(' ').trim(),
    committees: ((values.committee as string[] | undefined) ?? []).filter(Boolean),
    kinds: [],
    from,
    to,
    section: 'all',
    sort: 'relevance',
    limit,
  };
}

export const searchCommand: Command = {
  summary: 'search the index',
  usage: 'protokol search QUERY [--committee NAME] [--from DATE] [--to DATE] [--limit N] [--json]',
  help: `Searches agenda items. QUERY takes words, "phrases" and -excluded words; an empty QUERY
("") with filters lists items newest first.

Options:
  --committee NAME   only this committee (repeatable)
  --from YYYY-MM-DD  meetings on or after this day
  --to YYYY-MM-DD    meetings on or before this day
  --limit N          hits to show (default 20)
  --json             print the API's JSON`,
  options: {
    committee: { type: 'string', multiple: true },
    from: { type: 'string' },
    to: { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(positionals, values) {
    const query = queryFrom(positionals, values);
    // Only the index: not the archive, its readers or its stores.
    const { openLocalIndex } = await import('../../shared/composition/local-index.ts');
    const index = await openLocalIndex(configFrom(values, { ocr: false }));
    try {
      const result = await index.search(query);
      if (values.json) {
        console.log(JSON.stringify(result, null, 2));
        return 0;
      }
      console.log(`${result.total} hits`);
      for (const h of result.hits) {
        const snippet = h.snippet
          .replace(/<\/?mark>/g, '*')
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&quot;/g, '"')
          .replace(/&#39;/g, "'")
          .replace(/&amp;/g, '&');
        console.log(
          `\n${h.committee ?? '(ukendt udvalg)'} ${h.start?.slice(0, 10) ?? ''} · punkt ${h.number ?? '–'}: ${h.title}`,
        );
        if (h.bilag) console.log(`  i bilag: ${h.bilag.name}`);
        console.log(`  ${snippet}`);
        console.log(`  /moeder/${h.meetingId}`);
      }
      return 0;
    } finally {
      await index.close();
    }
  },
};
