/** The addresses of the pages, built in one place so links and routes agree. */

export function meetingPath(
  id: string,
  options: { number?: number | string | null; q?: string } = {},
): string {
  const query = options.q ? `?${new URLSearchParams({ q: options.q })}` : '';
  return `/moeder/${encodeURIComponent(id)}${query}${options.number != null ? `#punkt-${options.number}` : ''}`;
}

export function committeePath(name: string): string {
  return `/udvalg/${encodeURIComponent(name)}`;
}

export function casePath(caseNumber: string): string {
  return `/sager/${encodeURIComponent(caseNumber)}`;
}

/** The original of a document, at a page when one is known (PDF viewers read #page=N). */
export function documentFilePath(documentId: string, page?: number | null): string {
  return `/api/documents/${encodeURIComponent(documentId)}/file${page ? `#page=${page}` : ''}`;
}
