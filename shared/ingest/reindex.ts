import type { ParsedDocument, SourceDocument } from '../domain/model.ts';
import type { AgendaIndex } from '../ports/agenda-index.port.ts';
import type { DocumentReader } from '../ports/document-reader.port.ts';
import { allRecords, type DocumentStore } from '../ports/document-store.port.ts';
import type { MeetingStore } from '../ports/meeting-store.port.ts';
import type { ExtractedText } from '../ports/text-extractor.port.ts';
import { projectView } from './merge-and-project.ts';
import { parseStored } from './process-document.ts';

export interface ReindexOptions {
  /**
   * Reads every document's stored text again first (no re-extraction, no OCR), so parser
   * improvements apply; its contributions in the meeting store are updated through `place`.
   */
  reparse?: {
    place(record: SourceDocument, parsed: ParsedDocument): Promise<Partial<SourceDocument>>;
    /** Where the parse runs: the pool of sandboxed readers, or in process without one. */
    reader?: DocumentReader;
  };
  /** Makes the new index the one searches use (rewrite CURRENT, swap the aliases). */
  swap(): Promise<void>;
  /** Waits until no writer can still be writing to the old index (locally, processes follow CURRENT within a second). */
  settle?(): Promise<void>;
  onDocument?(record: SourceDocument): void;
  onMeeting?(id: string): void;
}

/**
 * Reindex: a new index is built from the meeting store (the index is a projection of it), while
 * the old one goes on answering and taking writes. What changed in the store during the build is
 * replayed into the new index before the swap, and once more after it, for writers that were
 * still writing to the old one: no upload made during a rebuild is lost at the swap.
 */
export class Reindex {
  readonly #store: DocumentStore;
  readonly #meetings: MeetingStore;

  constructor(deps: { store: DocumentStore; meetings: MeetingStore }) {
    this.#store = deps.store;
    this.#meetings = deps.meetings;
  }

  async rebuild(
    target: AgendaIndex,
    options: ReindexOptions,
  ): Promise<{ documents: number; meetings: number }> {
    let token = await this.#meetings.changeToken();
    let documents = 0;
    if (options.reparse) documents = await this.#reparse(options.reparse, options.onDocument);
    let meetings = 0;
    let after: string | undefined;
    do {
      const page = await this.#meetings.listMeetings({ ...(after ? { after } : {}), limit: 200 });
      for (const id of page.ids) {
        if (!(await this.#projectInto(target, id, true))) continue;
        options.onMeeting?.(id);
        meetings++;
      }
      after = page.next ?? undefined;
    } while (after);
    // Catch up until a pass finds nothing new, then swap, then catch up with the stragglers.
    for (let pass = 0; pass < 10; pass++) {
      const changed = await this.#meetings.changedSince(token);
      token = changed.token;
      if (!changed.ids.length) break;
      for (const id of changed.ids) await this.#projectInto(target, id);
    }
    await options.swap();
    await options.settle?.();
    const late = await this.#meetings.changedSince(token);
    for (const id of late.ids) await this.#projectInto(target, id);
    return { documents, meetings };
  }

  /** A meeting into the new index; on the first pass a meeting no document describes any more has nothing to remove there. */
  async #projectInto(target: AgendaIndex, id: string, fresh = false): Promise<boolean> {
    const view = await this.#meetings.getMeeting(id);
    if (!view || (fresh && !view.value.meeting)) return false;
    await projectView(view.value, target);
    return true;
  }

  async #reparse(
    { place, reader }: NonNullable<ReindexOptions['reparse']>,
    onDocument?: (record: SourceDocument) => void,
  ): Promise<number> {
    let n = 0;
    // Minutes first, so that bilag find the items that list them.
    for (const bilagPass of [false, true]) {
      for await (const record of allRecords(this.#store, { status: ['indexed'] })) {
        if ((record.kind === 'bilag') !== bilagPass) continue;
        const text = await this.#store.getDerived<ExtractedText>(record.id, 'text');
        if (!text) continue;
        const parsed = await parseStored(record, text, reader);
        try {
          await this.#store.putDerived(record.id, 'parsed', parsed);
          const placed = await place(record, parsed);
          onDocument?.({ ...record, ...placed });
          n++;
        } catch (error) {
          // A document taken down during the rebuild is simply not there any more.
          if (!(await this.#store.isRemoved(record.id))) throw error;
        }
      }
    }
    return n;
  }
}
