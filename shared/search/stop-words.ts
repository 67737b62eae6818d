// The Danish stop words of the Snowball project, the list OpenSearch's `_danish_` stop filter
// holds, so both homes leave out the same words: "vindmøller på havnen" looks for vindmøller and
// havnen, never for every item that says "på".
const STOP_WORDS = new Set(
  `og i jeg det at en den til er som på de med han af for ikke der var mig sig men et har om vi min
havde ham hun nu over da fra du ud sin dem os op man hans hvor eller hvad skal selv her alle vil blev
kunne ind når være dog noget ville jo deres efter ned skulle denne end dette mit også under have dig
anden hende mine alt meget sit sine vor mod disse hvis din nogle hos blive mange ad bliver hendes
været thi jer sådan`.split(/\s+/),
);

/** Whether a lower-cased word is a Danish stop word. */
export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

/** The stop words, for an OpenSearch stop filter that must agree with isStopWord. */
export const DANISH_STOP_WORDS: readonly string[] = [...STOP_WORDS];
