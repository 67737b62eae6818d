import type { Context, Hono } from 'hono';
import { caseHistory } from '../api/cases.ts';
import { InvalidArgumentError } from '../domain/errors.ts';
import type { SourceDocument } from '../domain/model.ts';
import type { AgendaIndex, SearchResult } from '../ports/agenda-index.port.ts';
import type { DocumentStore } from '../ports/document-store.port.ts';
import {
  caseBody,
  committeeBody,
  committeesBody,
  errorBody,
  type MeetingSummary,
  type NewsEntry,
  newsBody,
  notFoundBody,
} from './pages/browse-pages.ts';
import { danishError } from './pages/errors-da.ts';
import { danishDate, excerpt } from './pages/format.ts';
import { html } from './pages/html.ts';
import { layout, SITE_NAME } from './pages/layout.ts';
import { meetingBody, meetingDescription, meetingTitle } from './pages/meeting-page.ts';
import { itemRef, type LooserSearch, type SearchPageModel, searchBody } from './pages/search-page.ts';
import {
  apiParams,
  hasSearch,
  PAGE_SIZE,
  type SearchState,
  searchQuery,
  searchUrl,
  stateFromParams,
} from './pages/search-state.ts';
import type { YearCount } from './pages/timeline.ts';
import { casePath, committeePath, meetingPath } from './pages/urls.ts';

export interface PageDeps {
  index: AgendaIndex;
  store: DocumentStore;
  /** The public address of the site, for Open Graph and canonical links; the request's origin when unset. */
  publicBaseUrl?: string | null;
}

/** How long "Nyt i arkivet" is kept before the store is listed again. */
const NEWS_TTL_MS = 60_000;
const SLOW_LISTING_MS = 250;

/** The most items a committee page reads to list its meetings (OpenSearch pages at most 10,000). */
const COMMITTEE_ITEMS = 9_999;

/**
 * The citizen's pages, rendered on the server so a link shows its title and description when
 * shared, and every page works without script: search, meeting, committee, case, news. Unknown
 * paths outside /api/ get a Danish 404 page.
 */
export function addPageRoutes(app: Hono, deps: PageDeps): void {
  app.get('/', async (c) => {
    const url = new URL(c.req.url);
    const state = stateFromParams(url.searchParams);
    const model = await searchModel(deps.index, state);
    const title = state.q ? `Søgning: ${state.q}` : SITE_NAME;
    const feed = apiParams(state);
    feed.delete('sort');
    return send(
      c,
      layout({
        title,
        description: state.q
          ? `${model.result?.total ?? 0} punkter om «${state.q}» i offentlige dagsordener og referater.`
          : undefined,
        path: searchUrl({ ...state, shown: PAGE_SIZE }),
        baseUrl: base(deps, c),
        view: 'search',
        index: !hasSearch(state),
        links: html`<link rel="alternate" type="application/atom+xml" title="Følg denne søgning" href="/api/feed.atom${feed.size ? `?${feed}` : ''}">`,
        body: searchBody(model),
      }),
      model.error ? 400 : 200,
    );
  });

  app.get('/moeder/:id', async (c) => {
    const id = c.req.param('id');
    const meeting = await deps.index.getMeeting(id);
    if (!meeting) return notFound(deps, c, `Der er intet møde med id «${id}» i arkivet.`);
    return send(
      c,
      layout({
        title: meetingTitle(meeting),
        description: meetingDescription(meeting),
        path: meetingPath(meeting.id),
        baseUrl: base(deps, c),
        type: 'article',
        view: 'meeting',
        headerSearch: true,
        body: meetingBody(meeting, new URL(c.req.url).searchParams.get('q') ?? ''),
      }),
    );
  });

  app.get('/udvalg', async (c) => {
    const committees = await deps.index.committees();
    return send(
      c,
      layout({
        title: 'Udvalg',
        description: `De ${committees.length} udvalg og råd i arkivet, med deres møder.`,
        path: '/udvalg',
        baseUrl: base(deps, c),
        view: 'committees',
        headerSearch: true,
        body: committeesBody(committees),
      }),
    );
  });

  app.get('/udvalg/:name', async (c) => {
    const name = c.req.param('name');
    const summary = (await deps.index.committees()).find((k) => k.name === name);
    if (!summary) return notFound(deps, c, `Der er intet udvalg ved navn «${name}» i arkivet.`);
    const model = await committeeModel(deps.index, name);
    return send(
      c,
      layout({
        title: name,
        description: `${name}: ${summary.meetings} møder i arkivet${summary.first ? `, fra ${danishDate(summary.first)} til ${danishDate(summary.last)}` : ''}. Dagsordener, referater og beslutninger.`,
        path: committeePath(name),
        baseUrl: base(deps, c),
        view: 'committee',
        headerSearch: true,
        links: html`<link rel="alternate" type="application/atom+xml" title="${name}" href="/api/feed.atom?${String(new URLSearchParams({ committee: name }))}">`,
        body: committeeBody(model),
      }),
    );
  });

  app.get('/sager/:caseNumber', async (c) => {
    const caseNumber = c.req.param('caseNumber');
    const steps = await caseHistory(deps.index, caseNumber);
    if (!steps.length) return notFound(deps, c, `Der er ingen sag med nummer «${caseNumber}» i arkivet.`);
    const last = steps.at(-1)!;
    return send(
      c,
      layout({
        title: `Sag ${caseNumber}: ${last.title}`,
        description: excerpt(
          `${last.title}. Behandlet ${steps.length} gange: ${steps.map((s) => `${s.committee ?? 'ukendt udvalg'} ${danishDate(s.start)}`).join(', ')}.`,
          300,
        ),
        path: casePath(caseNumber),
        baseUrl: base(deps, c),
        type: 'article',
        view: 'case',
        headerSearch: true,
        body: caseBody(caseNumber, steps),
      }),
    );
  });

  // The store lists every record (on S3 one read each): a slow listing is kept a minute, so a
  // busy page costs one listing a minute, not one a visit; a quick one (a data folder) is fresh.
  let recent: { until: number; entries: NewsEntry[] } | null = null;
  app.get('/nyt', async (c) => {
    let entries = recent && Date.now() < recent.until ? recent.entries : null;
    if (!entries) {
      const started = Date.now();
      entries = await news(deps);
      recent = Date.now() - started > SLOW_LISTING_MS ? { until: Date.now() + NEWS_TTL_MS, entries } : null;
    }
    return send(
      c,
      layout({
        title: 'Nyt i arkivet',
        description: 'Dagsordener, referater og bilag, der senest er kommet i arkivet.',
        path: '/nyt',
        baseUrl: base(deps, c),
        view: 'news',
        headerSearch: true,
        links: html`<link rel="alternate" type="application/atom+xml" title="Nyt i arkivet" href="/api/feed.atom">`,
        body: newsBody(entries),
      }),
    );
  });
}

const base = (deps: PageDeps, c: Context) => deps.publicBaseUrl ?? new URL(c.req.url).origin;
const send = (c: Context, body: string, status: 200 | 404 | 400 | 500 = 200) =>
  c.html(body, status, { 'cache-control': 'no-cache' });

function notFound(deps: PageDeps, c: Context, what: string): Response | Promise<Response> {
  return send(
    c,
    layout({
      title: 'Siden findes ikke',
      path: new URL(c.req.url).pathname,
      baseUrl: base(deps, c),
      view: 'error',
      headerSearch: true,
      index: false,
      body: notFoundBody(what),
    }),
    404,
  );
}

/** The Danish 404 page for a path no route serves. */
export function pageNotFound(deps: PageDeps, c: Context): Response | Promise<Response> {
  return notFound(deps, c, `Der er ingen side på adressen ${new URL(c.req.url).pathname}.`);
}

/** The Danish page for a failure on our side; what failed stays in the server's log. */
export function pageError(deps: PageDeps, c: Context): Response | Promise<Response> {
  return send(
    c,
    layout({
      title: 'Noget gik galt',
      path: new URL(c.req.url).pathname,
      baseUrl: base(deps, c),
      view: 'error',
      headerSearch: true,
      index: false,
      body: errorBody(danishError(null)),
    }),
    500,
  );
}

/** Everything the search page shows for a state; a bad parameter becomes a Danish message. */
async function searchModel(index: AgendaIndex, state: SearchState): Promise<SearchPageModel> {
  let result: SearchResult | null = null;
  let error: string | null = null;
  try {
    result = await index.search(searchQuery(state));
  } catch (e) {
    if (!(e instanceof InvalidArgumentError)) throw e;
    error = danishError(e);
  }
  const caseNumbers = new Map<string, string | null>();
  if (result) {
    // Hits name their case once the index gives it; until then it comes from the meeting.
    const missing = result.hits.filter((h) => (h as { caseNumber?: unknown }).caseNumber === undefined);
    for (const id of new Set(missing.map((h) => h.meetingId))) {
      const meeting = await index.getMeeting(id);
      for (const item of meeting?.items ?? []) caseNumbers.set(itemRef(id, item.number), item.caseNumber);
    }
  }
  const looser = result && result.total === 0 ? await looserSearches(index, state) : [];
  return { state, result, error, caseNumbers, looser };
}

/** Each filter of a search that found nothing, left out in turn, with what that would find. */
async function looserSearches(index: AgendaIndex, state: SearchState): Promise<LooserSearch[]> {
  const options: [string, SearchState][] = [];
  for (const c of state.committee)
    options.push([
      `Alle udvalg, ikke kun ${c}`,
      { ...state, committee: state.committee.filter((x) => x !== c) },
    ]);
  for (const a of state.authority)
    options.push([
      `Alle myndigheder, ikke kun ${a}`,
      { ...state, authority: state.authority.filter((x) => x !== a) },
    ]);
  for (const k of state.kind)
    options.push([`Alle dokumenttyper`, { ...state, kind: state.kind.filter((x) => x !== k) }]);
  if (state.year)
    options.push([
      `Alle år, ikke kun ${state.year === 'ukendt' ? 'ukendt år' : state.year}`,
      { ...state, year: '' },
    ]);
  if (state.from || state.to) options.push(['Alle datoer', { ...state, from: '', to: '' }]);
  if (state.section !== 'all') options.push(['Søg i hele punktet', { ...state, section: 'all' }]);
  if (options.length > 1)
    options.push([
      'Uden filtre',
      { ...state, committee: [], authority: [], kind: [], year: '', from: '', to: '', section: 'all' },
    ]);
  const out: LooserSearch[] = [];
  for (const [label, next] of options) {
    const loose = { ...next, shown: PAGE_SIZE };
    if (!hasSearch(loose)) continue;
    try {
      const { total } = await index.search({ ...searchQuery(loose), limit: 1 });
      if (total > 0) out.push({ label, url: searchUrl(loose), total });
    } catch {
      // A filter that cannot be read offers nothing looser.
    }
  }
  return out;
}

/** A committee's meetings, newest first, and its meetings and decisions per year. */
async function committeeModel(index: AgendaIndex, name: string) {
  const result = await index.search({
    text: '',
    committees: [name],
    kinds: [],
    section: 'all',
    sort: 'newest',
    limit: COMMITTEE_ITEMS,
  });
  const meetings = new Map<string, MeetingSummary>();
  for (const hit of result.hits) {
    let m = meetings.get(hit.meetingId);
    if (!m) {
      m = { id: hit.meetingId, start: hit.start, kind: hit.kind, items: 0, decisions: 0, titles: [] };
      meetings.set(hit.meetingId, m);
    }
    m.items++;
    if (hit.decision?.trim()) m.decisions++;
    if (m.titles.length < 3 && !/^(eventuelt|godkendelse af dagsorden|meddelelser)/i.test(hit.title))
      m.titles.push(hit.title);
  }
  const list = [...meetings.values()];
  const years = new Map<string, YearCount>();
  for (const m of list) {
    const year = m.start?.slice(0, 4) ?? 'ukendt';
    const y = years.get(year) ?? { year, meetings: 0, decisions: 0 };
    y.meetings++;
    y.decisions += m.decisions;
    years.set(year, y);
  }
  const dated = [...years.values()]
    .filter((y) => y.year !== 'ukendt')
    .sort((a, b) => a.year.localeCompare(b.year));
  // Years with no meetings are shown as gaps: an empty year in the archive is worth seeing.
  const filled: YearCount[] = [];
  if (dated.length) {
    for (let y = Number(dated[0]!.year); y <= Number(dated.at(-1)!.year); y++)
      filled.push(years.get(String(y)) ?? { year: String(y), meetings: 0, decisions: 0 });
  }
  if (years.has('ukendt')) filled.push(years.get('ukendt')!);
  return { name, meetings: list, years: filled };
}

/** The documents published in the archive lately, newest first, with their meetings. */
async function news(deps: PageDeps, limit = 60): Promise<NewsEntry[]> {
  const records = (await deps.store.listRecords())
    .filter((r: SourceDocument) => r.status === 'indexed')
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .slice(0, limit);
  const meetings = new Map<string, Awaited<ReturnType<AgendaIndex['getMeeting']>>>();
  const out: NewsEntry[] = [];
  for (const r of records) {
    const meetingId = r.meetingId ?? r.linkedItem?.meetingId ?? null;
    if (meetingId && !meetings.has(meetingId))
      meetings.set(meetingId, await deps.index.getMeeting(meetingId));
    const meeting = meetingId ? meetings.get(meetingId) : null;
    out.push({
      documentName: r.name,
      kind: r.linkedItem ? 'bilag' : r.kind,
      published: r.createdAt,
      meetingId: meeting ? meeting.id : null,
      committee: meeting?.committee ?? null,
      start: meeting?.start ?? null,
      items: r.linkedItem ? 0 : (meeting?.items.length ?? 0),
      bilagOf: r.linkedItem?.number ?? null,
    });
  }
  return out;
}
