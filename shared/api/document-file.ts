import { NotFoundError } from '../domain/errors.ts';
import type { ParsedDocument, SourceDocument } from '../domain/model.ts';
import type { AgendaIndex } from '../ports/agenda-index.port.ts';
import type { DocumentStore } from '../ports/document-store.port.ts';
import type { ExtractedText } from '../ports/text-extractor.port.ts';
import { type PublicCopy, publicCopyOf, publicText, WITHHELD_UNREAD } from '../privacy/public-copy.ts';
import { escapeHtml } from '../search/snippet.ts';
import { errorBody } from './errors.ts';

/** Who is asking for a file: the public gets what may be published, the secretariat the original. */
export type Audience = 'public' | 'secretariat';

/** How an original that may be handed out as it is goes out: streamed locally, a presigned link on AWS. */
export type OriginalResponder = (record: SourceDocument, audience: Audience) => Promise<Response>;

/**
 * How a file may be shown without running on the site's origin: a PDF inline (the browser's
 * viewer), everything else (HTML, DOCX) as a download, and HTML sandboxed should it be opened.
 */
export function fileHeaders(
  record: Pick<SourceDocument, 'mediaType' | 'name'>,
  audience: Audience,
  publicAsIs: boolean,
): Record<string, string> {
  const pdf = record.mediaType === 'application/pdf';
  return {
    'content-type': record.mediaType ?? 'application/octet-stream',
    'content-disposition': `${pdf ? 'inline' : 'attachment'}; ${filenameParam(record.name)}`,
    'content-security-policy': pdf ? "frame-ancestors 'none'" : 'sandbox',
    'cache-control':
      audience === 'secretariat'
        ? 'private, no-store'
        : publicAsIs
          ? 'public, max-age=86400, immutable'
          : 'public, max-age=300',
    vary: 'Authorization, Cookie',
  };
}

/** `filename*=` for any name, and an ASCII `filename=` for old clients. */
export function filenameParam(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** The original, streamed from the store (the local home). */
export function streamedOriginal(store: DocumentStore): OriginalResponder {
  return async (record, audience) =>
    new Response(await store.openOriginal(record.id), {
      headers: fileHeaders(record, audience, audience === 'public'),
    });
}

/** What the public may have of a document, read from what the pipeline stored of it. */
export async function publicCopyFor(
  record: SourceDocument,
  store: DocumentStore,
  index: AgendaIndex,
): Promise<{ copy: PublicCopy; parsed: ParsedDocument | null; closedElsewhere: Set<string> }> {
  if (record.status !== 'indexed')
    return { copy: { as: 'withheld', reason: WITHHELD_UNREAD }, parsed: null, closedElsewhere: new Set() };
  const [parsed, text] = await Promise.all([
    store.getDerived<ParsedDocument>(record.id, 'parsed'),
    store.getDerived<ExtractedText>(record.id, 'text'),
  ]);
  let listedUnderClosedItem = false;
  if (record.linkedItem) {
    const meeting = await index.getMeeting(record.linkedItem.meetingId);
    const item = meeting?.items.find((i) => String(i.number) === record.linkedItem?.number);
    listedUnderClosedItem = item?.closed ?? false;
  }
  const closedElsewhere = new Set<string>();
  if (record.meetingId && !record.linkedItem) {
    const meeting = await index.getMeeting(record.meetingId);
    for (const item of meeting?.items ?? [])
      if (item.closed && item.sources.includes(record.id)) closedElsewhere.add(String(item.number));
  }
  const copy = publicCopyOf({
    mediaType: record.mediaType,
    parsed,
    text,
    closedElsewhere,
    listedUnderClosedItem,
  });
  return { copy, parsed, closedElsewhere };
}

/**
 * GET /api/documents/{id}/file: the original for the secretariat; for the public the original
 * only when nothing in it is closed or a CPR number, else a redacted copy, or nothing with the
 * reason in Danish (451).
 */
export async function documentFile(
  id: string,
  audience: Audience,
  deps: { store: DocumentStore; index: AgendaIndex; original: OriginalResponder; wantsHtml?: boolean },
): Promise<Response> {
  const record = await deps.store.getRecord(id);
  if (!record || record.status === 'failed') throw new NotFoundError(`no document with id "${id}"`);
  if (audience === 'secretariat') return deps.original(record, audience);
  const { copy, parsed, closedElsewhere } = await publicCopyFor(record, deps.store, deps.index);
  switch (copy.as) {
    case 'original':
      return deps.original(record, audience);
    case 'withheld': {
      const headers = { 'cache-control': 'no-store', vary: 'Accept, Authorization, Cookie' };
      // A citizen who followed a link reads the reason; a program gets the error as JSON.
      if (deps.wantsHtml)
        return new Response(withheldPage(copy.reason), {
          status: 451,
          headers: { ...headers, 'content-type': 'text/html; charset=utf-8' },
        });
      return Response.json(errorBody('WITHHELD', copy.reason), { status: 451, headers });
    }
    case 'pdf': {
      // pdf-lib loads only for a redacted copy (0.2 s at every server start otherwise).
      const { blankPdfPages } = await import('../privacy/redact-pdf.ts');
      const bytes = await blankPdfPages(await deps.store.getOriginal(id), copy.blank, record.name);
      const name = `${record.name.replace(/\.pdf$/i, '')} (offentlig udgave).pdf`;
      return new Response(new Uint8Array(bytes), {
        headers: { ...fileHeaders({ mediaType: 'application/pdf', name }, audience, false) },
      });
    }
    case 'text': {
      const name = `${record.name} (offentlig udgave).txt`;
      return new Response(publicText(parsed!, record.name, closedElsewhere), {
        headers: {
          ...fileHeaders({ mediaType: 'text/plain; charset=utf-8', name }, audience, false),
          // Text cannot run, and reads best in the browser.
          'content-disposition': `inline; ${filenameParam(name)}`,
        },
      });
    }
  }
}

/** The page a browser gets for a file that is not published. */
function withheldPage(reason: string): string {
  return `<!doctype html>
<html lang="da">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Dokumentet offentliggøres ikke – protokol</title><link rel="stylesheet" href="/style.css"><link rel="icon" href="/favicon.svg" type="image/svg+xml"></head>
<body><main id="indhold"><h1>Dokumentet offentliggøres ikke</h1><p>${escapeHtml(reason)}</p>
<p><a href="/">Til søgningen</a></p></main></body>
</html>
`;
}
