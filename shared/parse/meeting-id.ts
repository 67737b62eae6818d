import { slug } from './normalize.ts';

/**
 * A stable meeting id from committee and start, so that every document of one meeting (web page,
 * PDF printout, referat) lands on the same id. A document that names neither is its own meeting.
 * @example meetingIdFor('Sundhedsdirektørkredsen', '2022-11-17T09:00:00+01:00', 'ab…') // 'sundhedsdirektoerkredsen-2022-11-17'
 */
export function meetingIdFor(committee: string | null, start: string | null, sha256: string): string {
  if (committee && start) return `${slug(committee)}-${start.slice(0, 10)}`;
  return `dokument-${sha256.slice(0, 16)}`;
}
