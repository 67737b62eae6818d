import { InvalidArgumentError, NotFoundError } from '../../domain/errors.ts';

/** What a citizen reads when a search parameter is wrong, by the parameter the API names. */
const PARAMETER_TEXT: Record<string, string> = {
  q: 'Søgningen er for lang eller har for mange ord. Prøv med færre ord.',
  from: 'Fra-datoen er ikke en gyldig dato.',
  to: 'Til-datoen er ikke en gyldig dato.',
  committee: 'Udvalgsfilteret kunne ikke læses.',
  kind: 'Dokumenttypen findes ikke. Vælg referat, dagsorden, enkelt punkt eller andet dokument.',
  section: 'Den valgte del af punktet findes ikke.',
  sort: 'Sorteringen findes ikke. Vælg bedste match, nyeste eller ældste først.',
  limit: 'Antallet af resultater skal være et helt tal mellem 1 og 100.',
  cursor: 'Linket til næste side er ikke gyldigt længere. Start søgningen forfra.',
  undated: 'Filteret for udaterede møder kunne ikke læses.',
};

/**
 * The Danish text for an error the API gives as `{ error, parameter }`: the API keeps its stable
 * English message for programs, a person reads this.
 */
export function danishError(error: { error?: string; parameter?: string } | unknown): string {
  if (error instanceof InvalidArgumentError)
    return danishError({ error: error.message, parameter: error.parameter });
  if (error instanceof NotFoundError) return 'Det, du leder efter, findes ikke i arkivet.';
  if (error && typeof error === 'object' && !(error instanceof Error)) {
    const { error: message = '', parameter } = error as { error?: string; parameter?: string };
    if (parameter === 'from' && /after/.test(message))
      return 'Fra-datoen ligger efter til-datoen. Byt om på dem, eller ret en af dem.';
    if (parameter === 'q' && /characters/.test(message)) return 'Søgningen er for lang. Brug højst 500 tegn.';
    if (parameter === 'q' && /words/.test(message)) return 'Søgningen har for mange ord. Brug højst 32.';
    if (parameter && PARAMETER_TEXT[parameter]) return PARAMETER_TEXT[parameter]!;
    if (/^no (meeting|committee|document)/.test(message))
      return 'Det, du leder efter, findes ikke i arkivet.';
  }
  return 'Noget gik galt hos os. Prøv igen om lidt.';
}
