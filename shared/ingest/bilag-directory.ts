import type { Meeting, SourceDocument } from '../domain/model.ts';
import { allRecords, type DocumentStore } from '../ports/document-store.port.ts';
import type { MeetingStore } from '../ports/meeting-store.port.ts';
import { attachmentKey } from './merge.ts';

export interface ItemLink {
  meetingId: string;
  number: string;
}

/**
 * What linking bilag needs to know, kept in memory: which item lists a bilag of a given name, and
 * which documents are not linked to an item yet. Built from the document and meeting stores on first use
 * and refreshed after `maxAgeMs` (other processes write too); this process's own changes are
 * noted as they happen. Without it, every document of a bulk load would read every record.
 */
export class BilagDirectory {
  readonly #store: DocumentStore;
  readonly #meetings: MeetingStore;
  readonly #maxAgeMs: number;
  #builtAt = 0;
  #listedBy = new Map<string, ItemLink>();
  #unlinked = new Map<string, SourceDocument>();

  constructor(store: DocumentStore, meetings: MeetingStore, maxAgeMs = 60_000) {
    this.#store = store;
    this.#meetings = meetings;
    this.#maxAgeMs = maxAgeMs;
  }

  /** The item that lists a bilag of this file name, if any meeting does. */
  async itemListing(name: string): Promise<ItemLink | null> {
    await this.#fresh();
    return this.#listedBy.get(attachmentKey(name)) ?? null;
  }

  /** Documents not linked yet whose names a meeting's items list as bilag not linked yet. */
  async waitingFor(meeting: Meeting): Promise<{ record: SourceDocument; link: ItemLink }[]> {
    await this.#fresh();
    const sources = new Set(meeting.sources.map((s) => s.documentId));
    const found: { record: SourceDocument; link: ItemLink }[] = [];
    for (const item of meeting.items) {
      for (const a of item.attachments) {
        if (a.documentId) continue;
        const record = this.#unlinked.get(attachmentKey(a.name));
        if (record && !sources.has(record.id))
          found.push({ record, link: { meetingId: meeting.id, number: String(item.number) } });
      }
    }
    return found;
  }

  /** Notes a meeting as indexed: its items' bilag names now have an item that lists them. */
  noteMeeting(meeting: Meeting): void {
    for (const item of meeting.items) {
      for (const a of item.attachments)
        this.#listedBy.set(attachmentKey(a.name), { meetingId: meeting.id, number: String(item.number) });
    }
  }

  /** Notes a document's record as it now stands. */
  noteRecord(record: SourceDocument): void {
    const key = attachmentKey(record.name);
    if (record.status === 'indexed' && !record.linkedItem) this.#unlinked.set(key, record);
    else if (this.#unlinked.get(key)?.id === record.id) this.#unlinked.delete(key);
  }

  forget(id: string): void {
    for (const [key, record] of this.#unlinked) if (record.id === id) this.#unlinked.delete(key);
  }

  async #fresh(): Promise<void> {
    if (Date.now() - this.#builtAt < this.#maxAgeMs) return;
    const listedBy = new Map<string, ItemLink>();
    const unlinked = new Map<string, SourceDocument>();
    for await (const record of allRecords(this.#store, { status: ['indexed'] })) {
      if (!record.linkedItem) unlinked.set(attachmentKey(record.name), record);
    }
    let after: string | undefined;
    do {
      const page = await this.#meetings.listMeetings({ ...(after ? { after } : {}), limit: 200 });
      for (const id of page.ids) {
        const meeting = (await this.#meetings.getMeeting(id))?.value.meeting;
        for (const item of meeting?.items ?? []) {
          for (const a of item.attachments)
            listedBy.set(attachmentKey(a.name), { meetingId: id, number: String(item.number) });
        }
      }
      after = page.next ?? undefined;
    } while (after);
    this.#listedBy = listedBy;
    this.#unlinked = unlinked;
    this.#builtAt = Date.now();
  }
}
