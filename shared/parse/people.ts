import { ROLE_WORDS } from './vocabulary.ts';

/**
 * Splits a list of people into names, without party letters or roles.
 * @example splitPeople('Søren Steen Andersen (V), formand, og Mette Hansen (A)') // ['Søren Steen Andersen', 'Mette Hansen']
 */
export function splitPeople(text: string): string[] {
  return (
    text
      // A party letter ends a name: two columns of members read "Jesper Mathiesen (A) Ole Bjerregaard (V)".
      .replace(/\s*\((?:[A-ZÆØÅ]{1,3}|[A-ZÆØÅ][a-zæøå]{0,3}\.?)\)\s*(?=\p{Lu})/gu, ', ')
      .replace(/\([^)]*\)/g, ' ')
      // "Lolan Ottesen - formand": the role after a dash.
      .replace(
        /\s+[-–]\s+(?:formand|næstformand|sekretær|referent|borgmester|rådmand|medlem|suppleant|mødeleder)\b/gi,
        ',',
      )
      .split(/\s*(?:[,;\n]|\s+og\s+|\s+samt\s+)\s*/)
      .map((s) =>
        s
          .replace(/^(og|samt)\s+/i, '')
          .replace(/[.:]+$/, '')
          .replace(/\s+/g, ' ')
          .trim(),
      )
      .filter((s) => s && /\p{Lu}/u.test(s) && !ROLE_WORDS.test(s) && !/^(ingen|-|–)$/i.test(s))
  );
}
