// The citizen's search page: state lives in the URL, so links can be shared and Back works.
// Plain ES modules, no build step; everything from the API is put in the page as text, except
// snippets, whose only markup is the <mark> the API adds around escaped text.

const view = document.getElementById('view');
const form = document.getElementById('search');
const fields = {
  q: document.getElementById('q'),
  from: document.getElementById('from'),
  to: document.getElementById('to'),
  sort: document.getElementById('sort'),
  section: document.getElementById('section'),
};

const dateFormat = new Intl.DateTimeFormat('da-DK', { dateStyle: 'long', timeZone: 'Europe/Copenhagen' });
const timeFormat = new Intl.DateTimeFormat('da-DK', { timeStyle: 'short', timeZone: 'Europe/Copenhagen' });
const KIND_NAMES = {
  referat: 'Referat',
  dagsorden: 'Dagsorden',
  punkt: 'Enkelt punkt',
  bilag: 'Andet dokument',
};

/** Creates an element with attributes and children; strings become text, never HTML. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v == null) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Number.POSITIVE_INFINITY))
    if (c != null && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

function snippetNode(html) {
  const p = h('p', { class: 'snippet' });
  if (/^(?:[^<]|<\/?mark>)*$/.test(html)) p.innerHTML = html;
  else p.textContent = html;
  return p;
}

function formatDate(iso) {
  return iso ? dateFormat.format(new Date(iso)) : 'ukendt dato';
}

async function api(path) {
  const res = await fetch(path, { headers: { accept: 'application/json' } });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.error ?? `Serveren svarede ${res.status}`);
  return body;
}

function stateFromUrl() {
  const p = new URLSearchParams(location.search);
  return {
    q: p.get('q') ?? '',
    committee: p.getAll('committee'),
    kind: p.getAll('kind'),
    from: p.get('from') ?? '',
    to: p.get('to') ?? '',
    sort: p.get('sort') ?? 'relevance',
    section: p.get('section') ?? 'all',
  };
}

function urlFor(state) {
  const p = new URLSearchParams();
  if (state.q) p.set('q', state.q);
  for (const c of state.committee) p.append('committee', c);
  for (const k of state.kind) p.append('kind', k);
  if (state.from) p.set('from', state.from);
  if (state.to) p.set('to', state.to);
  if (state.sort && state.sort !== 'relevance') p.set('sort', state.sort);
  if (state.section && state.section !== 'all') p.set('section', state.section);
  const qs = p.toString();
  return qs ? `/?${qs}` : '/';
}

function navigate(url) {
  history.pushState(null, '', url);
  route();
}

function hasSearch(state) {
  return Boolean(state.q || state.committee.length || state.kind.length || state.from || state.to);
}

async function renderSearch() {
  const state = stateFromUrl();
  fields.q.value = state.q;
  fields.from.value = state.from;
  fields.to.value = state.to;
  fields.sort.value = state.sort;
  fields.section.value = state.section;
  if (state.from || state.to || state.sort !== 'relevance' || state.section !== 'all') {
    document.getElementById('filters').open = true;
  }
  document.title = state.q ? `${state.q} – protokol` : 'protokol – søg i dagsordener og referater';
  const params = new URLSearchParams(urlFor(state).slice(2));
  if (!hasSearch(state)) params.set('sort', 'newest');
  params.set('limit', '20');
  view.replaceChildren(h('p', { class: 'summary' }, 'Søger …'));
  let result;
  try {
    result = await api(`/api/search?${params}`);
  } catch (error) {
    view.replaceChildren(h('p', { class: 'error', role: 'alert' }, error.message));
    return;
  }
  const hits = h('ol', { class: 'hits' }, result.hits.map(hitNode));
  const more = result.next
    ? h(
        'button',
        { class: 'more', type: 'button', onclick: () => loadMore(params, result.next, hits, more) },
        'Vis flere',
      )
    : null;
  const feedParams = new URLSearchParams();
  if (state.q) feedParams.set('q', state.q);
  for (const c of state.committee) feedParams.append('committee', c);
  const feed = h(
    'a',
    {
      class: 'feed',
      href: `/api/feed.atom${feedParams.size ? `?${feedParams}` : ''}`,
      type: 'application/atom+xml',
    },
    'Følg denne søgning (Atom-feed)',
  );
  const summary = hasSearch(state)
    ? `${result.total} ${result.total === 1 ? 'punkt' : 'punkter'} fundet`
    : `Nyeste punkter (${result.total} i alt)`;
  const notices = searchNotices(state, result);
  view.replaceChildren(
    h(
      'div',
      { class: 'layout' },
      facetsNode(state, result.facets),
      h(
        'section',
        { 'aria-labelledby': 'results-title' },
        h('h2', { id: 'results-title', class: 'summary' }, summary),
        ...notices,
        feed,
        hits,
        more,
      ),
    ),
  );
}

// "Mente du …" and stop words: what the API says about the query itself.
function searchNotices(state, result) {
  const notices = [];
  if (result.suggestion) {
    notices.push(
      h(
        'p',
        { class: 'suggestion' },
        'Mente du ',
        h(
          'a',
          { href: urlFor({ ...state, q: result.suggestion }), 'data-internal': true },
          result.suggestion,
        ),
        '?',
      ),
    );
  }
  if (result.relaxed) {
    notices.push(
      h(
        'p',
        { class: 'notice' },
        'Intet punkt indeholder alle ordene. Her er de punkter, der indeholder flest af dem.',
      ),
    );
  }
  const ignored = result.ignored ?? [];
  if (ignored.length && result.total === 0 && !result.hits.length) {
    notices.push(
      h(
        'p',
        { class: 'notice' },
        `Der søges ikke på helt almindelige ord som ${ignored.map((w) => `»${w}«`).join(', ')}. Tilføj et ord, der siger, hvad sagen handler om.`,
      ),
    );
  } else if (ignored.length) {
    notices.push(h('p', { class: 'notice' }, `Udeladt som for almindelige: ${ignored.join(', ')}`));
  }
  return notices;
}

async function loadMore(params, cursor, list, button) {
  params.set('cursor', cursor);
  const result = await api(`/api/search?${params}`);
  list.append(...result.hits.map(hitNode));
  if (result.next) button.onclick = () => loadMore(params, result.next, list, button);
  else button.remove();
}

function hitNode(hit) {
  const link = h(
    'a',
    { href: hit.url, 'data-internal': true },
    `${hit.number != null ? `${hit.number}. ` : ''}${hit.title}`,
  );
  return h(
    'li',
    { class: 'hit' },
    h('h3', {}, link),
    h(
      'div',
      { class: 'meta' },
      `${hit.committee ?? 'Ukendt udvalg'} · ${formatDate(hit.start)} · ${KIND_NAMES[hit.kind] ?? hit.kind}`,
    ),
    hit.matchedBilag.length
      ? h('div', { class: 'bilag-note' }, `Fundet i bilag: ${hit.matchedBilag.map((b) => b.name).join(', ')}`)
      : null,
    snippetNode(hit.snippet),
    hit.documentUrl
      ? h(
          'a',
          { href: hit.documentUrl, class: 'meta' },
          `Kildedokument${hit.page ? `, side ${hit.page}` : ''}`,
        )
      : null,
  );
}

function facetsNode(state, facets) {
  const group = (title, name, values, label = (v) => v) => {
    if (!values.length) return null;
    const selected = name === 'year' ? yearSelected(state) : state[name];
    return h(
      'fieldset',
      { class: 'facet' },
      h('legend', {}, h('h2', {}, title)),
      h(
        'ul',
        {},
        values.map((f) =>
          h(
            'li',
            {},
            h(
              'label',
              {},
              h('input', {
                type: 'checkbox',
                name,
                value: f.value,
                checked: selected.includes(f.value),
                onchange: (e) => toggleFacet(state, name, f.value, e.target.checked),
              }),
              label(f.value),
              h('span', { class: 'count' }, f.count),
            ),
          ),
        ),
      ),
    );
  };
  return h(
    'aside',
    { class: 'facets', 'aria-label': 'Afgræns resultater' },
    group('Udvalg', 'committee', facets.committee),
    group('År', 'year', facets.year),
    group('Type', 'kind', facets.kind, (v) => KIND_NAMES[v] ?? v),
  );
}

function yearSelected(state) {
  const from = state.from.slice(0, 4);
  return from && state.from.endsWith('-01-01') && state.to === `${from}-12-31` ? [from] : [];
}

function toggleFacet(state, name, value, on) {
  const next = { ...state, committee: [...state.committee], kind: [...state.kind] };
  if (name === 'year') {
    next.from = on ? `${value}-01-01` : '';
    next.to = on ? `${value}-12-31` : '';
  } else {
    next[name] = on ? [...next[name], value] : next[name].filter((v) => v !== value);
  }
  navigate(urlFor(next));
}

async function renderMeeting(id) {
  view.replaceChildren(h('p', { class: 'summary' }, 'Henter mødet …'));
  let meeting;
  try {
    meeting = await api(`/api/meetings/${encodeURIComponent(id)}`);
  } catch (error) {
    view.replaceChildren(h('p', { class: 'error', role: 'alert' }, error.message));
    return;
  }
  document.title = `${meeting.committee ?? 'Møde'} ${formatDate(meeting.start)} – protokol`;
  const info = [
    ['Udvalg', meeting.committee ?? 'Ukendt'],
    [
      'Dato',
      meeting.start
        ? `${formatDate(meeting.start)} kl. ${timeFormat.format(new Date(meeting.start))}`
        : 'Ukendt',
    ],
    meeting.location ? ['Sted', meeting.location] : null,
    meeting.participants.length ? ['Deltagere', meeting.participants.join(', ')] : null,
    meeting.absent.length ? ['Afbud', meeting.absent.join(', ')] : null,
    ['Kilder', meeting.sources.map((s) => s.name).join(', ')],
  ].filter(Boolean);
  view.replaceChildren(
    h(
      'article',
      { class: 'meeting' },
      h(
        'p',
        {},
        h('a', { href: '/', 'data-internal': true, onclick: backToSearch }, '← Tilbage til søgningen'),
      ),
      h('h1', {}, meeting.title ?? `Møde i ${meeting.committee ?? 'ukendt udvalg'}`),
      h(
        'dl',
        {},
        info.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
      ),
      meeting.items.map(itemNode),
    ),
  );
  if (location.hash) document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
}

function backToSearch(event) {
  if (history.length > 1 && document.referrer.startsWith(location.origin)) {
    event.preventDefault();
    history.back();
  }
}

function itemNode(item) {
  const id = `punkt-${item.number ?? 'x'}`;
  return h(
    'section',
    { class: 'item', id, 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title` }, `${item.number != null ? `${item.number}. ` : ''}${item.title}`),
    item.caseNumber ? h('div', { class: 'meta' }, `Sagsnr. ${item.caseNumber}`) : null,
    item.closed
      ? h('p', { class: 'closed' }, 'Lukket punkt: teksten er ikke offentlig.')
      : item.sections.map((s) => [
          h('h3', {}, s.heading || 'Tekst'),
          h('div', { class: 'text' }, s.text || '—'),
        ]),
    item.attachments.length
      ? [
          h('h3', {}, 'Bilag'),
          h(
            'ul',
            {},
            item.attachments.map((a) =>
              h(
                'li',
                {},
                a.documentId ? h('a', { href: `/api/documents/${a.documentId}/file` }, a.name) : a.name,
              ),
            ),
          ),
        ]
      : null,
    item.documentUrl
      ? h(
          'p',
          {},
          h(
            'a',
            { href: item.documentUrl },
            `Se punktet i kildedokumentet${item.page ? ` (side ${item.page})` : ''}`,
          ),
        )
      : null,
  );
}

function route() {
  const meeting = /^\/moeder\/([^/]+)$/.exec(location.pathname);
  if (meeting) renderMeeting(decodeURIComponent(meeting[1]));
  else renderSearch();
}

// What a search can say, next to the filters.
form.append(
  h(
    'details',
    { class: 'syntax' },
    h('summary', {}, 'Sådan søger du'),
    h(
      'ul',
      {},
      h(
        'li',
        {},
        'Ord findes i alle bøjninger og som del af sammensatte ord: klima finder også klimaregnskab.',
      ),
      h('li', {}, '"almen praksis" i anførselstegn finder ordene i den rækkefølge.'),
      h('li', {}, 'tele* finder ord, der begynder med tele.'),
      h('li', {}, 'skole OR dagtilbud finder punkter med det ene eller det andet ord.'),
      h('li', {}, '-region udelader punkter med ordet region.'),
      h('li', {}, 'Et sagsnummer (fx EMN-2025-008468 eller 24/03318) finder alle punkter i sagen.'),
      h('li', {}, 'Helt almindelige ord som og, i, på søges der ikke på.'),
    ),
  ),
);

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const state = stateFromUrl();
  navigate(
    urlFor({
      ...state,
      q: fields.q.value.trim(),
      from: fields.from.value,
      to: fields.to.value,
      sort: fields.sort.value,
      section: fields.section.value,
    }),
  );
});

document.addEventListener('click', (event) => {
  const a = event.target.closest?.('a[data-internal]');
  if (!a || event.defaultPrevented || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  navigate(a.getAttribute('href'));
});

window.addEventListener('popstate', route);
route();
