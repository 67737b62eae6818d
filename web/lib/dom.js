// DOM helpers of the page script. Text from documents is always put in as text, never as HTML.

/** Creates an element with attributes and children; strings become text nodes. */
export function h(tag, attrs = {}, ...children) {
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

/** A live region that outlives page swaps, for telling screen readers what changed. */
export function announce(message) {
  let region = document.getElementById('announce');
  if (!region) {
    region = h('div', { id: 'announce', class: 'visually-hidden', 'aria-live': 'polite', role: 'status' });
    document.body.append(region);
  }
  region.textContent = '';
  // A change after a tick is announced even when the text is the same as before.
  setTimeout(() => {
    region.textContent = message;
  }, 50);
}

/** Moves focus to an element without scrolling it out of place; headings get a tabindex first. */
export function focusOn(el) {
  if (!el) return;
  if (!el.matches('a, button, input, select, textarea, [tabindex]')) el.setAttribute('tabindex', '-1');
  el.focus({ preventScroll: false });
}
