// Fetching from the server: whole pages (rendered by the server, so script and no script show the
// same thing) and the JSON API, whose English errors are given to the reader in Danish.

const PARAMETER_TEXT = {
  q: 'Søgningen er for lang eller har for mange ord. Prøv med færre ord.',
  from: 'Fra-datoen er ikke en gyldig dato.',
  to: 'Til-datoen er ikke en gyldig dato.',
  committee: 'Udvalgsfilteret kunne ikke læses.',
  kind: 'Dokumenttypen findes ikke.',
  section: 'Den valgte del af punktet findes ikke.',
  sort: 'Sorteringen findes ikke.',
  limit: 'Antallet af resultater skal være et helt tal mellem 1 og 100.',
  cursor: 'Linket til næste side er ikke gyldigt længere. Start søgningen forfra.',
};

/** The Danish text for the API's `{ error, parameter }` (the API keeps stable English for programs). */
export function danishError(body, status) {
  const { error = '', parameter } = body ?? {};
  if (parameter === 'from' && /after/.test(error))
    return 'Fra-datoen ligger efter til-datoen. Byt om på dem, eller ret en af dem.';
  if (parameter && PARAMETER_TEXT[parameter]) return PARAMETER_TEXT[parameter];
  if (status === 404) return 'Det, du leder efter, findes ikke i arkivet.';
  if (status === 401 || status === 403) return 'Du har ikke adgang. Log ind igen.';
  if (status === 413) return 'Filen er for stor.';
  return 'Noget gik galt hos os. Prøv igen om lidt.';
}

export class PageError extends Error {}

/** GETs a page of the site and parses it; a failed connection is a PageError with a Danish message. */
export async function fetchPage(url) {
  let res;
  try {
    res = await fetch(url, { headers: { accept: 'text/html' } });
  } catch {
    throw new PageError('Siden kunne ikke hentes. Tjek forbindelsen, og prøv igen.');
  }
  const text = await res.text();
  // A 400 page carries its own Danish explanation; show it like any page.
  if (!res.ok && res.status !== 400 && res.status !== 404) throw new PageError(danishError(null, res.status));
  return new DOMParser().parseFromString(text, 'text/html');
}

/** GETs JSON from the API; an error answer becomes a PageError in Danish. */
export async function api(path) {
  let res;
  try {
    res = await fetch(path, { headers: { accept: 'application/json' } });
  } catch {
    throw new PageError('Serveren kunne ikke nås. Tjek forbindelsen, og prøv igen.');
  }
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new PageError(danishError(body, res.status));
  return body;
}
