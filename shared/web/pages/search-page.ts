import type { FacetValue, SearchHit, SearchResult } from '../../ports/agenda-index.port.ts';
import { count, danishDate, excerpt, itemLabel, kindName } from './format.ts';
import { type Html, html, markOnly, type SafeHtml } from './html.ts';
import { apiParams, hasSearch, MAX_SHOWN, PAGE_SIZE, type SearchState, searchUrl } from './search-state.ts';
import { casePath, committeePath, documentFilePath, meetingPath } from './urls.ts';

/** A search with one filter left out, offered when a search finds nothing. */
export interface LooserSearch {
  label: string;
  url: string;
  total: number;
}

export interface SearchPageModel {
  state: SearchState;
  /** Null when the search could not be made (see error). */
  result: (SearchResult & { suggestion?: string | null }) | null;
  /** The Danish reason a search could not be made. */
  error: string | null;
  /** Case numbers by meeting id and item number, for hits that do not carry their own. */
  caseNumbers: ReadonlyMap<string, string | null>;
  looser: LooserSearch[];
}

/** The key of an item in `caseNumbers`. */
export const itemRef = (meetingId: string, number: number | string | null) => `${meetingId}#${number ?? ''}`;

const SORTS = [
  ['relevance', 'Bedste match'],
  ['newest', 'Nyeste først'],
  ['oldest', 'Ældste først'],
] as const;
const SECTIONS = [
  ['all', 'Hele punktet'],
  ['decision', 'Beslutninger'],
  ['recommendation', 'Indstillinger'],
  ['case', 'Sagsfremstillinger'],
] as const;

/** The search page: the form, the facets and the hits, all of it working without script. */
export function searchBody(model: SearchPageModel): SafeHtml {
  const { state, result } = model;
  const filtersOpen = Boolean(
    state.from || state.to || state.sort !== 'relevance' || state.section !== 'all',
  );
  return html`<form id="search" class="search" action="/" method="get">
<search class="query">
<h1 class="visually-hidden">Søg i dagsordener og referater</h1>
<label for="q">Søg i beslutninger og sager</label>
<div class="row">
<input id="q" name="q" type="search" autocomplete="off" value="${state.q}" placeholder="fx sundhedsaftale eller &quot;almen praksis&quot;">
<button type="submit">Søg</button>
</div>
<details class="filters" id="filters"${filtersOpen ? html` open` : null}>
<summary>Afgræns</summary>
<div class="filter-grid">
<label>Fra dato <input type="date" name="from" id="from" value="${state.from}"></label>
<label>Til dato <input type="date" name="to" id="to" value="${state.to}"></label>
<label>Sortér <select name="sort" id="sort">${SORTS.map(([v, label]) => option(v, label, state.sort))}</select></label>
<label>Søg i <select name="section" id="section">${SECTIONS.map(([v, label]) => option(v, label, state.section))}</select></label>
</div>
</details>
</search>
<div class="layout">
<button type="button" class="filter-toggle" aria-expanded="false" aria-controls="facets" hidden>Filtre${selectedCount(state) ? ` (${selectedCount(state)} valgt)` : ''}</button>
${result ? facets(state, result) : null}
<section class="results" aria-labelledby="results-title">
${model.error ? html`<h2 id="results-title" class="summary">Søgningen kunne ikke gennemføres</h2><p class="error" role="alert">${model.error}</p>` : null}
${result ? results(model, result) : null}
</section>
</div>
</form>`;
}

function option(value: string, label: string, selected: string): SafeHtml {
  return html`<option value="${value}"${value === selected ? html` selected` : null}>${label}</option>`;
}

function selectedCount(state: SearchState): number {
  return state.committee.length + state.authority.length + state.kind.length + (state.year ? 1 : 0);
}

function results(model: SearchPageModel, result: NonNullable<SearchPageModel['result']>): SafeHtml {
  const { state } = model;
  const summary = hasSearch(state)
    ? `${count(result.total, 'punkt', 'punkter')} fundet`
    : `Nyeste punkter (${count(result.total, 'punkt', 'punkter')} i alt)`;
  const feedParams = apiParams(state);
  feedParams.delete('sort');
  const shown = result.hits.length;
  const more =
    shown >= MAX_SHOWN && shown < result.total
      ? html`<p class="more-row meta">Viser de første ${shown} af ${result.total}. Afgræns søgningen for at se andre.</p>`
      : result.next && shown < result.total
        ? html`<p class="more-row"><a class="more" href="${searchUrl({ ...state, shown: state.shown + PAGE_SIZE }, `#hit-${shown + 1}`)}" data-shown="${shown}">Vis flere</a> <span class="meta">Viser ${shown} af ${result.total}</span></p>`
        : null;
  const ignored = result.ignored?.length ? result.ignored : null;
  const suggestion =
    result.total > 0 && result.suggestion && result.suggestion !== state.q ? result.suggestion : null;
  return html`<h2 id="results-title" class="summary">${summary}</h2>
${ignored ? html`<p class="notice">${ignored.length === 1 ? 'Ordet' : 'Ordene'} ${ignored.map((w, i) => html`${i ? ', ' : ''}<em>${w}</em>`)} er så almindelige, at der ikke søges på ${ignored.length === 1 ? 'det' : 'dem'}.</p>` : null}
${result.relaxed ? html`<p class="notice">Intet punkt har alle ordene. Her er de punkter, der har flest af dem.</p>` : null}
${suggestion ? html`<p class="suggestion">Mente du <a href="${searchUrl({ ...state, q: suggestion, shown: PAGE_SIZE })}">${suggestion}</a>?</p>` : null}
<p class="feed-row"><a class="feed" href="/api/feed.atom${feedParams.size ? `?${feedParams}` : ''}" type="application/atom+xml">Følg denne søgning (Atom-feed)</a></p>
${result.total === 0 ? noHits(model, result) : null}
${result.hits.length ? html`<ol class="hits">${result.hits.map((hit, i) => hitItem(hit, i + 1, state.q, model.caseNumbers))}</ol>` : null}
${more}`;
}

/** One hit: its title to the item, where and when, its case, the start of its decision, the snippet. */
export function hitItem(
  hit: SearchHit & { caseNumber?: string | null },
  position: number,
  q: string,
  caseNumbers: ReadonlyMap<string, string | null>,
): SafeHtml {
  const caseNumber = hit.caseNumber ?? caseNumbers.get(itemRef(hit.meetingId, hit.number)) ?? null;
  const decision = hit.decision ? excerpt(hit.decision, 220) : null;
  const bilag = hit.bilag ?? hit.matchedBilag[0] ?? null;
  const others = hit.matchedBilag.filter((b) => b.documentId !== bilag?.documentId);
  return html`<li class="hit" id="hit-${position}">
<h3><a href="${meetingPath(hit.meetingId, { number: hit.number, q })}">${itemLabel(hit.number, hit.title)}</a></h3>
<div class="meta">${hit.authority ? html`${hit.authority} · ` : null}${hit.committee ? html`<a href="${committeePath(hit.committee)}">${hit.committee}</a>` : 'Ukendt udvalg'} · ${danishDate(hit.start)} · ${kindName(hit.kind)}${caseNumber ? html` · <a class="case-link" href="${casePath(caseNumber)}">Sag ${caseNumber}</a>` : null}</div>
${decision ? html`<p class="decision-start"><strong>Beslutning:</strong> ${decision}</p>` : null}
${bilag ? html`<p class="bilag-note">Fundet i bilag: <a href="${documentFilePath(bilag.documentId)}">${bilag.name}</a>${others.map((b) => html`, <a href="${documentFilePath(b.documentId)}">${b.name}</a>`)}</p>` : null}
${q && hit.snippet ? html`<p class="snippet">${markOnly(hit.snippet)}</p>` : !decision && hit.snippet ? html`<p class="snippet">${markOnly(hit.snippet)}</p>` : null}
${hit.documentId ? html`<a class="meta source-link" href="${documentFilePath(hit.documentId, hit.page)}">Kildedokument${hit.page ? `, side ${hit.page}` : ''}</a>` : null}
</li>`;
}

function noHits(model: SearchPageModel, result: NonNullable<SearchPageModel['result']>): SafeHtml {
  const { state } = model;
  const suggestion = result.suggestion && result.suggestion !== state.q ? result.suggestion : null;
  return html`<div class="no-hits">
${suggestion ? html`<p class="suggestion">Mente du <a href="${searchUrl({ ...state, q: suggestion, shown: PAGE_SIZE })}">${suggestion}</a>?</p>` : null}
${
  model.looser.length
    ? html`<h3>Prøv med færre filtre</h3><ul class="looser">${model.looser.map(
        (l) =>
          html`<li><a href="${l.url}">${l.label}</a> <span class="count">(${count(l.total, 'punkt', 'punkter')})</span></li>`,
      )}</ul>`
    : null
}
<h3>Gode råd til søgningen</h3>
<ul class="tips">
<li>Brug færre eller mere almindelige ord, fx <em>skole</em> i stedet for <em>skolestrukturanalyse</em>.</li>
<li>Søg efter en hel sætning med anførselstegn: <em>"almen praksis"</em>.</li>
<li>Udelad et ord med minus foran: <em>budget -anlæg</em>.</li>
<li>Ord findes også som del af sammensatte ord: <em>aftale</em> finder <em>sundhedsaftalen</em>, <em>rygestop</em> finder <em>rygestopkurser</em>.</li>
<li>Søg på begyndelsen af et ord med stjerne: <em>tele*</em> finder <em>telemedicin</em> og <em>telefon</em>.</li>
<li>Et af flere ord: <em>cykelsti OR fortov</em>.</li>
<li>Et sagsnummer finder sagens punkter i alle udvalg: <em>EMN-2025-008468</em>.</li>
</ul>
</div>`;
}

function facets(state: SearchState, result: SearchResult): SafeHtml {
  const year = state.year ? [state.year] : [];
  return html`<aside id="facets" class="facets" aria-label="Afgræns resultater">
${facetGroup('Myndighed', 'authority', withSelected(result.facets.authority ?? [], state.authority), state.authority)}
${facetGroup('Udvalg', 'committee', withSelected(result.facets.committee, state.committee), state.committee)}
${facetGroup('År', 'aar', withSelected(result.facets.year, year), year, (v) =>
  v === 'ukendt' ? 'Ukendt år' : v,
)}
${facetGroup('Type', 'kind', withSelected(result.facets.kind, state.kind), state.kind, kindName)}
<p class="apply-row"><button type="submit" class="apply">Anvend filtre</button></p>
</aside>`;
}

/** Chosen values stay in the list (with 0) so they can be unticked when nothing matches. */
function withSelected(values: FacetValue[], selected: string[]): FacetValue[] {
  const missing = selected
    .filter((s) => !values.some((v) => v.value === s))
    .map((value) => ({ value, count: 0 }));
  return [...values, ...missing];
}

function facetGroup(
  title: string,
  name: string,
  values: FacetValue[],
  selected: string[],
  label: (v: string) => string = (v) => v,
): Html {
  if (!values.length) return null;
  const id = (v: string) => `f-${name}-${v.replace(/[^\p{L}\p{N}]+/gu, '-')}`;
  return html`<fieldset class="facet">
<legend><h2>${title}</h2></legend>
<ul>${values.map(
    (f) =>
      html`<li><input type="checkbox" id="${id(f.value)}" name="${name}" value="${f.value}"${selected.includes(f.value) ? html` checked` : null}><label for="${id(f.value)}">${label(f.value)}<span class="count"><span class="visually-hidden">, </span>${f.count}<span class="visually-hidden"> punkter</span></span></label></li>`,
  )}</ul>
</fieldset>`;
}
