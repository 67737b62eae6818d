import { createRequire } from 'node:module';
import { inflateRawSync } from 'node:zlib';
import { danishStem } from './danish-stemmer.ts';

// Danish glues words together ("rygestopkurser", "bygningsvedligeholdelse") and people search for
// the parts. A word is split into parts the Danish hunspell dictionary knows: every part but the
// last must be a form hunspell allows at the start or middle of a compound (its own form, or with
// the linking s or e: "sundheds-", "skole-"), the last a form it allows at the end (any inflection:
// matched by stem). Splitting must cover the whole word, so "is" is never found inside "politis".

/** Shortest part, in letters: "vej" in "vejvedligeholdelse", never "is" or "by". */
export const MIN_PART = 3;
/** A word the dictionary knows as a whole ("regnskab", "vedligeholdelse") splits only into long parts. */
const MIN_PART_OF_KNOWN = 5;
const MIN_WORD = 2 * MIN_PART;
const MAX_WORD = 60;

let lexicon: { begin: Set<string>; end: Set<string> } | null = null;

/**
 * The dictionary's sets, loaded and unpacked on first use (about 50 ms): indexing a text or
 * highlighting a compound needs them; a search that finds no compound and a listing do not, so
 * the 0.9 MB module is required here rather than imported at the top.
 */
function load(): { begin: Set<string>; end: Set<string> } {
  if (!lexicon) {
    const { BEGIN_FORMS, END_STEMS } = createRequire(import.meta.url)(
      './lexicon/danish-lexicon.data.ts',
    ) as typeof import('./lexicon/danish-lexicon.data.ts');
    const unpack = (packed: string) =>
      new Set(inflateRawSync(Buffer.from(packed, 'base64')).toString('utf8').split('\n'));
    lexicon = { begin: unpack(BEGIN_FORMS), end: unpack(END_STEMS) };
  }
  return lexicon;
}

/**
 * The parts of a compound, as they are written in it (linking letters kept on the part they
 * follow): "sundhedsaftalen" → ["sundheds", "aftalen"]. Fewest parts win, then the most uneven
 * split (one long known part beats two short ones). An empty list when the word is no compound
 * the dictionary can account for.
 */
export function splitCompound(input: string): string[] {
  const word = input.toLowerCase();
  const n = word.length;
  if (n < MIN_WORD || n > MAX_WORD || !/^\p{L}+$/u.test(word)) return [];
  const { begin, end } = load();
  const min = end.has(danishStem(word)) ? MIN_PART_OF_KNOWN : MIN_PART;
  // Forward over the word: parts[i] and squares[i] describe the best split of word[0..i) into
  // parts that may begin or continue a compound (0 parts: unreachable), from[i] where its last
  // part starts. Few positions are reachable, so few suffixes are ever stemmed.
  const parts = new Int32Array(n + 1);
  const squares = new Int32Array(n + 1);
  const from = new Int32Array(n + 1);
  let bestEnd = -1;
  let bestParts = 0;
  let bestSquares = 0;
  for (let i = 0; i <= n - min; i++) {
    if (i > 0 && parts[i] === 0) continue;
    if (i > 0 && end.has(danishStem(word.slice(i)))) {
      const total = parts[i]! + 1;
      const sq = squares[i]! + (n - i) ** 2;
      if (bestEnd < 0 || total < bestParts || (total === bestParts && sq > bestSquares)) {
        bestEnd = i;
        bestParts = total;
        bestSquares = sq;
      }
    }
    for (let j = i + min; j <= n - min; j++) {
      if (!begin.has(word.slice(i, j))) continue;
      const total = parts[i]! + 1;
      const sq = squares[i]! + (j - i) ** 2;
      if (parts[j] === 0 || total < parts[j]! || (total === parts[j] && sq > squares[j]!)) {
        parts[j] = total;
        squares[j] = sq;
        from[j] = i;
      }
    }
  }
  if (bestEnd < 0) return [];
  const out = [word.slice(bestEnd)];
  for (let j = bestEnd; j > 0; j = from[j]!) out.unshift(word.slice(from[j]!, j));
  return out;
}

const cache = new Map<string, string[]>();

/**
 * The stems a compound is found by, besides its own: each part, and each run of neighbouring
 * parts shorter than the whole ("rygestopkurser" → rygestop, kurs; "bygningsvedligeholdelsesplan"
 * → bygning, vedligehold, plan, bygningsvedligehold, vedligeholdelsesplan). A part that carries a
 * linking letter is also stemmed without it.
 * @example compoundStems('klimaregnskabet') // ['klima', 'regnskab']
 */
export function compoundStems(word: string): string[] {
  const lower = word.toLowerCase();
  const hit = cache.get(lower);
  if (hit) return hit;
  const parts = splitCompound(lower);
  const out = new Set<string>();
  for (let from = 0; from < parts.length; from++) {
    for (let to = from + 1; to <= parts.length; to++) {
      if (from === 0 && to === parts.length) continue;
      const run = parts.slice(from, to).join('');
      out.add(danishStem(run));
      const last = run.at(-1);
      if (to < parts.length && (last === 's' || last === 'e')) out.add(danishStem(run.slice(0, -1)));
    }
  }
  const stems = [...out];
  // Words repeat across items; keep the most recent splits (a bounded memo, oldest dropped first).
  if (cache.size >= 50_000) cache.delete(cache.keys().next().value!);
  cache.set(lower, stems);
  return stems;
}
