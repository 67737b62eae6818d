import type { AgendaItem, DocumentKind, ParsedDocument, SourceInfo } from '../domain/model.ts';
import { copenhagenIso } from '../parse/dates.ts';
import { slug } from '../parse/normalize.ts';
import { CLOSED_MARK } from '../parse/vocabulary.ts';
import { type FirstAgendaAnswer, type FirstAgendaItem, ZERO_GUID } from './answer.ts';
import { tidy as normalizeLine, readItemHtml } from './item-html.ts';
import { authorityFromHost, committeeName } from './names.ts';

/** What an uploader, a manifest or the import says of an answer where the answer is silent. */
export interface FirstAgendaHints {
  authority?: string;
  committee?: string;
}

/** FirstAgenda's last item, the members' signature sheet: nothing a citizen searches for. */
const SIGNATURE_SHEET = /^(?:elektronisk\s+)?underskrift(?:s(?:ark|blad|side)|er)?\b/i;

/**
 * Maps one FirstAgenda meeting answer to the parse contract: committee (stable name and election
 * period), start with its offset, place, participants and absentees, and each item with its
 * number, title, case number, bilag titles, sections and this meeting's decision. A closed item
 * (`Lukket: …`; `IsOpen` is not to be trusted) keeps number and title only; the signature sheet
 * is left out. A held meeting (`Afsluttet`) is a referat whatever `Moede.Navn` says.
 */
export function readFirstAgendaMeeting(
  answer: FirstAgendaAnswer,
  source: SourceInfo,
  hints: FirstAgendaHints = {},
): ParsedDocument {
  const warnings: string[] = [];
  const rawCommittee = normalizeLine(answer.Udvalg.Navn ?? '') || hints.committee || null;
  const { name: committee, period } = rawCommittee
    ? committeeName(rawCommittee)
    : { name: null, period: null };
  if (!committee) warnings.push('the answer names no committee (Udvalg.Navn)');
  const start = portalTime(answer.Moede.Dato ?? answer.Moede.MeetingBeginUtc ?? null);
  if (!start) warnings.push('the answer gives no meeting date (Moede.Dato)');
  const end = portalTime(answer.Moede.MeetingEndUtc ?? null);
  const people = (answer.Moede.Moededeltagere ?? []).filter((p) => normalizeLine(p.Name ?? ''));
  const absent = people
    .filter((p) => p.Absent || p.ParticipationCancelled)
    .map((p) => normalizeLine(p.Name!));
  const participants = people
    .filter((p) => !(p.Absent || p.ParticipationCancelled))
    .map((p) => normalizeLine(p.Name!));
  const supplementary = Boolean(answer.TillaegsDagsorden || answer.Moede.IsSupplementaryAgenda);
  const held = Boolean(answer.Moede.Afsluttet) || /referat|protokol/i.test(answer.Moede.Navn ?? '');
  const kind: DocumentKind = held ? 'referat' : 'dagsorden';

  const seen = new Set<string>();
  const items: AgendaItem[] = [];
  for (const [index, raw] of sortedItems(answer.Dagsordenpunkter).entries()) {
    const item = readItem(raw, index);
    if (SIGNATURE_SHEET.test(item.title)) continue;
    // The portal lists an item once; a repeated item id (a re-sent answer) must not count twice.
    const key = item.sourceId ?? `${item.number}|${item.title}`;
    if (seen.has(key)) continue;
    seen.add(key);
    items.push(item);
  }
  if (items.length === 0) warnings.push('the meeting has no agenda items');

  // FirstAgenda keeps "Dagsorden" as the name after the meeting; held, it is the minutes.
  const named = normalizeLine(answer.Moede.Navn ?? '');
  const title = [
    held && (!named || /dagsorden/i.test(named))
      ? /ekstraordin/i.test(named)
        ? 'Ekstraordinært referat'
        : 'Referat'
      : named || 'Dagsorden',
    supplementary ? '(tillægsdagsorden)' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return {
    id: firstAgendaMeetingId(committee, start, answer.Id, source.sha256),
    authority: hints.authority ?? authorityOf(answer),
    sourceMeetingId: answer.Id,
    committee,
    committeePeriod: period,
    title,
    kind,
    start,
    end,
    location: normalizeLine(answer.Moede.Sted ?? '') || null,
    published: portalTime(answer.Moede.ReleasedDate ?? null)?.slice(0, 10) ?? null,
    participants,
    absent,
    guests: [],
    items,
    source,
    warnings,
  };
}

/**
 * The meeting id of an answer, from the portal's own meeting id, so that two meetings of one
 * committee on one day stay two and a later answer for the meeting lands on the same id.
 * @example firstAgendaMeetingId('Byrådet', '2025-09-08T17:00:00+02:00', '5f0c…', 'ab…') // 'byraadet-2025-09-08-5f0c…'
 */
export function firstAgendaMeetingId(
  committee: string | null,
  start: string | null,
  portalId: string,
  sha256: string,
): string {
  const own =
    portalId && portalId !== ZERO_GUID
      ? portalId
          .toLowerCase()
          .replace(/[^a-z0-9]/g, '')
          .slice(0, 12)
      : '';
  if (!own) return `dokument-${sha256.slice(0, 16)}`;
  return [committee ? slug(committee) : 'moede', start?.slice(0, 10), own].filter(Boolean).join('-');
}

function sortedItems(items: FirstAgendaItem[]): FirstAgendaItem[] {
  // `Sorting` is the order on the portal's page; the list usually comes in it already.
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => (a.item.Sorting ?? a.i) - (b.item.Sorting ?? b.i) || a.i - b.i)
    .map(({ item }) => item);
}

function readItem(raw: FirstAgendaItem, index: number): AgendaItem {
  const title = normalizeLine(raw.Navn ?? raw.Caption ?? '') || `Punkt ${index + 1}`;
  const numberText = normalizeLine(String(raw.Punktnummer ?? raw.Number ?? ''));
  const number: AgendaItem['number'] = /^\d+$/.test(numberText)
    ? Number(numberText)
    : numberText || index + 1;
  const caseNumber = normalizeLine(raw.SagsNummer ?? raw.CaseNumber ?? '') || null;
  const sourceId = raw.Id && raw.Id !== ZERO_GUID ? raw.Id : undefined;
  const closed = CLOSED_MARK.test(title);
  const absent = (raw.ExternalAgendaItemAttendees ?? [])
    .filter((a) => normalizeLine(a.Name ?? '') && !/^(?:til\s*stede|deltager|present)/i.test(a.Reason ?? ''))
    .map((a) => normalizeLine(a.Name!));
  const base = { number, title, caseNumber, page: null, ...(sourceId ? { sourceId } : {}) };
  if (closed) {
    // A closed item's body (FirstAgenda sends its decision) and its bilag names stay out entirely.
    return { ...base, closed: true, decision: null, sections: [], attachments: [] };
  }
  const sections = [];
  let decision: string | null = null;
  for (const field of raw.Felter ?? []) {
    const read = readItemHtml(field.Html ?? field.Tekst ?? '');
    const label = normalizeLine(field.Navn ?? '');
    // A portal that sends one field per section names it in `Navn`.
    if (label && read.sections.length === 1 && ['Tekst', 'Fremstilling'].includes(read.sections[0]!.heading))
      read.sections[0]!.heading = label;
    sections.push(...read.sections);
    decision ??=
      read.decision ?? (label && /^beslutning/i.test(label) ? (read.sections[0]?.text ?? null) : null);
  }
  const attachments = (raw.Bilag ?? [])
    .filter((b) => normalizeLine(b.Navn ?? ''))
    .sort((a, b) => (a.Order ?? 0) - (b.Order ?? 0))
    .map((b) => ({ name: normalizeLine(b.Navn!) }));
  return {
    ...base,
    closed: false,
    decision,
    sections,
    attachments,
    ...(absent.length ? { absent } : {}),
  };
}

/**
 * A portal time as ISO 8601 with the Copenhagen offset: kept as it is when it carries an offset,
 * moved to Copenhagen's wall clock when it is UTC ("Z"), read as Copenhagen time when it has none.
 */
export function portalTime(value: string | null): string | null {
  if (!value) return null;
  const m =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(
      value.trim(),
    );
  if (!m) return null;
  const [, y, mo, d, h, mi, , zone] = m;
  if (zone && zone !== 'Z')
    return `${y}-${mo}-${d}T${h ?? '00'}:${mi ?? '00'}:00${zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`;
  if (zone === 'Z') {
    const instant = new Date(value);
    const wall = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Europe/Copenhagen',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(instant);
    const part = (t: string) => Number(wall.find((p) => p.type === t)?.value);
    return copenhagenIso(
      { year: part('year'), month: part('month'), day: part('day') },
      { hour: part('hour'), minute: part('minute') },
    );
  }
  return copenhagenIso(
    { year: +y!, month: +mo!, day: +d! },
    { hour: Number(h ?? 0), minute: Number(mi ?? 0) },
  );
}

/** The authority an answer names: the host of the portal its item PDFs link to. */
function authorityOf(answer: FirstAgendaAnswer): string | null {
  for (const item of answer.Dagsordenpunkter) {
    for (const field of item.Felter ?? []) {
      if (!field.Link) continue;
      try {
        const host = authorityFromHost(new URL(field.Link).host);
        if (host) return host;
      } catch {
        // not a URL: look further
      }
    }
  }
  return null;
}
