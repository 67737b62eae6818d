import type { Attachment, Meeting, MeetingItem, ParsedDocument, Section } from '../domain/model.ts';
import { fold } from '../parse/normalize.ts';

/** A parsed document with what the merge needs to know about its file. */
export interface MeetingContribution {
  documentId: string;
  name: string;
  mediaType: string | null;
  /** When the archive received the document: a portal's later answer replaces an earlier one. */
  receivedAt?: string;
  parsed: ParsedDocument;
}

const KIND_RANK = { referat: 0, punkt: 1, dagsorden: 2, bilag: 3 } as const;

function headerRichness(p: ParsedDocument): number {
  return (
    [p.committee, p.start, p.end, p.location, p.published].filter(Boolean).length +
    (p.participants.length ? 1 : 0)
  );
}

/**
 * Merges every document that describes one meeting into one meeting: the web page, its PDF
 * printout and the full referat become one set of items, each item once, with sections from every
 * source. A referat outranks a dagsorden for titles and decisions; PDFs come first among an item's
 * sources, since a citizen is sent to the page of a PDF.
 */
export function mergeMeeting(contributions: MeetingContribution[]): Meeting {
  if (contributions.length === 0) throw new Error('mergeMeeting needs at least one document');
  const ranked = [...contributions].sort(
    (a, b) =>
      KIND_RANK[a.parsed.kind] - KIND_RANK[b.parsed.kind] ||
      Number(b.parsed.items.some((i) => i.decision)) - Number(a.parsed.items.some((i) => i.decision)) ||
      headerRichness(b.parsed) - headerRichness(a.parsed),
  );
  const first = <T>(pick: (p: ParsedDocument) => T | null): T | null => {
    for (const c of ranked) {
      const v = pick(c.parsed);
      if (v !== null && v !== undefined && v !== '') return v;
    }
    return null;
  };
  const pdfFirst = [...ranked].sort(
    (a, b) => Number(b.mediaType === 'application/pdf') - Number(a.mediaType === 'application/pdf'),
  );

  // Item order: that of the document with the most items.
  const orderSource = [...ranked].sort((a, b) => b.parsed.items.length - a.parsed.items.length)[0]!;
  const keyOf = (item: { number: MeetingItem['number']; title: string }) =>
    item.number != null ? `n:${String(item.number).toLowerCase()}` : `t:${fold(item.title)}`;
  const keys: string[] = orderSource.parsed.items.map(keyOf);
  for (const c of ranked)
    for (const item of c.parsed.items) if (!keys.includes(keyOf(item))) keys.push(keyOf(item));

  const items: MeetingItem[] = keys.map((key) => {
    const versions = ranked.flatMap((c) =>
      c.parsed.items.filter((i) => keyOf(i) === key).map((item) => ({ c, item })),
    );
    const main = versions[0]!.item;
    const byPdf = [...versions].sort((a, b) => pdfFirst.indexOf(a.c) - pdfFirst.indexOf(b.c));
    const closed = versions.some((v) => v.item.closed);
    return {
      number: main.number,
      title: main.title,
      caseNumber: versions.find((v) => v.item.caseNumber)?.item.caseNumber ?? null,
      closed,
      decision: closed ? null : (versions.find((v) => v.item.decision)?.item.decision ?? null),
      sections: closed ? [] : mergeSections(versions.map((v) => v.item.sections)),
      attachments: mergeAttachments(versions.map((v) => v.item.attachments)),
      page: byPdf[0]!.item.page,
      ...optional('sourceId', versions.find((v) => v.item.sourceId)?.item.sourceId),
      ...optional('absent', closed ? undefined : versions.find((v) => v.item.absent?.length)?.item.absent),
      sources: [...new Set(byPdf.map((v) => v.c.documentId))],
    };
  });

  const people = (pick: (p: ParsedDocument) => string[]) => union(ranked.map((c) => pick(c.parsed)));
  return {
    id: ranked[0]!.parsed.id,
    ...optional(
      'authority',
      first((p) => p.authority ?? null),
    ),
    ...optional(
      'sourceMeetingId',
      first((p) => p.sourceMeetingId ?? null),
    ),
    committee: first((p) => p.committee),
    ...optional(
      'committeePeriod',
      first((p) => p.committeePeriod ?? null),
    ),
    title: first((p) => p.title),
    kind: ranked.some((c) => c.parsed.kind === 'referat' || c.parsed.items.some((i) => i.decision))
      ? 'referat'
      : ranked[0]!.parsed.kind,
    start: first((p) => p.start),
    end: first((p) => p.end),
    location: first((p) => p.location),
    published: first((p) => p.published),
    participants: people((p) => p.participants),
    absent: people((p) => p.absent),
    guests: people((p) => p.guests),
    items,
    sources: ranked.map((c) => ({ documentId: c.documentId, name: c.name, kind: c.parsed.kind })),
  };
}

/** A field only where it has a value, so meetings without it read as before. */
function optional<K extends string, V>(key: K, value: V | null | undefined): { [P in K]?: V } {
  return (value === null || value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function mergeSections(lists: Section[][]): Section[] {
  const out: Section[] = [];
  const seen = new Set<string>();
  for (const list of lists) {
    for (const s of list) {
      const key = `${fold(s.heading)}|${fold(s.text).slice(0, 400)}`;
      if (seen.has(key) || (!s.text && out.some((o) => fold(o.heading) === fold(s.heading)))) continue;
      seen.add(key);
      out.push(s);
    }
  }
  return out;
}

function mergeAttachments(lists: Attachment[][]): Attachment[] {
  const out: Attachment[] = [];
  for (const list of lists) {
    for (const a of list) {
      const existing = out.find((o) => attachmentKey(o.name) === attachmentKey(a.name));
      if (!existing) out.push({ ...a });
      else if (!existing.documentId && a.documentId) existing.documentId = a.documentId;
    }
  }
  return out;
}

function union(lists: string[][]): string[] {
  const out: string[] = [];
  for (const list of lists) for (const v of list) if (!out.some((o) => fold(o) === fold(v))) out.push(v);
  return out;
}

/**
 * The name of a bilag as a key that survives how it was listed and saved: case, extension,
 * "(åben)", a "Bilag 3:" prefix, punctuation.
 * @example attachmentKey('Bilag 2: KL-oplæg om forbeholdt virksomhedsområde (åben).PDF') // 'kloplæg…'
 */
export function attachmentKey(name: string): string {
  return fold(
    name
      .normalize('NFKC')
      .replace(/\.(pdf|docx?|xlsx?|pptx?|html?|txt|odt|rtf)$/i, '')
      .replace(/^\s*bilag\s*\d*[a-z]?\s*[:.\-–]\s*/i, '')
      .replace(/\((?:åben|åbent|lukket|offentlig|fortrolig|udkast)\)/gi, '')
      .replace(/\s*[-–]\s*(?:åben|lukket)\s*$/i, ''),
  );
}
