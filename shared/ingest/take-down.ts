import type { AgendaIndex } from '../ports/agenda-index.port.ts';
import type { DocumentStore } from '../ports/document-store.port.ts';
import type { MeetingStore } from '../ports/meeting-store.port.ts';
import type { LinkBilag } from './link-bilag.ts';
import type { MergeAndProject } from './merge-and-project.ts';

export interface TakeDownDeps {
  store: DocumentStore;
  meetings: MeetingStore;
  index: AgendaIndex;
  merge: MergeAndProject;
  bilag: LinkBilag;
}

/**
 * Take down: one operation that wins against processing in flight. The tombstone goes first (the
 * document answers as unknown at once, and every later write for it is refused or undone), then
 * the document's parts leave the meetings it contributed to, which are merged and projected
 * again, and its files go, and so do the bilag split out of it. Taking down an id again (a tombstone) repeats the cleanup, so a
 * takedown that was cut short can always be finished.
 */
export class TakeDown {
  readonly #d: TakeDownDeps;

  constructor(deps: TakeDownDeps) {
    this.#d = deps;
  }

  /** True when there was something to take down: a document, or the tombstone of one. */
  async remove(id: string): Promise<boolean> {
    const { store, meetings, index, merge, bilag } = this.#d;
    const record = await store.getRecord(id);
    const wasRemoved = !record && (await store.isRemoved(id));
    if (!record && !wasRemoved) return false;
    const parsed = record ? await store.getDerived<{ id: string }>(id, 'parsed') : null;
    await store.delete(id);
    const from = new Set<string>();
    for (const m of [record?.meetingId, record?.linkedItem?.meetingId, parsed?.id]) if (m) from.add(m);
    for (const m of (await meetings.meetingsOf?.(id)) ?? []) from.add(m);
    for (const meetingId of from) {
      const held = (await meetings.contributions(meetingId)).some((c) => c.documentId === id);
      const view = await meetings.getMeeting(meetingId);
      if (held || view?.value.bilag.some((b) => b.documentId === id)) await merge.withdraw(meetingId, id);
    }
    // Whatever a projection of an older meeting put back of it in the meantime.
    await index.removeBilag(id);
    bilag.directory.forget(id);
    // The bilag split out of it (appended pages, embedded files) go with it.
    for (const child of record?.derived ?? []) {
      const held = await store.getRecord(child);
      if (held?.derivedFrom?.documentId === id) await this.remove(child);
    }
    return true;
  }
}
