import { createHash } from 'node:crypto';
import { failureReason } from '../domain/errors.ts';
import type { UploadMetadata } from '../domain/model.ts';
import { detectType, extensionOf } from '../ingest/detect-type.ts';
import { fold, slug } from '../parse/normalize.ts';
import { CLOSED_MARK } from '../parse/vocabulary.ts';
import { type FirstAgendaAnswer, readAnswer, ZERO_GUID } from './answer.ts';
import { tidy } from './item-html.ts';
import { committeeName } from './names.ts';
import type { FirstAgendaPortal, PortalMeeting } from './portal-client.ts';
import { readFirstAgendaMeeting } from './read-meeting.ts';

/** What became of one file the import handed on: a row of the report. */
export interface ImportRow {
  /** The portal address it came from. */
  url: string;
  status: 'indexed' | 'unchanged' | 'failed' | 'ocr' | 'uploaded';
  reason: string | null;
  meetingId: string | null;
}

/** Where the import puts what it fetched: the local archive, or a deployment's uploads/ prefix. */
export interface ImportSink {
  put(file: { name: string; bytes: Uint8Array }, metadata: UploadMetadata): Promise<Omit<ImportRow, 'url'>>;
}

/** What the import remembers of one portal meeting between runs. */
export interface JournalEntry {
  /** What the committee list said of the meeting when it was last taken in. */
  fingerprint: string;
  sha256: string;
  meetingId: string | null;
  /** Bilag ids handed on already. */
  bilag: string[];
  /** The answer and every bilag are through. */
  done: boolean;
}

export interface JournalState {
  meetings: Record<string, JournalEntry>;
}

/**
 * What an import has done so far, kept where the archive is (a file in the data folder, an object
 * in the bucket), so a run that was stopped, even with kill -9, goes on where it stopped.
 */
export interface ImportJournal {
  load(): Promise<JournalState>;
  save(state: JournalState): Promise<void>;
}

export interface ImportOptions {
  portal: FirstAgendaPortal;
  sink: ImportSink;
  journal: ImportJournal;
  /** The authority of every meeting of the portal (one portal, one authority). */
  authority?: string;
  /** YYYY-MM-DD: meetings on or after this day. */
  since?: string;
  /** Only these committees: a stable name ("Byrådet") or the portal's ("Byråd 2022-2025"). */
  committees?: string[];
  /** Fetch every meeting again, not only new and changed ones. */
  refresh?: boolean;
  /** Fetch each bilag's file (default true). */
  bilag?: boolean;
  /** Asked before each meeting: true stops the run there (a Lambda's time running out). */
  stop?: () => boolean;
  /** How many meetings will be fetched, and how many are known and unchanged. */
  onPlan?: (plan: { fetch: number; known: number }) => void;
  /** After each meeting, with the rows of its answer and its bilag. */
  onMeeting?: (meeting: PortalMeeting, rows: ImportRow[]) => void | Promise<void>;
}

export interface ImportSummary {
  listed: number;
  fetched: number;
  known: number;
  rows: ImportRow[];
  /** The run stopped before the end (`stop`); the next run goes on. */
  stopped: boolean;
}

/** What the committee list says of a meeting: when it changes, the answer has changed. */
function fingerprint(m: PortalMeeting): string {
  return JSON.stringify([m.date, m.name, m.held, m.released]);
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * Follows a FirstAgenda portal: lists its meetings, fetches the answer of each new or changed one
 * (and of each one not yet held, whose answer changes when it is), hands it on, then fetches each
 * open item's bilag and hands it on linked to its meeting. A supplementary agenda is handed on as
 * part of its meeting. What is done is journalled after every file.
 */
export async function importPortal(options: ImportOptions): Promise<ImportSummary> {
  const { portal, sink, journal } = options;
  const listed = await portal.meetings();
  const wanted = listed
    .filter((m) => !options.since || m.date.slice(0, 10) >= options.since)
    .filter(
      (m) => !options.committees?.length || options.committees.some((c) => sameCommittee(c, m.committee)),
    )
    // Oldest first, and a meeting before its supplementary agenda.
    .sort((a, b) => a.date.localeCompare(b.date) || Number(a.supplementary) - Number(b.supplementary));
  const state = await journal.load();
  const needs = (m: PortalMeeting) => {
    const entry = state.meetings[m.id];
    return options.refresh || !entry?.done || entry.fingerprint !== fingerprint(m) || !m.held;
  };
  const todo = wanted.filter(needs);
  options.onPlan?.({ fetch: todo.length, known: wanted.length - todo.length });
  // The archive's meeting of each committee's meeting time, for its supplementary agendas to join.
  const mains = new Map<string, string>();
  const at = (m: PortalMeeting) => `${m.committeeId}|${m.date}`;
  for (const m of wanted) {
    const id = state.meetings[m.id]?.meetingId;
    if (!m.supplementary && id) mains.set(at(m), id);
  }

  const rows: ImportRow[] = [];
  let stopped = false;
  for (const m of todo) {
    if (options.stop?.()) {
      stopped = true;
      break;
    }
    const meetingRows = await importMeeting(m, options, state, mains.get(at(m)));
    const id = state.meetings[m.id]?.meetingId;
    if (!m.supplementary && id) mains.set(at(m), id);
    rows.push(...meetingRows);
    await options.onMeeting?.(m, meetingRows);
  }
  return { listed: listed.length, fetched: todo.length, known: wanted.length - todo.length, rows, stopped };

  async function importMeeting(
    m: PortalMeeting,
    o: ImportOptions,
    s: JournalState,
    mainMeetingId: string | undefined,
  ): Promise<ImportRow[]> {
    const url = `${portal.baseUrl}/api/agenda/dagsorden/${m.id}`;
    const failed = (reason: string): ImportRow[] => [{ url, status: 'failed', reason, meetingId: null }];
    let bytes: Uint8Array;
    let answer: FirstAgendaAnswer;
    try {
      bytes = await portal.meeting(m.id);
      answer = readAnswer(bytes, url);
    } catch (error) {
      return failed(failureReason(error).reason);
    }
    const hash = sha256(bytes);
    const before = s.meetings[m.id];
    const metadata: UploadMetadata = {
      ...(o.authority ? { authority: o.authority } : {}),
      ...(m.supplementary && mainMeetingId ? { meetingId: mainMeetingId } : {}),
    };
    let row: ImportRow;
    if (before?.sha256 === hash && before.meetingId) {
      row = { url, status: 'unchanged', reason: null, meetingId: before.meetingId };
    } else {
      const name = `${slug(committeeName(m.committee).name) || 'moede'}-${m.date.slice(0, 10)}-${m.id}.json`;
      try {
        row = { url, ...(await sink.put({ name, bytes }, metadata)) };
      } catch (error) {
        return failed(failureReason(error).reason);
      }
      if (row.status === 'failed') return [row];
    }
    // A sink that only hands the file on (S3) knows no meeting id yet: it is the reader's.
    const meetingId =
      row.meetingId ??
      metadata.meetingId ??
      readFirstAgendaMeeting(answer, { name: url, sha256: hash, pages: 0, ocrPages: 0 }, metadata).id;
    const entry: JournalEntry = {
      fingerprint: fingerprint(m),
      sha256: hash,
      meetingId,
      bilag: before?.bilag ?? [],
      done: false,
    };
    s.meetings[m.id] = entry;
    await journal.save(s);
    const out: ImportRow[] = [{ ...row, meetingId }];
    if (o.bilag !== false) {
      for (const bilag of openBilag(answer)) {
        if (entry.bilag.includes(bilag.id)) continue;
        out.push(await importBilag(bilag, meetingId, o));
        entry.bilag.push(bilag.id);
        await journal.save(s);
      }
    }
    entry.done = true;
    await journal.save(s);
    return out;
  }

  async function importBilag(
    bilag: { id: string; name: string },
    meetingId: string,
    o: ImportOptions,
  ): Promise<ImportRow> {
    const url = `${portal.baseUrl}/Vis/Pdf/bilag/${bilag.id}`;
    try {
      const bytes = await portal.bilag(bilag.id);
      // Named as the item lists it, so it is linked to that item as an uploaded bilag is.
      let extension = 'pdf';
      try {
        extension = extensionOf(detectType(bytes, bilag.name));
      } catch {
        // the archive says what is wrong with it
      }
      const name = `${bilag.name.replace(/[/\\:*?"<>|]+/g, '-').slice(0, 180)}.${extension}`;
      const row = await sink.put(
        { name, bytes },
        { kind: 'bilag', meetingId, ...(o.authority ? { authority: o.authority } : {}) },
      );
      return { url, ...row, reason: row.reason && `${bilag.name}: ${row.reason}` };
    } catch (error) {
      return { url, status: 'failed', reason: `${bilag.name}: ${failureReason(error).reason}`, meetingId };
    }
  }
}

/** The bilag of the answer's open items; a closed item's bilag stay on the portal. */
function openBilag(answer: FirstAgendaAnswer): { id: string; name: string }[] {
  const out: { id: string; name: string }[] = [];
  for (const item of answer.Dagsordenpunkter) {
    if (CLOSED_MARK.test(tidy(item.Navn ?? item.Caption ?? ''))) continue;
    for (const b of item.Bilag ?? []) {
      const name = tidy(b.Navn ?? '');
      if (b.Id && b.Id !== ZERO_GUID && name && !out.some((o) => o.id === b.Id)) out.push({ id: b.Id, name });
    }
  }
  return out;
}

function sameCommittee(wanted: string, portalName: string): boolean {
  const w = fold(wanted);
  return (
    w === fold(portalName) ||
    w === fold(committeeName(portalName).name) ||
    fold(committeeName(wanted).name) === fold(committeeName(portalName).name)
  );
}
