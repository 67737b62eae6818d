import type { SearchHit } from '../ports/agenda-index.port.ts';
import { escapeHtml } from '../search/snippet.ts';

/** One entry of a feed: an item, and when the archive published it (took its document in). */
export interface FeedEntry {
  hit: SearchHit;
  /** ISO 8601: when the document holding the item was taken in, which is when a reader first could see it. */
  published: string;
}

export interface FeedOptions {
  /** PROTOKOL_PUBLIC_URL; without it every link is relative to where the reader fetched the feed. */
  baseUrl: string | null;
  /** The search the feed follows (q, committee, kind, from, to, section), as given. */
  query: URLSearchParams;
  title: string;
}

/**
 * Characters XML 1.0 forbids (controls other than tab and newlines, lone surrogates, U+FFFE/FFFF):
 * one of them in any document would make the feed unreadable for every subscriber.
 */
const XML_INVALID = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

/** Text with the characters XML cannot hold removed. */
export function xmlSafe(text: string): string {
  return text.replace(XML_INVALID, '');
}

const esc = (text: string) => escapeHtml(xmlSafe(text));

/** A snippet is escaped text with <mark>; anything else in it is escaped again. */
function snippetHtml(snippet: string): string {
  const clean = xmlSafe(snippet);
  return /^(?:[^<]|<\/?mark>)*$/.test(clean) ? clean : escapeHtml(clean);
}

function links(options: FeedOptions) {
  const base = (options.baseUrl ?? '').replace(/\/$/, '');
  const query = options.query.size ? `?${options.query}` : '';
  return {
    base,
    self: `${base}/api/feed.atom${query}`,
    page: `${base}/${query}`,
    item: (hit: SearchHit) =>
      `${base}/moeder/${encodeURIComponent(hit.meetingId)}${hit.number != null ? `#punkt-${encodeURIComponent(String(hit.number))}` : ''}`,
  };
}

const entryTitle = (hit: SearchHit) =>
  `${hit.committee ?? 'Ukendt udvalg'}: ${hit.number != null ? `${hit.number}. ` : ''}${hit.title}`;

/** Newest first by when each entry was published. */
function ordered(entries: FeedEntry[]): FeedEntry[] {
  return [...entries].sort((a, b) => b.published.localeCompare(a.published));
}

/**
 * The newest matching items as an Atom feed, so a feed reader can follow a search. Entries are
 * dated by when the archive published them, not by the meeting date, so a reader sees what is
 * new; ids are stable tag URIs (meeting and item), so readers show each item once, whatever
 * address the feed was fetched from.
 */
export function atomFeed(entries: FeedEntry[], options: FeedOptions): string {
  const l = links(options);
  const sorted = ordered(entries);
  const updated = sorted[0]?.published ?? new Date(0).toISOString();
  const body = sorted.map(({ hit, published }) => {
    const meeting = hit.start ? `Møde ${hit.start.slice(0, 10)}. ` : '';
    return `  <entry>
    <id>${esc(`tag:protokol,2024:${hit.meetingId}/${String(hit.number ?? '-')}`)}</id>
    <title>${esc(entryTitle(hit))}</title>
    <link rel="alternate" type="text/html" href="${esc(l.item(hit))}"/>
    <published>${esc(published)}</published>
    <updated>${esc(published)}</updated>${hit.committee ? `\n    <category term="${esc(hit.committee)}"/>` : ''}
    <summary type="html">${escapeHtml(`${escapeHtml(meeting)}${snippetHtml(hit.snippet)}`)}</summary>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="da">
  <id>${esc(`tag:protokol,2024:feed${options.query.size ? `?${options.query}` : ''}`)}</id>
  <title>${esc(options.title)}</title>
  <link rel="self" type="application/atom+xml" href="${esc(l.self)}"/>
  <link rel="alternate" type="text/html" href="${esc(l.page)}"/>
  <updated>${esc(updated)}</updated>
  <generator>protokol</generator>
${body.join('\n')}
</feed>
`;
}

/**
 * The same feed as a page, for a citizen who clicks the feed link in a browser: what it holds,
 * and how to follow it in a feed reader.
 */
export function feedPage(entries: FeedEntry[], options: FeedOptions): string {
  const l = links(options);
  const items = ordered(entries).map(
    ({ hit, published }) => `      <li>
        <h2><a href="${esc(l.item(hit))}">${esc(entryTitle(hit))}</a></h2>
        <p class="meta">Offentliggjort ${esc(published.slice(0, 10))}${hit.start ? ` · møde ${esc(hit.start.slice(0, 10))}` : ''}</p>
        <p>${snippetHtml(hit.snippet)}</p>
      </li>`,
  );
  return `<!doctype html>
<html lang="da">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${esc(options.title)}</title>
  <link rel="stylesheet" href="/style.css"><link rel="icon" href="/favicon.svg" type="image/svg+xml">
  <link rel="alternate" type="application/atom+xml" href="${esc(l.self)}" title="${esc(options.title)}">
</head>
<body>
  <main id="indhold" class="feed-page">
    <h1>${esc(options.title)}</h1>
    <p>Det her er et Atom-feed. Kopiér adressen <code>${esc(l.self)}</code> ind i din feedlæser for at få besked om nye punkter. <a href="${esc(l.page)}">Se søgningen</a>.</p>
    <ol class="feed-entries">
${items.join('\n') || '      <li>Ingen punkter endnu.</li>'}
    </ol>
  </main>
</body>
</html>
`;
}

/**
 * Whether a request is a person's browser rather than a feed reader: it asks for HTML first and
 * does not name Atom. Feed readers name Atom or XML; browsers' navigations name text/html first.
 */
export function wantsPage(accept: string | null): boolean {
  if (!accept || /application\/(atom|rss)\+xml/i.test(accept)) return false;
  return /^\s*text\/html/i.test(accept);
}
