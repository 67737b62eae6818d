// "Mente du …": a word the index does not hold, or holds rarely, replaced by a close word that
// it holds often. Typing errors are a letter left out, added, changed or two swapped; the first
// letter is rarely wrong, and a short word has too many neighbours to guess from.

/** How many edits a word of this length may be away from the word it was meant to be. */
export function maxEdits(length: number): number {
  return length < 5 ? 0 : length < 8 ? 1 : 2;
}

/**
 * The optimal-string-alignment distance (Levenshtein with swaps of neighbours), or max + 1 as soon
 * as it must exceed max.
 * @example editDistance('sundhedsaftlen', 'sundhedsaftalen', 2) // 1
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const m = a.length;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, prev2[j - 2]! + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n]!;
}

/** A word of the index with the number of items it occurs in. */
export interface VocabularyWord {
  word: string;
  count: number;
}

/**
 * The best replacement for `word` among `candidates` (words of the index that share its first
 * letter): the fewest edits away, then the most frequent; only one more than three times as
 * frequent as `word` itself (any word, when the index does not hold `word`).
 */
export function closestWord(
  word: string,
  ownCount: number,
  candidates: Iterable<VocabularyWord>,
): VocabularyWord | null {
  const max = maxEdits(word.length);
  if (max === 0) return null;
  let best: (VocabularyWord & { distance: number }) | null = null;
  for (const c of candidates) {
    if (c.word === word || c.count <= ownCount * 3) continue;
    const distance = editDistance(word, c.word, max);
    if (distance > max) continue;
    if (!best || distance < best.distance || (distance === best.distance && c.count > best.count))
      best = { ...c, distance };
  }
  return best && { word: best.word, count: best.count };
}

/** The query text with one word replaced, its case kept where the typed word was capitalised. */
export function replaceWord(text: string, word: string, replacement: string): string {
  const re = new RegExp(
    `(?<![\\p{L}\\p{N}])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`,
    'iu',
  );
  return text.replace(re, (typed) =>
    typed[0] !== typed[0]!.toLowerCase() ? replacement[0]!.toUpperCase() + replacement.slice(1) : replacement,
  );
}
