import type { SearchResult } from '../ports/agenda-index.port.ts';
import { escapeHtml } from '../search/snippet.ts';

/**
 * The newest matching items as an Atom feed, so a feed reader can follow a topic or a committee.
 * Entry ids are stable (meeting and item), so readers show each item once.
 */
export function atomFeed(
  result: SearchResult,
  options: { baseUrl: string; selfPath: string; title: string },
): string {
  const base = options.baseUrl.replace(/\/$/, '');
  const updated = result.hits.map((h) => h.start).find(Boolean) ?? new Date(0).toISOString();
  const entries = result.hits.map((hit) => {
    const link = `${base}/moeder/${encodeURIComponent(hit.meetingId)}${hit.number != null ? `#punkt-${hit.number}` : ''}`;
    const title = `${hit.committee ?? 'Ukendt udvalg'}: ${hit.number != null ? `${hit.number}. ` : ''}${hit.title}`;
    return `  <entry>
    <id>tag:protokol,2024:${escapeHtml(hit.meetingId)}/${escapeHtml(String(hit.number ?? '-'))}</id>
    <title>${escapeHtml(title)}</title>
    <link rel="alternate" type="text/html" href="${escapeHtml(link)}"/>
    <updated>${escapeHtml(hit.start ?? updated)}</updated>
    <summary type="html">${escapeHtml(hit.snippet)}</summary>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="da">
  <id>${escapeHtml(`${base}${options.selfPath}`)}</id>
  <title>${escapeHtml(options.title)}</title>
  <link rel="self" type="application/atom+xml" href="${escapeHtml(`${base}${options.selfPath}`)}"/>
  <link rel="alternate" type="text/html" href="${escapeHtml(`${base}/${options.selfPath.replace(/^\/api\/feed\.atom/, '')}`)}"/>
  <updated>${escapeHtml(updated)}</updated>
  <generator>protokol</generator>
${entries.join('\n')}
</feed>
`;
}
