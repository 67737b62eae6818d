// The search page, enhanced: the server renders every search (so it works without script and a
// link shows the same page); with script, a new search, a ticked facet or "Vis flere" swaps in the
// server's answer without a reload, keeps focus where the reader was, and keeps the URL true.

import { fetchPage, PageError } from '../lib/api.js';
import { announce, focusOn, h } from '../lib/dom.js';
import { urlFromForm } from '../lib/state.js';

const PHONE = window.matchMedia('(max-width: 760px)');
/** The facets' fold of the page now shown, for when the window crosses the phone width. */
let setFacetsOpen = () => {};

/** Swaps the main content for that of a page fetched from the server. */
async function show(url, { push = true, focusId = null, keepFacetsOpen = false } = {}) {
  const main = document.querySelector('main');
  main.setAttribute('aria-busy', 'true');
  let doc;
  try {
    doc = await fetchPage(url);
  } catch (error) {
    main.removeAttribute('aria-busy');
    const results = document.querySelector('.results') ?? main;
    results.prepend(
      h('p', { class: 'error', role: 'alert' }, error instanceof PageError ? error.message : String(error)),
    );
    return;
  }
  if (push) history.pushState({ protokol: true }, '', url);
  document.title = doc.title;
  main.replaceChildren(...doc.querySelector('main').childNodes);
  main.removeAttribute('aria-busy');
  enhance({ keepFacetsOpen });
  const summary = document.getElementById('results-title');
  if (summary) announce(summary.textContent);
  // A facet value the new answer no longer lists hands focus to the results' heading.
  if (focusId) focusOn(document.getElementById(focusId) ?? summary);
}

/** The phone's filter button: the facets come before the results, folded until asked for. */
function filterButton(keepOpen) {
  const button = document.querySelector('.filter-toggle');
  const facets = document.getElementById('facets');
  if (!button || !facets) return;
  button.hidden = false;
  const set = (open) => {
    button.setAttribute('aria-expanded', String(open));
    facets.classList.toggle('collapsed', !open);
  };
  set(keepOpen || !PHONE.matches);
  button.addEventListener('click', () => {
    const open = button.getAttribute('aria-expanded') !== 'true';
    set(open);
    if (open) focusOn(facets.querySelector('input'));
  });
  setFacetsOpen = set;
}

/** Wires the page's form, facets and "Vis flere"; called again after every swap. */
function enhance({ keepFacetsOpen = false } = {}) {
  const form = document.getElementById('search');
  if (!form) return;
  document.documentElement.classList.add('js');
  filterButton(keepFacetsOpen);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    show(urlFromForm(form), { focusId: 'results-title' });
  });
  form.addEventListener('change', (event) => {
    const box = event.target;
    if (!(box instanceof HTMLInputElement) || box.type !== 'checkbox') return;
    // One year at a time: a year facet is a date range.
    if (box.name === 'aar' && box.checked)
      for (const other of form.querySelectorAll('input[name="aar"]'))
        if (other !== box) other.checked = false;
    show(urlFromForm(form), { focusId: box.id, keepFacetsOpen: PHONE.matches });
  });
  wireMore(form);
}

/** "Vis flere": the next hits appended, the URL saying how many are shown, focus on the first new one. */
function wireMore(form) {
  const more = form.querySelector('a.more');
  if (!more) return;
  more.addEventListener('click', async (event) => {
    event.preventDefault();
    const shown = Number(more.dataset.shown);
    let doc;
    try {
      doc = await fetchPage(more.getAttribute('href'));
    } catch (error) {
      more.parentElement.after(h('p', { class: 'error', role: 'alert' }, error.message));
      return;
    }
    const fresh = [...doc.querySelectorAll('.hits > li')].slice(shown);
    form.querySelector('.hits').append(...fresh);
    const url = new URL(more.href);
    url.hash = '';
    // Replaced, not pushed: Back leaves the search, and coming back shows as many hits as before.
    history.replaceState({ protokol: true }, '', `${url.pathname}${url.search}`);
    const nextMore = doc.querySelector('.more-row');
    more.parentElement.replaceWith(...(nextMore ? [nextMore] : []));
    announce(`${fresh.length} flere punkter vist`);
    focusOn(fresh[0]?.querySelector('h3 a'));
    wireMore(form);
  });
}

export function start() {
  PHONE.addEventListener('change', () => setFacetsOpen(!PHONE.matches));
  enhance();
  window.addEventListener('popstate', () => show(location.href, { push: false }));
}
