import { ConflictError } from '../domain/errors.ts';
import type { Meeting } from '../domain/model.ts';
import { latestAnswers } from '../firstagenda/latest-answer.ts';
import type { AgendaIndex } from '../ports/agenda-index.port.ts';
import type { Contribution, MeetingStore, MeetingView, Versioned } from '../ports/meeting-store.port.ts';
import { attachmentKey, mergeMeeting } from './merge.ts';

/**
 * Merge + project, the only writer of merged meetings: a document's contribution is stored on
 * its own, then the meeting is merged from every contribution the store holds and written with
 * compare-and-set (lost to another writer: read again, merge again), and then projected into the
 * search index. The index is never read back to merge: it is a projection, rebuilt at will.
 */
export class MergeAndProject {
  readonly #meetings: MeetingStore;
  readonly #index: AgendaIndex;

  constructor(meetings: MeetingStore, index: AgendaIndex) {
    this.#meetings = meetings;
    this.#index = index;
  }

  /** Adds (or replaces) a document's part of a meeting, and merges and projects the meeting. */
  async contribute(meetingId: string, contribution: Contribution): Promise<MeetingView> {
    await this.#meetings.putContribution(meetingId, contribution);
    return this.refresh(meetingId);
  }

  /** Takes a document's part out of a meeting; the meeting keeps what its other documents say. */
  async withdraw(meetingId: string, documentId: string): Promise<MeetingView> {
    await this.#meetings.removeContribution(meetingId, documentId);
    return this.refresh(meetingId);
  }

  /** Merges a meeting again from its stored contributions (compare-and-set), then projects it. */
  async refresh(meetingId: string): Promise<MeetingView> {
    for (let attempt = 0; attempt < 100; attempt++) {
      // The version is read before the contributions: a contribution written after this read
      // makes its writer's own merge, or ours fails the compare-and-set and merges again.
      const current = await this.#meetings.getMeeting(meetingId);
      const view = mergeView(
        meetingId,
        await this.#meetings.contributions(meetingId),
        current?.value ?? null,
      );
      const version = await this.#meetings.putMeeting(view, current?.version ?? null);
      if (version !== null) {
        await this.project(meetingId, this.#index, { value: view, version });
        return view;
      }
      await pause(attempt);
    }
    throw new ConflictError(`meeting ${meetingId} kept changing under other writers; try again`);
  }

  /**
   * Makes the index say what the store says of a meeting. Two projections may overtake each
   * other, so after writing one checks that the store has not moved on, and writes again if it
   * has: the last write to the index is always of the newest meeting. `written` is the meeting
   * as the caller just wrote it, not read back for the first round.
   */
  async project(
    meetingId: string,
    index: AgendaIndex = this.#index,
    written?: Versioned<MeetingView>,
  ): Promise<void> {
    let projected: string | null = null;
    for (let round = 0; round < 20; round++) {
      const current = round === 0 && written ? written : await this.#meetings.getMeeting(meetingId);
      if (!current || current.version === projected) return;
      await projectView(current.value, index);
      projected = current.version;
    }
  }
}

/** Writes one meeting as the store holds it into an index: items, bilag, and what was removed. */
export async function projectView(view: MeetingView, index: AgendaIndex): Promise<void> {
  if (view.meeting?.items.length) {
    await index.putMeeting(view.meeting);
    for (const b of view.bilag) await index.putBilag({ ...b, meetingId: view.id });
  } else {
    await index.removeMeeting(view.id);
  }
  for (const id of view.retiredBilag) await index.removeBilag(id);
}

/**
 * The merged meeting from its contributions: the minutes merged into one meeting (mergeMeeting),
 * and each bilag linked to the item that lists it.
 */
export function mergeView(
  id: string,
  contributions: Contribution[],
  previous: MeetingView | null,
): MeetingView {
  // A portal's later answer for its meeting (the minutes after the agenda) replaces the earlier.
  const minutes = latestAnswers(contributions.flatMap((c) => (c.role === 'minutes' ? [c] : [])));
  const bilag = contributions.flatMap((c) => (c.role === 'bilag' ? [c] : []));
  const meeting: Meeting | null = minutes.length
    ? mergeMeeting(minutes.map((c) => ({ ...c, parsed: { ...c.parsed, id } })))
    : null;
  const linked: MeetingView['bilag'] = [];
  for (const b of bilag) {
    const item = meeting?.items.find((i) => String(i.number) === b.itemNumber);
    if (!item) continue;
    let listed = false;
    for (const a of item.attachments)
      if (attachmentKey(a.name) === attachmentKey(b.name)) {
        a.documentId = b.documentId;
        listed = true;
      }
    // A bilag linked by its item's number (a samlet referat's "Bilag til punkt 3") is shown
    // among the item's bilag even where the list names it otherwise.
    if (!listed) item.attachments.push({ name: b.name.replace(/\.pdf$/i, ''), documentId: b.documentId });
    linked.push({
      documentId: b.documentId,
      name: b.name,
      itemNumber: b.itemNumber,
      text: b.text,
      ...(b.at ? { at: b.at } : {}),
    });
  }
  const now = new Set(linked.map((b) => b.documentId));
  const retired = new Set([
    ...(previous?.retiredBilag ?? []),
    ...(previous?.bilag.map((b) => b.documentId) ?? []),
  ]);
  return { id, meeting, bilag: linked, retiredBilag: [...retired].filter((d) => !now.has(d)) };
}

function pause(attempt: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.random() * Math.min(100, 2 ** Math.min(attempt, 6))));
}
