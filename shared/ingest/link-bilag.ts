import { DocumentRemovedError } from '../domain/errors.ts';
import type { AgendaItem, ParsedDocument, SourceDocument } from '../domain/model.ts';
import type { DocumentStore } from '../ports/document-store.port.ts';
import type { BilagContribution, MeetingStore, MeetingView } from '../ports/meeting-store.port.ts';
import { BilagDirectory, type ItemLink } from './bilag-directory.ts';
import { placedWarnings } from './document-warnings.ts';
import { attachmentKey } from './merge.ts';
import type { MergeAndProject } from './merge-and-project.ts';

/**
 * Links bilag to the items that list them, whichever arrives first: a bilag to the item of a
 * meeting already known, and a meeting's listed bilag that were taken in before it. A link is a
 * contribution of the bilag to that meeting, so it is data in the meeting store like any other.
 */
export class LinkBilag {
  readonly directory: BilagDirectory;
  readonly #store: DocumentStore;
  readonly #meetings: MeetingStore;
  readonly #merge: MergeAndProject;
  readonly #now: () => Date;

  constructor(deps: {
    store: DocumentStore;
    meetings: MeetingStore;
    merge: MergeAndProject;
    now: () => Date;
  }) {
    this.#store = deps.store;
    this.#meetings = deps.meetings;
    this.#merge = deps.merge;
    this.#now = deps.now;
    this.directory = new BilagDirectory(deps.store, deps.meetings);
  }

  /** The item that lists a document of this name: in the meeting its uploader named, or in any. */
  async listingItem(record: SourceDocument): Promise<ItemLink | null> {
    if (!attachmentKey(record.name)) return null;
    if (record.metadata.meetingId) {
      const meeting = (await this.#meetings.getMeeting(record.metadata.meetingId))?.value.meeting;
      const item = meeting?.items.find((i) =>
        i.attachments.some((a) => attachmentKey(a.name) === attachmentKey(record.name)),
      );
      return meeting && item ? { meetingId: meeting.id, number: String(item.number) } : null;
    }
    return this.directory.itemListing(record.name);
  }

  /** The item a link points at, as the meeting store has it now. */
  async listedUnder(link: ItemLink): Promise<AgendaItem | null> {
    const meeting = (await this.#meetings.getMeeting(link.meetingId))?.value.meeting;
    return meeting?.items.find((i) => String(i.number) === link.number) ?? null;
  }

  /**
   * Makes a document a bilag of an item: its part of the meeting it was read as on its own (a
   * bilag that came before its minutes) moves to the meeting whose item lists it.
   */
  async link(
    record: SourceDocument,
    parsed: ParsedDocument,
    link: ItemLink,
    readAs: string | null,
  ): Promise<void> {
    // A bilag of a closed item is linked to it, but its text is never indexed.
    const closed = (await this.listedUnder(link))?.closed ?? false;
    const contribution: BilagContribution = {
      role: 'bilag',
      documentId: record.id,
      name: record.name,
      itemNumber: link.number,
      text: closed ? '' : parsed.items.flatMap((i) => [i.title, ...i.sections.map((s) => s.text)]).join('\n'),
      // Pages appended to a samlet referat: a hit in them opens the referat on the bilag's first page.
      ...(record.derivedFrom?.pages
        ? { at: { documentId: record.derivedFrom.documentId, page: record.derivedFrom.pages.first } }
        : {}),
    };
    await this.#merge.contribute(link.meetingId, contribution);
    if (readAs && readAs !== link.meetingId) await this.#merge.withdraw(readAs, record.id);
  }

  /** Links the bilag that arrived before the minutes listing them. */
  async linkWaiting(view: MeetingView): Promise<void> {
    if (!view.meeting) return;
    const waiting = await this.directory.waitingFor(view.meeting);
    this.directory.noteMeeting(view.meeting);
    for (const { record, link } of waiting) {
      const current = await this.#store.getRecord(record.id);
      const parsed = await this.#store.getDerived<ParsedDocument>(record.id, 'parsed');
      if (current?.status !== 'indexed' || current.linkedItem || !parsed) continue;
      const linked: SourceDocument = {
        ...current,
        kind: 'bilag',
        meetingId: link.meetingId,
        linkedItem: link,
        warnings: placedWarnings(current.warnings ?? [], { linkedItem: link }),
        updatedAt: this.#now().toISOString(),
      };
      try {
        // The record first: a takedown that reads it then knows which meeting to take it out of.
        await this.#store.putRecord(linked);
        await this.link(current, parsed, link, current.meetingId);
        if (await this.#store.isRemoved(record.id)) await this.#merge.withdraw(link.meetingId, record.id);
      } catch (error) {
        if (!(error instanceof DocumentRemovedError)) throw error;
      }
      this.directory.noteRecord(linked);
    }
  }
}
