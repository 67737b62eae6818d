import { parseSearchParams } from '../../api/search-params.ts';
import type { SearchQuery } from '../../ports/agenda-index.port.ts';

/** How many hits a page shows at first, and how many more "Vis flere" adds. */
export const PAGE_SIZE = 20;
/** The most hits one page lists; beyond that the reader narrows the search. */
export const MAX_SHOWN = 200;

/** What the search page shows, as its URL says it: every filter, and how far the reader got. */
export interface SearchState {
  q: string;
  committee: string[];
  authority: string[];
  kind: string[];
  from: string;
  to: string;
  /** The year facet: "2023", or "ukendt" for meetings with no date; '' for none. */
  year: string;
  sort: string;
  section: string;
  /** How many hits are listed ("Vis flere" adds PAGE_SIZE). */
  shown: number;
}

/** Reads the state from the page's query string; unknown values are kept for the API to refuse. */
export function stateFromParams(p: URLSearchParams): SearchState {
  const shown = Number.parseInt(p.get('vis') ?? '', 10);
  const year = p.get('aar') ?? '';
  return {
    q: (p.get('q') ?? '').trim(),
    committee: p.getAll('committee').filter(Boolean),
    authority: p.getAll('authority').filter(Boolean),
    kind: p.getAll('kind').filter(Boolean),
    from: p.get('from') ?? '',
    to: p.get('to') ?? '',
    year: /^(\d{4}|ukendt)$/.test(year) ? year : '',
    sort: p.get('sort') || 'relevance',
    section: p.get('section') || 'all',
    shown: Number.isFinite(shown) && shown > PAGE_SIZE ? Math.min(MAX_SHOWN, shown) : PAGE_SIZE,
  };
}

/** The page's address for a state: only what differs from the defaults, in a stable order. */
export function searchUrl(state: SearchState, hash = ''): string {
  const p = new URLSearchParams();
  if (state.q) p.set('q', state.q);
  for (const c of state.committee) p.append('committee', c);
  for (const a of state.authority) p.append('authority', a);
  for (const k of state.kind) p.append('kind', k);
  if (state.year) p.set('aar', state.year);
  if (state.from) p.set('from', state.from);
  if (state.to) p.set('to', state.to);
  if (state.sort && state.sort !== 'relevance') p.set('sort', state.sort);
  if (state.section && state.section !== 'all') p.set('section', state.section);
  if (state.shown > PAGE_SIZE) p.set('vis', String(state.shown));
  const qs = p.toString();
  return `/${qs ? `?${qs}` : ''}${hash}`;
}

/** Whether the reader asked for anything, or is looking at the newest items. */
export function hasSearch(state: SearchState): boolean {
  return Boolean(
    state.q ||
      state.committee.length ||
      state.authority.length ||
      state.kind.length ||
      state.from ||
      state.to ||
      state.year,
  );
}

/**
 * The API's parameters for a state: the year facet becomes a date range (narrowing any range
 * given) or, for "ukendt", `undated`. The same parameters make the feed of the search.
 */
export function apiParams(state: SearchState): URLSearchParams {
  const p = new URLSearchParams();
  if (state.q) p.set('q', state.q);
  for (const c of state.committee) p.append('committee', c);
  for (const a of state.authority) p.append('authority', a);
  for (const k of state.kind) p.append('kind', k);
  if (state.year === 'ukendt') p.set('undated', 'true');
  else {
    let { from, to } = state;
    if (state.year) {
      const first = `${state.year}-01-01`;
      const last = `${state.year}-12-31`;
      from = from && from > first ? from : first;
      to = to && to < last ? to : last;
    }
    if (from) p.set('from', from);
    if (to) p.set('to', to);
  }
  if (state.section !== 'all') p.set('section', state.section);
  if (state.sort !== 'relevance') p.set('sort', state.sort);
  return p;
}

/**
 * The index query for a state, checked as the API checks it (a bad parameter throws the API's
 * InvalidArgumentError). With nothing asked, the newest items are listed.
 */
export function searchQuery(state: SearchState): SearchQuery {
  const p = apiParams(state);
  if (!hasSearch(state) && !p.has('sort')) p.set('sort', 'newest');
  return { ...parseSearchParams(p), limit: state.shown };
}
