import { parseSearchParams } from '../../shared/api/search-params.ts';
import { createLocalHome } from '../../shared/composition/local.ts';
import { type Command, configFrom } from '../command.ts';

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
    const params = new URLSearchParams({ q: positionals.join(' ') });
    for (const c of (values.committee as string[] | undefined) ?? []) params.append('committee', c);
    for (const key of ['from', 'to', 'limit'] as const)
      if (typeof values[key] === 'string') params.set(key, values[key] as string);
    const query = parseSearchParams(params);
    const home = createLocalHome(configFrom(values, { ocr: false }));
    try {
      const result = await home.archive.index.search(query);
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
      await home.close();
    }
  },
};
