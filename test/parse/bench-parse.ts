// Parsing speed on generated minutes: `node test/parse/bench-parse.ts` prints ms per size.
import { parseMinutes } from '../../shared/parse/parse-minutes.ts';
import { source } from '../support/layout.ts';
import { generatedMinutes, longItem } from './generated.ts';

parseMinutes(generatedMinutes(50), source);
for (const pages of [200, 500, 1000, 2000, 5000]) {
  const doc = generatedMinutes(pages);
  const t0 = performance.now();
  const got = parseMinutes(doc, { ...source, pages });
  const ms = performance.now() - t0;
  console.log(
    `${String(pages).padStart(5)} pages  ${String(Math.round(ms)).padStart(6)} ms  ${(ms / pages).toFixed(2)} ms/page  ${got.items.length} items`,
  );
}
for (const pages of [200, 500, 1000]) {
  const t0 = performance.now();
  parseMinutes(longItem(pages), { ...source, pages });
  console.log(
    `${String(pages).padStart(5)} pages, one item's text  ${String(Math.round(performance.now() - t0)).padStart(6)} ms`,
  );
}
