/**
 * Cleans one line of extracted text: ligatures and compatibility forms folded (NFKC), soft hyphens
 * and zero-width characters dropped, odd spaces made plain, runs of white space collapsed.
 * @example normalizeLine('Kon\u00ADtrakt\u00A0ﬁnansiering') // 'Kontrakt finansiering'
 */
export function normalizeLine(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u00AD\u200B-\u200D\u2060\uFEFF]/g, '')
    .replace(/[\s\u00A0\u2000-\u200A\u202F\u205F\u3000]+/g, ' ')
    .trim();
}

/** Lower-case letters and digits only: for comparing titles and names across layouts. */
export function fold(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * Joins wrapped lines into running text. A word broken with a hyphen at a line end is joined
 * ("sammen-" + "hæng" → "sammenhæng") unless the part after it starts with a capital or a digit,
 * where the hyphen is real ("Patient-" + "og" stays "Patient- og").
 */
export function joinLines(lines: readonly string[]): string {
  // Built as parts and tested on the last characters only, so joining stays linear in the text
  // (testing a growing string with an anchored regex made a 1,000-page document take 20 s).
  const parts: string[] = [];
  let tail = '';
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    if (!parts.length) {
      parts.push(line);
    } else if (/\p{Ll}-$/u.test(tail) && /^\p{Ll}/u.test(line) && !/^(og|eller|til)\b/.test(line)) {
      parts[parts.length - 1] = parts.at(-1)!.slice(0, -1);
      parts.push(line);
    } else if (/[\p{Lu}\d]-$/u.test(tail) && /^[\p{L}\d]/u.test(line) && !/^(og|eller|til)\b/.test(line)) {
      // "FU-" + "repræsentation", "2030-" + "fremskrivning": a real hyphen in a compound.
      parts.push(line);
    } else {
      parts.push(' ', line);
    }
    tail = line.slice(-2);
  }
  return parts.join('');
}

/** Danish letters folded to ASCII for identifiers: "Økonomiudvalget" → "oekonomiudvalget". */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'oe')
    .replace(/å/g, 'aa')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}
