// The search lives in the URL: every filter and how many hits are shown, so a link can be shared
// and Back returns to where the reader was.

const DEFAULTS = { sort: 'relevance', section: 'all' };

/** The page address a search form describes: only filled-in fields, defaults left out. */
export function urlFromForm(form, changes = {}) {
  const data = new FormData(form);
  const p = new URLSearchParams();
  for (const [key, value] of data) {
    if (typeof value !== 'string' || !value.trim()) continue;
    if (DEFAULTS[key] === value) continue;
    p.append(key, key === 'q' ? value.trim() : value);
  }
  for (const [key, value] of Object.entries(changes)) {
    p.delete(key);
    if (value) p.set(key, value);
  }
  const qs = p.toString();
  return qs ? `/?${qs}` : '/';
}

/** The same address with `vis` (hits shown) set. */
export function withShown(url, shown) {
  const u = new URL(url, location.origin);
  u.searchParams.set('vis', String(shown));
  u.hash = '';
  return `${u.pathname}${u.search}`;
}
