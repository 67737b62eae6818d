// The Snowball stemmer for Danish (snowballstem.org/algorithms/danish/stemmer.html), the same
// algorithm OpenSearch's "danish" stemmer runs, so both homes match the same word forms.

const VOWELS = new Set('aeiouyæåø');
const S_ENDING = new Set('abcdfghjklmnoprtvyzå');
const STEP1 = [
  'erendes',
  'erende',
  'hedens',
  'ethed',
  'erede',
  'heden',
  'heder',
  'endes',
  'ernes',
  'erens',
  'erets',
  'ered',
  'ende',
  'erne',
  'eren',
  'erer',
  'heds',
  'enes',
  'eres',
  'eret',
  'hed',
  'ene',
  'ere',
  'ens',
  'ers',
  'ets',
  'en',
  'er',
  'es',
  'et',
  'e',
];
const STEP3 = ['elig', 'løst', 'lig', 'els', 'ig'];

function regionOne(word: string): number {
  for (let i = 1; i < word.length; i++) {
    if (!VOWELS.has(word[i]!) && VOWELS.has(word[i - 1]!)) return Math.max(3, i + 1);
  }
  return word.length;
}

function consonantPair(word: string, r1: number): string {
  if (word.length - 2 >= r1 && /(gd|dt|gt|kt)$/.test(word)) return word.slice(0, -1);
  return word;
}

/**
 * Reduces a Danish word to its stem: "sundhedsaftalen" and "sundhedsaftaler" both → "sundhedsaftal".
 * @example danishStem('sygeplejersker') // 'sygeplejersk'
 */
export function danishStem(input: string): string {
  const hit = stems.get(input);
  if (hit !== undefined) return hit;
  const stem = stemOf(input);
  // The same words come again and again (every item of minutes says "udvalget", "godkendt"):
  // a bounded memo, the oldest dropped first, so a word is stemmed once in a bulk load.
  if (stems.size >= 50_000) stems.delete(stems.keys().next().value!);
  stems.set(input, stem);
  return stem;
}

const stems = new Map<string, string>();

function stemOf(input: string): string {
  let word = input.toLowerCase();
  if (word.length < 3) return word;
  const r1 = regionOne(word);
  // Step 1: inflectional endings.
  const suffix = STEP1.find((s) => word.endsWith(s) && word.length - s.length >= r1);
  if (suffix) word = word.slice(0, -suffix.length);
  else if (word.endsWith('s') && word.length - 1 >= r1 && S_ENDING.has(word.at(-2) ?? ''))
    word = word.slice(0, -1);
  // Step 2
  word = consonantPair(word, r1);
  // Step 3: derivational endings.
  if (word.endsWith('igst') && word.length - 4 >= r1) word = word.slice(0, -2);
  const derived = STEP3.find((s) => word.endsWith(s) && word.length - s.length >= r1);
  if (derived === 'løst') word = word.slice(0, -1);
  else if (derived) word = consonantPair(word.slice(0, -derived.length), r1);
  // Step 4: undouble a final consonant.
  const last = word.at(-1) ?? '';
  if (word.length - 2 >= r1 && last === word.at(-2) && !VOWELS.has(last) && /\p{L}/u.test(last))
    word = word.slice(0, -1);
  return word;
}

/** Words of a text, lower-cased, as the index tokenises them. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}
