/**
 * The Danish words minutes are written with, gathered in one place so the parser reads as rules
 * over evidence rather than as a list of strings.
 */

/** Section headings whose text is the item's decision. */
export const DECISION_HEADING =
  /^(beslutning(er)?|beslutning(?: i| for| den| d\.|,) .{2,100}|beslutning \S.{1,80}? (?:den |d\. )?\d{1,2}(?:[-./]\d{1,2}[-./]\d{2,4}|\.? ?[a-zæøå]{3,9}\.? \d{4})|.{0,80}s beslutning(?:\s+(?:den|d\.)\s+.{4,40})?|referat|afgørelse|protokol(lat)?|konklusion|resultat|udvalgets beslutning)$/i;

/** Section headings whose text is the recommendation put to the meeting. */
export const RECOMMENDATION_HEADING =
  /^(indstilling(er)?|indstilling fra .{2,80}|forslag til beslutning|beslutningspunkter|administrationens indstilling|direktionens indstilling|forvaltningens indstilling)$/i;

/** Section headings of the case text. */
export const CASE_HEADING =
  /^(sagsfremstilling|sagsbeskrivelse|sammendrag|beslutningen træffes af|sagen afgøres i|afgøres af|beslutningskompetence|økonomiske konsekvenser og finansiering|økonomi og .{3,40}|sagens indhold|resum[eé]|baggrund|beskrivelse|sagen|proces|videre proces|tidsplan|vurdering|økonomi|økonomiske konsekvenser|konsekvenser|lovgrundlag|retsgrundlag|høring|kommunikation|kommunale bemærkninger|bemærkninger|sagsforløb|beslutningsforslag fra .{1,40}|borgmesterens afdelings påtegning|.{3,40}s påtegning|supplerende sagsfremstilling|orientering|formål|indledning|handleplan|oplæg)$/i;

/** Section headings that list the item's bilag. */
export const ATTACHMENT_HEADING =
  /^(bilag|bilagsliste|bilagsfortegnelse|vedhæftede filer|bilag til punktet)$/i;

/** The signature page after the last item: its names are neither bilag nor text of the item. */
export const SIGNATURE_HEADING =
  /^(underskriftsside|underskrifter|underskriftsark|underskrift|signaturside)$/i;

export type SectionKind = 'decision' | 'recommendation' | 'case' | 'attachments' | 'signatures';

/** Any section heading, for telling sections from body text. */
export function sectionKind(heading: string): SectionKind | null {
  const h = heading.replace(/[:.]\s*$/, '').trim();
  if (h.length > 120) return null;
  if (SIGNATURE_HEADING.test(h)) return 'signatures';
  if (DECISION_HEADING.test(h)) return 'decision';
  if (RECOMMENDATION_HEADING.test(h)) return 'recommendation';
  if (ATTACHMENT_HEADING.test(h)) return 'attachments';
  if (CASE_HEADING.test(h)) return 'case';
  return null;
}

/** A section heading with text after its colon on the same line: "Referat: Godkendt." */
export const INLINE_SECTION = /^([\p{L} ]{3,40}?)\s*:\s+(\S.*)$/u;

export type HeaderField =
  | 'committee'
  | 'meeting'
  | 'date'
  | 'time'
  | 'end'
  | 'location'
  | 'participants'
  | 'absent'
  | 'guests'
  | 'published';

/**
 * Meeting header labels. `loose` labels are unambiguous enough to stand without a colon before
 * their value ("Mødedato Torsdag d. 17. november 2022").
 */
export const HEADER_LABELS: { field: HeaderField; re: RegExp; loose: boolean }[] = [
  { field: 'committee', re: /^(udvalg|udvalgets navn|forum|mødeforum|organ|råd|kreds)$/i, loose: false },
  { field: 'meeting', re: /^(møde|mødet|mødenavn)$/i, loose: false },
  {
    field: 'date',
    re: /^(starttidspunkt|mødedato|mødedag|dato og tid|dato og tidspunkt|mødedato og tid|afholdt|tid og sted|dato|tid)$/i,
    loose: true,
  },
  { field: 'time', re: /^(mødetidspunkt|mødetid|tidspunkt|klokkeslæt|start)$/i, loose: true },
  { field: 'end', re: /^(sluttidspunkt|mødet slut|mødet sluttede|mødet hævet|slut)$/i, loose: true },
  { field: 'location', re: /^(sted|mødested|mødelokale|lokale|lokation|adresse)$/i, loose: true },
  {
    field: 'participants',
    re: /^(deltagere|mødedeltagere|til stede|tilstede|medlemmer|deltog|fremmødte|til stede var)$/i,
    loose: true,
  },
  {
    field: 'absent',
    re: /^(afbud|fraværende|fravær|ikke til stede|forhindret|afbud fra|afbud\s*\/\s*fraværende|fraværende\s*\/\s*afbud|afbud og fravær|meddelt forfald|forfald)$/i,
    loose: true,
  },
  {
    field: 'guests',
    re: /^(gæster|øvrige deltagere|desuden deltog|deltog desuden|fra administrationen|inviterede)$/i,
    loose: true,
  },
  { field: 'published', re: /^(udgivet|publiceret|offentliggjort)$/i, loose: true },
];

/** Words that open a document title and say what kind of document it is. */
export const TITLE_KIND = /^(referat|dagsorden|beslutningsprotokol|protokol|mødereferat|tillægsdagsorden)\b/i;

/** Lines that say an item is closed to the public, or open. */
export const CLOSED_MARK =
  /^[([]?\s*(lukket( punkt| dagsorden| sag)?|fortroligt?( punkt| sag)?)\s*[)\]]?\s*[:.\-–]?/i;
/**
 * A heading that says its item is closed, in any of the markings in use: "Lukket punkt",
 * "Lukket:", "(Lukket)", "… (lukket)", "… - lukket punkt", "LUKKET -", "FORTROLIG - ", "[Lukket]",
 * "(fortroligt)". Any lukket or fortrolig in a heading closes it: when in doubt, closed.
 */
export const CLOSED_WORD = /(?<![\p{L}])(lukket|lukkede|fortrolig|fortroligt|fortrolige)(?![\p{L}])/iu;
/** A short line below a heading that closes the item ("Lukket sag", "… Initialer: AB Lukket sag"). */
export const CLOSED_LINE = /(?:^|\s)(?:lukket|fortrolig[te]?)(?:\s+(?:punkt|sag|dagsorden))?\s*$/i;
/** A line that is nothing but a closed marking: "Lukket punkt", "(Lukket)", "FORTROLIG". */
export const CLOSED_ONLY =
  /^[([]?\s*(?:lukket|fortrolig[te]?)(?:\s+(?:punkt|sag|dagsorden|møde))?\s*[)\]]?\s*[.:]?$/i;
export const OPEN_MARK = /^(åbent?( punkt| dagsorden| sag)?)\s*[:.]?$/i;

/** Case numbers as printed: "EMN-2025-003383", "Sagsnr.: 27.00.00-A00-1-22", "J.nr. 2022-1234". */
export const CASE_LABEL =
  /^(?:sags?\s?\.?\s?(?:nr|nummer)|sagsid|j\.?\s?nr|journal(?:nr|nummer)|acadre sagsnr|sbsys sagsnr|sag(?=\s+\d))\.?\s*:?\s*(\S.{2,120})$/i;
/** The case number itself, out of a packed line: "J.nr.: 01.02.03-P20-1-20 Sagsid.: 123 Initialer: AB Åben sag". */
export function caseNumberOf(value: string): string {
  const first = (value.trim().split(/\s+/)[0] ?? '').replace(/[,;.]+$/, '');
  // An empty field followed by the next label ("Sagsnr.:  Sagsansvarlig: JM") holds no number.
  return /\d/.test(first) && !first.endsWith(':') ? first : '';
}
export const CASE_ID =
  /^(?:[A-ZÆØÅ]{2,6}-\d{2,4}-\d{2,}(?:-\d+)*|\d{2}\.\d{2}\.\d{2}(?:-[A-ZØ]\d{2})?(?:-\d+-\d{2,})?|\d{2,4}-\d{3,})$/;

/** Role words that follow a name and are not themselves a name. */
export const ROLE_WORDS =
  /^(formand|næstformand|sekretær|referent|borgmester|rådmand|direktør|kommunaldirektør|sekretariatet|medlem|suppleant|mødeleder)$/i;

/** The end of the meeting told in a sentence: "Mødet blev hævet kl. 16.05". */
export const MEETING_ENDED =
  /\bmødet\s+(?:blev\s+|er\s+)?(?:hævet|sluttede|afsluttet|afsluttedes|slut|ophævet)\s+(?:kl\.?\s*)?(\d{1,2}[.:]\d{2})/i;
