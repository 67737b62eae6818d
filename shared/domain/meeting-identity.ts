/** What decides which meeting a document belongs to, when the document does not name its meeting's id. */
export interface IdentityClaim {
  /** committee + date, e.g. "teknisk-udvalg-2025-03-03": the id of the first meeting found for it. */
  base: string;
  /** "HH:MM" when the document gives a start time, else null. */
  time: string | null;
  /** The source's own id of the meeting (a portal's meeting id), when it has one. */
  sourceId: string | null;
}

/** A meeting known under one committee + date, by its start time and the source's own id. */
export interface IdentityEntry {
  meetingId: string;
  time: string | null;
  sourceId: string | null;
}

/**
 * Which meeting a document belongs to, given the meetings already known for its committee and
 * date. The source's own meeting id decides where there is one; else the start time: the same
 * time is the same meeting, a meeting whose time is not known takes the first time that comes,
 * and another time is another meeting (so two meetings of one committee on one day stay two).
 * The first meeting of a day keeps the plain committee + date id that older data folders use.
 * @example resolveIdentity([{ meetingId: 'byraad-2025-01-08', time: '09:00', sourceId: null }], { base: 'byraad-2025-01-08', time: '16:00', sourceId: null }).meetingId // 'byraad-2025-01-08-1600'
 */
export function resolveIdentity(
  entries: IdentityEntry[],
  claim: IdentityClaim,
): { meetingId: string; entries: IdentityEntry[] } {
  const found = (entry: IdentityEntry) => {
    const updated = entries.map((e) =>
      e === entry ? { ...e, time: e.time ?? claim.time, sourceId: e.sourceId ?? claim.sourceId } : e,
    );
    return { meetingId: entry.meetingId, entries: updated };
  };
  if (claim.sourceId) {
    const same = entries.find((e) => e.sourceId === claim.sourceId);
    if (same) return found(same);
  }
  // A meeting the source names differently is another meeting.
  const candidates = entries.filter((e) => !claim.sourceId || !e.sourceId);
  const sameTime = claim.time ? candidates.find((e) => e.time === claim.time) : undefined;
  const timeless = candidates.find((e) => e.time === null);
  const match = claim.time ? (sameTime ?? timeless) : candidates[0];
  if (match) return found(match);
  const taken = new Set(entries.map((e) => e.meetingId));
  let meetingId = claim.base;
  if (taken.has(meetingId)) {
    const suffix = claim.time
      ? claim.time.replace(':', '')
      : (claim.sourceId ?? 'x').toLowerCase().replace(/[^a-z0-9]+/g, '-');
    meetingId = `${claim.base}-${suffix}`;
    for (let n = 2; taken.has(meetingId); n++) meetingId = `${claim.base}-${suffix}-${n}`;
  }
  return { meetingId, entries: [...entries, { meetingId, time: claim.time, sourceId: claim.sourceId }] };
}
