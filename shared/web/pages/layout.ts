import { type Html, html, type SafeHtml } from './html.ts';

export const SITE_NAME = 'protokol';
const DEFAULT_DESCRIPTION = 'Søg i offentlige dagsordener, referater og bilag fra danske udvalg og råd.';

export interface PageOptions {
  /** The page's own title; the site's name is added after it. */
  title: string;
  description?: string;
  /** The path of the page itself, for its canonical address and og:url. */
  path: string;
  /** The public origin (https://protokol.kommune.dk), for absolute Open Graph addresses. */
  baseUrl: string;
  /** og:type: "article" for a meeting, "website" otherwise. */
  type?: 'website' | 'article';
  /** Which view the script enhances: search, meeting, committee, case, news, error. */
  view: string;
  body: Html;
  /** The small search form in the header; the search page has its own. */
  headerSearch?: boolean;
  /** Extra <link> elements (feeds). */
  links?: Html;
  /** Search engines may show the page; error and search result pages they should not keep. */
  index?: boolean;
}

/**
 * The whole HTML document around a page's body. No inline script and no style attributes (the
 * page runs under a strict Content-Security-Policy): behaviour lives in /app.js, looks in /style.css.
 */
export function layout(options: PageOptions): string {
  const description = options.description ?? DEFAULT_DESCRIPTION;
  const title = options.title === SITE_NAME ? SITE_NAME : `${options.title} – ${SITE_NAME}`;
  const url = `${options.baseUrl.replace(/\/$/, '')}${options.path}`;
  return html`<!doctype html>
<html lang="da">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<meta name="description" content="${description}">
${options.index === false ? html`<meta name="robots" content="noindex">` : null}
<link rel="canonical" href="${url}">
<meta property="og:site_name" content="${SITE_NAME}">
<meta property="og:locale" content="da_DK">
<meta property="og:type" content="${options.type ?? 'website'}">
<meta property="og:title" content="${options.title}">
<meta property="og:description" content="${description}">
<meta property="og:url" content="${url}">
<meta name="twitter:card" content="summary">
<link rel="stylesheet" href="/style.css">
<link rel="stylesheet" href="/print.css" media="print">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
${options.links ?? null}
<script type="module" src="/app.js"></script>
</head>
<body data-view="${options.view}">
<a class="skip" href="#indhold">Spring til indhold</a>
<header class="top">
<a class="brand" href="/">protokol</a>
<span class="tagline">Søg i dagsordener, referater og bilag</span>
<nav class="site-nav" aria-label="Arkivet">
<a href="/udvalg">Udvalg</a>
<a href="/nyt">Nyt i arkivet</a>
</nav>
${options.headerSearch ? headerSearch() : null}
</header>
<main id="indhold" tabindex="-1">
${options.body}
</main>
<footer class="foot">protokol · åbne data fra offentlige møder · <a href="/api/openapi.json">API</a></footer>
</body>
</html>
`.value;
}

function headerSearch(): SafeHtml {
  return html`<search class="header-search"><form action="/" method="get" role="search">
<label for="header-q" class="visually-hidden">Søg i arkivet</label>
<input id="header-q" name="q" type="search" autocomplete="off" placeholder="Søg i arkivet">
<button type="submit">Søg</button>
</form></search>`;
}
