import type { SourceDocument, StoredFile } from '../domain/model.ts';
import type { AgendaIndex } from '../ports/agenda-index.port.ts';
import type { DocumentStore } from '../ports/document-store.port.ts';
import type { MeetingStore } from '../ports/meeting-store.port.ts';
import { placedWarnings } from './document-warnings.ts';
import type { ExtractionOptions } from './extract.ts';
import { LinkBilag } from './link-bilag.ts';
import { MergeAndProject } from './merge-and-project.ts';
import { migrateToMeetingStore } from './migrate-meetings.ts';
import {
  documentId,
  type IncomingDocument,
  type IngestOutcome,
  outcome,
  type PipelineDeps,
  unreadable,
} from './pipeline.ts';
import { ProcessDocument } from './process-document.ts';
import { type DEFAULT_STUCK_POLICY, RecoverStuck } from './recover-stuck.ts';
import { RegisterDocument } from './register-document.ts';
import { Reindex } from './reindex.ts';
import { SplitBilag } from './split-bilag.ts';
import { TakeDown } from './take-down.ts';

export type { IncomingDocument, IngestOutcome, PipelineDeps } from './pipeline.ts';
export { documentId, unreadable };

/**
 * The archive's use cases over one home's stores and index, each in its own file: accept
 * (register-document), process (process-document), merge + project (merge-and-project), link
 * bilag (link-bilag), take down (take-down), reindex (reindex), recover stuck work
 * (recover-stuck). This class only puts them together and offers the verbs callers use.
 */
export class Archive {
  readonly store: DocumentStore;
  readonly meetings: MeetingStore;
  readonly index: AgendaIndex;
  readonly extraction: ExtractionOptions;
  readonly now: () => Date;
  readonly accept: RegisterDocument;
  readonly merge: MergeAndProject;
  readonly bilag: LinkBilag;
  readonly processing: ProcessDocument;
  readonly takedown: TakeDown;
  readonly stuck: RecoverStuck;
  #opened: Promise<void> | null = null;
  readonly #migrateOnOpen: boolean;

  constructor(deps: PipelineDeps) {
    this.store = deps.store;
    this.meetings = deps.meetings;
    this.index = deps.index;
    this.extraction = deps.extraction;
    this.now = deps.now ?? (() => new Date());
    this.#migrateOnOpen = deps.migrateOnOpen ?? true;
    this.accept = new RegisterDocument({ store: this.store, now: this.now });
    this.merge = new MergeAndProject(this.meetings, this.index);
    this.bilag = new LinkBilag({
      store: this.store,
      meetings: this.meetings,
      merge: this.merge,
      now: this.now,
    });
    this.processing = new ProcessDocument({
      store: this.store,
      meetings: this.meetings,
      extraction: this.extraction,
      merge: this.merge,
      bilag: this.bilag,
      split: new SplitBilag({ store: this.store, extraction: this.extraction, now: this.now }),
      now: this.now,
    });
    this.takedown = new TakeDown({
      store: this.store,
      meetings: this.meetings,
      index: this.index,
      merge: this.merge,
      bilag: this.bilag,
    });
    this.stuck = new RecoverStuck({ store: this.store, now: this.now });
  }

  /**
   * Readies the stores once per process: a data folder of the older layout gets its meetings
   * into the meeting store. Every verb below waits for it; call it to do it up front.
   */
  open(): Promise<void> {
    this.#opened ??= this.#migrateOnOpen ? this.migrate().then(() => undefined) : Promise.resolve();
    return this.#opened;
  }

  /** Brings the meetings of an older data folder or bucket into the meeting store, if it has none yet. */
  migrate() {
    return migrateToMeetingStore(this);
  }

  /** Takes in one file. The same bytes twice change nothing and say so. Never throws for a bad file. */
  async ingest(doc: IncomingDocument): Promise<IngestOutcome> {
    await this.open();
    const id = documentId(doc.bytes);
    const existing = await this.store.getRecord(id);
    if (existing?.status === 'indexed') return outcome(existing, 'unchanged');
    if (!existing) await this.store.revive(id);
    await this.store.putOriginal(id, doc.bytes);
    const file = { id, name: doc.name, size: doc.bytes.length, metadata: doc.metadata };
    return this.processing.run(await this.accept.register(file, existing), doc.bytes);
  }

  /** Registers a file as queued without processing it: the first half of an asynchronous upload. */
  async enqueue(doc: IncomingDocument): Promise<SourceDocument> {
    await this.open();
    return this.accept.queue(doc);
  }

  /** Registers a document whose bytes are on their way through an inbox, so it reads "queued" at once. */
  announce(file: StoredFile): Promise<SourceDocument> {
    return this.accept.announce(file);
  }

  /**
   * Registers a document whose original the store already holds (copied there from an upload
   * bucket, say) and processes it. A document indexed or waiting for OCR already is left as it is.
   */
  async adopt(stored: StoredFile): Promise<IngestOutcome> {
    await this.open();
    const existing = await this.store.getRecord(stored.id);
    if (existing?.status === 'indexed') return outcome(existing, 'unchanged');
    if (existing?.status === 'ocr') return outcome(existing, 'ocr');
    return this.processing.run(await this.accept.register(stored, existing));
  }

  /** Processes a document already in the store (queued, failed, or to be redone from derived text). */
  async process(id: string): Promise<IngestOutcome> {
    await this.open();
    const record = await this.store.getRecord(id);
    if (!record && (await this.store.isRemoved(id)))
      return {
        ...unreadable(id, `document ${id} was taken down before it was processed`),
        id,
        code: 'REMOVED',
      };
    if (!record) throw new Error(`no document ${id} in the store`);
    return this.processing.run(record);
  }

  async resumeAfterOcr(id: string, job: { jobId: string; succeeded: boolean; reason?: string }) {
    await this.open();
    return this.processing.resumeAfterOcr(id, job);
  }

  /** Takes a document down: out of search, its files gone, a tombstone left; a merged meeting keeps its other sources. */
  async remove(id: string): Promise<boolean> {
    await this.open();
    return this.takedown.remove(id);
  }

  /** Documents left under way: those to process again, and those that failed for standing still too long. */
  recoverStuck(policy: typeof DEFAULT_STUCK_POLICY, options: { all?: boolean } = {}) {
    return this.stuck.sweep(policy, options);
  }

  /**
   * Rebuilds the index into `target` from the meeting store: every document's stored text is
   * parsed again (parser improvements apply; no re-extraction, no OCR), its part of its meeting
   * updated, and every meeting projected into `target`; what changed meanwhile is replayed
   * before `swap` makes it the index in use, and once more after.
   */
  async reindexInto(
    target: AgendaIndex,
    options: {
      swap(): Promise<void>;
      settle?(): Promise<void>;
      reparse?: boolean;
      onDocument?(record: SourceDocument): void;
    },
  ) {
    await this.open();
    await this.migrate();
    const building = new Archive({
      store: this.store,
      meetings: this.meetings,
      index: target,
      extraction: this.extraction,
      now: this.now,
      migrateOnOpen: false,
    });
    return new Reindex({ store: this.store, meetings: this.meetings }).rebuild(target, {
      swap: options.swap,
      ...(options.settle ? { settle: options.settle } : {}),
      ...(options.onDocument ? { onDocument: options.onDocument } : {}),
      ...(options.reparse === false
        ? {}
        : {
            reparse: {
              ...(this.extraction.reader ? { reader: this.extraction.reader } : {}),
              place: async (record, parsed) => {
                let current = record;
                const placed = await building.processing.place(record, parsed, async (patch) => {
                  current = { ...current, ...patch, updatedAt: this.now().toISOString() };
                  await this.store.putRecord(current);
                });
                await this.store.putRecord({
                  ...current,
                  ...placed,
                  // A reparse reads the structure again; what splitting the bilag out said stands.
                  warnings: [...placedWarnings(parsed.warnings, placed), ...(current.splitWarnings ?? [])],
                });
                return placed;
              },
            },
          }),
    });
  }
}
