import { createHash } from 'node:crypto';
import { failureReason } from '../domain/errors.ts';
import type { Meeting, ParsedDocument, SourceDocument, StoredFile, UploadMetadata } from '../domain/model.ts';
import type { AgendaIndex } from '../ports/agenda-index.port.ts';
import type { DocumentStore } from '../ports/document-store.port.ts';
import type { ExtractedText } from '../ports/text-extractor.port.ts';
import { BilagDirectory } from './bilag-directory.ts';
import { detectType } from './detect-type.ts';
import { type ExtractionOptions, extractText, fillOcrPages, requireText } from './extract.ts';
import { attachmentKey, type MeetingContribution, mergeMeeting } from './merge.ts';
import { Mutex } from './mutex.ts';
import { readStructure } from './read-structure.ts';

/** One file to take in. */
export interface IncomingDocument {
  name: string;
  bytes: Uint8Array;
  metadata?: UploadMetadata;
}

/** What became of one file: a line of the CLI's output and of a bulk-load report. */
export interface IngestOutcome {
  id: string;
  name: string;
  /** "ocr": waiting for an OCR job that reports back later (Textract on AWS). */
  status: 'indexed' | 'unchanged' | 'failed' | 'ocr';
  reason: string | null;
  code: string | null;
  kind: SourceDocument['kind'];
  meetingId: string | null;
  pages: number;
  ocrPages: number;
}

export interface ArchiveDeps {
  store: DocumentStore;
  index: AgendaIndex;
  extraction: ExtractionOptions;
  now?: () => Date;
}

/** The sha256 of a file's bytes: its document id. */
export function documentId(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The archive's way in: takes a file from upload to search hit (read → detect the type from the
 * bytes → extract text per page → parse → merge with the meeting's other documents → index),
 * and links bilag to the items that list them. A file that fails keeps its reason and fails alone.
 */
export class Archive {
  readonly store: DocumentStore;
  readonly index: AgendaIndex;
  readonly #extraction: ExtractionOptions;
  readonly #now: () => Date;
  readonly #indexing = new Mutex();
  readonly #bilag: BilagDirectory;

  constructor(deps: ArchiveDeps) {
    this.store = deps.store;
    this.index = deps.index;
    this.#extraction = deps.extraction;
    this.#now = deps.now ?? (() => new Date());
    this.#bilag = new BilagDirectory(deps.store, deps.index);
  }

  /** Takes in one file. The same bytes twice change nothing and say so. Never throws for a bad file. */
  async ingest(doc: IncomingDocument): Promise<IngestOutcome> {
    const id = documentId(doc.bytes);
    const existing = await this.store.getRecord(id);
    if (existing?.status === 'indexed') return outcome(existing, 'unchanged');
    await this.store.putOriginal(id, doc.bytes);
    const record = await this.#register(
      { id, name: doc.name, size: doc.bytes.length, metadata: doc.metadata },
      existing,
    );
    return this.#process(record);
  }

  /** Registers a file as queued without processing it: the first half of an asynchronous upload. */
  async enqueue(doc: IncomingDocument): Promise<SourceDocument> {
    const file = {
      id: documentId(doc.bytes),
      name: doc.name,
      size: doc.bytes.length,
      metadata: doc.metadata,
    };
    return this.#queue(file, doc.bytes);
  }

  /**
   * Registers a document whose bytes are on their way through an inbox (an upload to the bucket),
   * so its status reads "queued" at once. A document the archive has already is left as it is.
   */
  announce(file: StoredFile): Promise<SourceDocument> {
    return this.#queue(file);
  }

  async #queue(file: StoredFile, bytes?: Uint8Array): Promise<SourceDocument> {
    const existing = await this.store.getRecord(file.id);
    if (existing && existing.status !== 'failed') return existing;
    if (bytes) await this.store.putOriginal(file.id, bytes);
    return this.#register(file, existing);
  }

  /**
   * Registers a document whose original the store already holds (copied there from an upload
   * bucket, say) and processes it. A document indexed or under way already is left as it is.
   */
  async adopt(stored: StoredFile): Promise<IngestOutcome> {
    const existing = await this.store.getRecord(stored.id);
    if (existing?.status === 'indexed') return outcome(existing, 'unchanged');
    if (existing?.status === 'ocr') return outcome(existing, 'ocr');
    const record = await this.#register(stored, existing);
    return this.#process(record);
  }

  /**
   * Resumes a document that waited for a deferred OCR job: the text OCR read fills its pages with
   * no text layer, and the pipeline goes on to parse and index. A job that failed fails the
   * document with the reason; news of a job the document no longer waits for changes nothing.
   */
  async resumeAfterOcr(
    id: string,
    job: { jobId: string; succeeded: boolean; reason?: string },
  ): Promise<IngestOutcome | null> {
    const record = await this.store.getRecord(id);
    if (record?.status !== 'ocr' || record.ocrJob !== job.jobId) return null;
    const fail = async (reason: string) => {
      const failed = { ...record, status: 'failed' as const, reason, errorCode: 'OCR_FAILED' };
      await this.store.putRecord({ ...failed, updatedAt: this.#now().toISOString() });
      return outcome(failed, 'failed');
    };
    if (!job.succeeded) return fail(`${record.name}: OCR failed (${job.reason ?? 'no reason given'})`);
    const ocr = this.#extraction.deferredOcr;
    const text = await this.store.getDerived<ExtractedText>(id, 'text');
    if (!ocr || !text?.pendingOcr) return fail(`${record.name}: the text to complete with OCR is gone`);
    const complete = fillOcrPages(text, await ocr.results(job.jobId, text.pendingOcr), ocr.engine);
    await this.store.putDerived(id, 'text', complete);
    return this.#process(record);
  }

  /** Processes a document already in the store (queued, failed, or to be redone from derived text). */
  async process(id: string): Promise<IngestOutcome> {
    const record = await this.store.getRecord(id);
    if (!record) throw new Error(`no document ${id} in the store`);
    return this.#process(record);
  }

  async #register(
    { id, name, size, metadata }: StoredFile,
    existing: SourceDocument | null,
  ): Promise<SourceDocument> {
    const now = this.#now().toISOString();
    const record: SourceDocument = {
      id,
      name,
      mediaType: null,
      size,
      status: 'queued',
      reason: null,
      errorCode: null,
      pages: null,
      ocrPages: null,
      kind: null,
      meetingId: null,
      linkedItem: null,
      metadata: { ...existing?.metadata, ...metadata },
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
    };
    await this.store.putRecord(record);
    return record;
  }

  async #process(initial: SourceDocument): Promise<IngestOutcome> {
    let record = initial;
    const update = async (patch: Partial<SourceDocument>) => {
      record = { ...record, ...patch, updatedAt: this.#now().toISOString() };
      await this.store.putRecord(record);
      this.#bilag.noteRecord(record);
    };
    try {
      // Counted before the try: a document that takes the process down each time ends `failed`.
      const attempts = (record.attempts ?? 0) + 1;
      await update({ status: 'extracting', reason: null, errorCode: null, ocrJob: undefined, attempts });
      const bytes = await this.store.getOriginal(record.id);
      const mediaType = detectType(bytes, record.name);
      let text = await this.store.getDerived<ExtractedText>(record.id, 'text');
      if (!text) {
        text = await extractText(bytes, record.name, {
          ...this.#extraction,
          onOcr: () => update({ status: 'ocr' }),
        });
        await this.store.putDerived(record.id, 'text', text);
      }
      if (text.pendingOcr?.length && this.#extraction.deferredOcr) {
        const ocrJob = await this.#extraction.deferredOcr.start(record.id, text.pendingOcr);
        await update({ status: 'ocr', mediaType, ocrJob });
        return outcome(record, 'ocr');
      }
      requireText(text, record.name);
      const ocr = text.pages.flatMap((p) =>
        p.ocr ? [{ page: p.number, confidence: p.ocr.confidence, engine: p.ocr.engine }] : [],
      );
      await update({ status: 'parsing', mediaType, ...(ocr.length ? { ocr } : {}) });
      const parsed = await this.#parse(record, text);
      await this.store.putDerived(record.id, 'parsed', parsed);
      const placed = await this.#indexing.run(() => this.#place(record, parsed));
      await update({
        status: 'indexed',
        pages: parsed.source.pages,
        ocrPages: parsed.source.ocrPages,
        kind: placed.kind,
        meetingId: placed.meetingId,
        linkedItem: placed.linkedItem,
        warnings: parsed.warnings,
      });
      return outcome(record, 'indexed');
    } catch (error) {
      const { code, reason } = failureReason(error);
      await update({ status: 'failed', reason, errorCode: code });
      return outcome(record, 'failed');
    }
  }

  #parse(record: SourceDocument, text: ExtractedText): Promise<ParsedDocument> {
    const ocrPages = text.pages.filter((p) => p.ocr).length;
    return readStructure(
      text,
      { name: record.name, sha256: record.id, pages: text.pages.length, ocrPages },
      { committee: record.metadata.committee, date: record.metadata.date, kind: record.metadata.kind },
      this.#extraction,
    );
  }

  /** Decides whether a document is minutes of a meeting or a bilag of an item, and indexes it as such. */
  async #place(
    record: SourceDocument,
    parsed: ParsedDocument,
  ): Promise<Pick<SourceDocument, 'kind' | 'meetingId' | 'linkedItem'>> {
    const looksLikeBilag = parsed.kind === 'bilag' || record.metadata.kind === 'bilag';
    if (looksLikeBilag || (!parsed.committee && !parsed.start)) {
      const link = await this.#findListingItem(record);
      if (link) {
        await this.#indexBilag(record.id, record.name, parsed, link);
        return { kind: 'bilag', meetingId: link.meetingId, linkedItem: link };
      }
    }
    const meetingId = record.metadata.meetingId ?? parsed.id;
    const meeting = await this.#remerge(meetingId, {
      documentId: record.id,
      name: record.name,
      mediaType: record.mediaType,
      parsed,
    });
    await this.#linkWaitingBilag(meeting);
    return { kind: parsed.kind, meetingId: meeting.id, linkedItem: null };
  }

  /** Merges a document into its meeting with the meeting's other sources, and reindexes the meeting. */
  async #remerge(
    meetingId: string,
    contribution: MeetingContribution | null,
    without?: string,
  ): Promise<Meeting> {
    const current = await this.index.getMeeting(meetingId);
    const contributions: MeetingContribution[] = [];
    for (const source of current?.sources ?? []) {
      if (source.documentId === contribution?.documentId || source.documentId === without) continue;
      const parsed = await this.store.getDerived<ParsedDocument>(source.documentId, 'parsed');
      const rec = await this.store.getRecord(source.documentId);
      if (parsed && rec)
        contributions.push({
          documentId: rec.id,
          name: rec.name,
          mediaType: rec.mediaType,
          parsed: { ...parsed, id: meetingId },
        });
    }
    if (contribution)
      contributions.push({ ...contribution, parsed: { ...contribution.parsed, id: meetingId } });
    if (contributions.length === 0) {
      await this.index.removeMeeting(meetingId);
      return { ...(current as Meeting), items: [], sources: [] };
    }
    const meeting = mergeMeeting(contributions);
    // Keep bilag links made earlier.
    for (const item of meeting.items) {
      const before = current?.items.find((i) => String(i.number) === String(item.number));
      for (const a of item.attachments) {
        a.documentId ??= before?.attachments.find(
          (b) => attachmentKey(b.name) === attachmentKey(a.name),
        )?.documentId;
      }
    }
    await this.index.putMeeting(meeting);
    return meeting;
  }

  async #findListingItem(record: SourceDocument): Promise<{ meetingId: string; number: string } | null> {
    if (!attachmentKey(record.name)) return null;
    if (record.metadata.meetingId) {
      const meeting = await this.index.getMeeting(record.metadata.meetingId);
      const item = meeting?.items.find((i) =>
        i.attachments.some((a) => attachmentKey(a.name) === attachmentKey(record.name)),
      );
      return meeting && item ? { meetingId: meeting.id, number: String(item.number) } : null;
    }
    return this.#bilag.itemListing(record.name);
  }

  async #indexBilag(
    documentId: string,
    name: string,
    parsed: ParsedDocument,
    link: { meetingId: string; number: string },
  ) {
    // A bilag indexed on its own before its minutes arrived is now part of an item instead.
    if (parsed.id !== link.meetingId) await this.index.removeMeeting(parsed.id);
    const text = parsed.items.flatMap((i) => [i.title, ...i.sections.map((s) => s.text)]).join('\n');
    await this.index.putBilag({ documentId, name, meetingId: link.meetingId, itemNumber: link.number, text });
    const meeting = await this.index.getMeeting(link.meetingId);
    if (!meeting) return;
    for (const item of meeting.items) {
      if (String(item.number) !== link.number) continue;
      for (const a of item.attachments)
        if (attachmentKey(a.name) === attachmentKey(name)) a.documentId = documentId;
    }
    await this.index.putMeeting(meeting);
  }

  /** Links bilag that arrived before the minutes listing them. */
  async #linkWaitingBilag(meeting: Meeting): Promise<void> {
    const waiting = await this.#bilag.waitingFor(meeting);
    this.#bilag.noteMeeting(meeting);
    for (const { record, link } of waiting) {
      const parsed = await this.store.getDerived<ParsedDocument>(record.id, 'parsed');
      if (!parsed) continue;
      await this.#indexBilag(record.id, record.name, parsed, link);
      const linked: SourceDocument = {
        ...record,
        kind: 'bilag',
        meetingId: meeting.id,
        linkedItem: link,
        updatedAt: this.#now().toISOString(),
      };
      await this.store.putRecord(linked);
      this.#bilag.noteRecord(linked);
    }
  }

  /** Removes a document: its file, derived data and its part of the index; a merged meeting keeps its other sources. */
  async remove(id: string): Promise<boolean> {
    return this.#indexing.run(() => this.#remove(id));
  }

  async #remove(id: string): Promise<boolean> {
    const record = await this.store.getRecord(id);
    if (!record) return false;
    if (record.linkedItem) {
      await this.index.removeBilag(id);
      const meeting = await this.index.getMeeting(record.linkedItem.meetingId);
      if (meeting) {
        for (const item of meeting.items)
          for (const a of item.attachments) if (a.documentId === id) delete a.documentId;
        await this.index.putMeeting(meeting);
      }
    } else if (record.meetingId) {
      await this.#remerge(record.meetingId, null, id);
    }
    await this.store.delete(id);
    this.#bilag.forget(id);
    return true;
  }

  /**
   * Rebuilds the index from stored derived results: the stored text is parsed again (so parser
   * improvements apply) and indexed, with no re-extraction and no OCR. Minutes first, then bilag.
   */
  async reindexAll(onDocument?: (record: SourceDocument) => void): Promise<void> {
    const records = (await this.store.listRecords()).filter((r) => r.status === 'indexed');
    const ordered = [
      ...records.filter((r) => r.kind !== 'bilag'),
      ...records.filter((r) => r.kind === 'bilag'),
    ];
    for (const record of ordered) {
      const text = await this.store.getDerived<ExtractedText>(record.id, 'text');
      if (!text) continue;
      const parsed = await this.#parse(record, text);
      await this.store.putDerived(record.id, 'parsed', parsed);
      const placed = await this.#indexing.run(() => this.#place(record, parsed));
      const updated = { ...record, ...placed };
      if (placed.meetingId !== record.meetingId || placed.kind !== record.kind)
        await this.store.putRecord(updated);
      onDocument?.(updated);
    }
  }
}

/** The outcome of a file that could not even be read (a path that is gone, a folder unreadable). */
export function unreadable(name: string, reason: string): IngestOutcome {
  return {
    id: '',
    name,
    status: 'failed',
    reason,
    code: 'STORE_ERROR',
    kind: null,
    meetingId: null,
    pages: 0,
    ocrPages: 0,
  };
}

function outcome(record: SourceDocument, status: IngestOutcome['status']): IngestOutcome {
  return {
    id: record.id,
    name: record.name,
    status,
    reason: record.reason,
    code: record.errorCode,
    kind: record.kind,
    meetingId: record.meetingId,
    pages: record.pages ?? 0,
    ocrPages: record.ocrPages ?? 0,
  };
}
