import type { ParsedDocument, SourceDocument } from '../domain/model.ts';
import type { MeetingStore } from '../ports/meeting-store.port.ts';

/**
 * The meeting a document belongs to. The uploader's meeting id wins; then the source's own id of
 * the meeting (a portal's meeting id); then committee + start time, claimed in the meeting store
 * so that every document of one meeting agrees and two meetings of a committee on one day stay
 * two. A document that names neither committee nor date is a meeting of its own.
 */
export async function identifyMeeting(
  record: SourceDocument,
  parsed: ParsedDocument,
  meetings: MeetingStore,
): Promise<string> {
  if (record.metadata.meetingId) return record.metadata.meetingId;
  const sourceId = record.metadata.sourceMeetingId ?? parsed.sourceMeetingId ?? null;
  if (parsed.committee && parsed.start) {
    const time = /T(\d\d:\d\d)/.exec(parsed.start)?.[1] ?? null;
    // Midnight is what a date without a time reads as.
    return meetings.claimIdentity({ base: parsed.id, time: time === '00:00' ? null : time, sourceId });
  }
  if (sourceId) {
    const base = `moede-${sourceId
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')}`;
    return meetings.claimIdentity({ base, time: null, sourceId });
  }
  return parsed.id;
}
