import { DocumentRejectedError } from '../domain/errors.ts';

/** The media type protokol gives a FirstAgenda Publication meeting answer (`GET /api/agenda/dagsorden/{id}`). */
export const FIRSTAGENDA = 'application/vnd.firstagenda+json';

/** The placeholder FirstAgenda puts where an id is missing (`Moede.Id`, an empty field's DocumentId). */
export const ZERO_GUID = '00000000-0000-0000-0000-000000000000';

/** A participant of a meeting as the portal lists them. */
export interface FirstAgendaParticipant {
  Name?: string | null;
  Absent?: boolean | null;
  ParticipationCancelled?: boolean | null;
}

/** Someone the portal notes as absent (or otherwise attending) for one item. */
export interface FirstAgendaItemAttendee {
  Name?: string | null;
  Reason?: string | null;
  AttendanceType?: number | null;
}

export interface FirstAgendaBilag {
  Id?: string | null;
  Navn?: string | null;
  Order?: number | null;
  HarPdfVersion?: string | boolean | null;
}

export interface FirstAgendaField {
  Navn?: string | null;
  Html?: string | null;
  Tekst?: string | null;
  Link?: string | null;
  DocumentId?: string | null;
}

export interface FirstAgendaItem {
  Id?: string | null;
  Punktnummer?: string | number | null;
  Number?: string | number | null;
  Sorting?: number | null;
  Navn?: string | null;
  Caption?: string | null;
  SagsNummer?: string | null;
  CaseNumber?: string | null;
  /** Not to be trusted: false on every item, open or closed, in Greve's answers. */
  IsOpen?: boolean | null;
  Felter?: FirstAgendaField[] | null;
  Bilag?: FirstAgendaBilag[] | null;
  ExternalAgendaItemAttendees?: FirstAgendaItemAttendee[] | null;
}

/** One meeting as FirstAgenda Publication answers `GET /api/agenda/dagsorden/{id}`. */
export interface FirstAgendaAnswer {
  /** The meeting's id in the portal (`Moede.Id` is the zero GUID). */
  Id: string;
  Udvalg: { Id?: string | null; Navn?: string | null; Historisk?: boolean | null };
  Moede: {
    Dato?: string | null;
    MeetingBeginUtc?: string | null;
    MeetingEndUtc?: string | null;
    ReleasedDate?: string | null;
    Sted?: string | null;
    /** Held: the decisions are filled in, whatever `Navn` says. */
    Afsluttet?: boolean | null;
    Navn?: string | null;
    Moededeltagere?: FirstAgendaParticipant[] | null;
    IsSupplementaryAgenda?: boolean | null;
  };
  TillaegsDagsorden?: boolean | null;
  Dagsordenpunkter: FirstAgendaItem[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether a parsed JSON value has the shape of a FirstAgenda meeting answer. */
export function isFirstAgendaAnswer(value: unknown): value is FirstAgendaAnswer {
  return (
    isObject(value) &&
    typeof value.Id === 'string' &&
    isObject(value.Udvalg) &&
    isObject(value.Moede) &&
    Array.isArray(value.Dagsordenpunkter) &&
    value.Dagsordenpunkter.every(isObject)
  );
}

/** The JSON text of bytes that start (after a byte order mark and white space) with `{`, else null. */
function jsonText(bytes: Uint8Array): string | null {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (
    i < bytes.length &&
    (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)
  )
    i++;
  if (bytes[i] !== 0x7b) return null;
  return Buffer.from(bytes.buffer, bytes.byteOffset + i, bytes.length - i).toString('utf8');
}

/**
 * Tells a FirstAgenda meeting answer by its content: a JSON object with the meeting's `Id`,
 * `Udvalg`, `Moede` and `Dagsordenpunkter`. Returns false for anything else that is not JSON, and
 * throws, naming the file, for JSON that is not a meeting answer or is cut short.
 */
export function isFirstAgendaFile(bytes: Uint8Array, name: string): boolean {
  const text = jsonText(bytes);
  if (text === null) return false;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // A file that starts like JSON but is not: say so rather than call it plain text.
    if (!/^\{\s*"/.test(text)) return false;
    throw new DocumentRejectedError(
      'CORRUPT_FILE',
      `${name}: a JSON file that cannot be read (${(error as Error).message}); if it is a FirstAgenda answer, fetch it again`,
    );
  }
  if (isFirstAgendaAnswer(value)) return true;
  throw new DocumentRejectedError(
    'UNSUPPORTED_TYPE',
    `${name}: a JSON file that is not a FirstAgenda meeting (no Id, Udvalg, Moede and Dagsordenpunkter)`,
  );
}

/** Reads the bytes of a FirstAgenda answer; throws a DocumentRejectedError naming the file. */
export function readAnswer(bytes: Uint8Array, name: string): FirstAgendaAnswer {
  const text = jsonText(bytes);
  let value: unknown;
  try {
    value = text === null ? null : JSON.parse(text);
  } catch (error) {
    throw new DocumentRejectedError(
      'CORRUPT_FILE',
      `${name}: the JSON cannot be read (${(error as Error).message})`,
    );
  }
  if (!isFirstAgendaAnswer(value))
    throw new DocumentRejectedError('UNSUPPORTED_TYPE', `${name}: not a FirstAgenda meeting answer`);
  return value;
}
