import { DocumentRemovedError, failureReason } from '../domain/errors.ts';
import type { ParsedDocument, SourceDocument } from '../domain/model.ts';
import type { DocumentReader } from '../ports/document-reader.port.ts';
import type { DocumentStore } from '../ports/document-store.port.ts';
import type { MeetingStore } from '../ports/meeting-store.port.ts';
import type { ExtractedText } from '../ports/text-extractor.port.ts';
import { bilagPlacement } from '../privacy/closed-bilag.ts';
import { detectType } from './detect-type.ts';
import { placedWarnings } from './document-warnings.ts';
import { type ExtractionOptions, extractText, fillOcrPages, requireText } from './extract.ts';
import type { LinkBilag } from './link-bilag.ts';
import { identifyMeeting } from './meeting-identity.ts';
import type { MergeAndProject } from './merge-and-project.ts';
import { type IngestOutcome, outcome } from './pipeline.ts';
import { prepareParsed } from './prepare-parsed.ts';
import { readStructure, type StructureHints } from './read-structure.ts';
import type { SplitBilag } from './split-bilag.ts';

export interface ProcessDeps {
  store: DocumentStore;
  meetings: MeetingStore;
  extraction: ExtractionOptions;
  merge: MergeAndProject;
  bilag: LinkBilag;
  split: SplitBilag;
  now: () => Date;
}

/**
 * Process: a registered document from its original to a search hit (detect the type from the
 * bytes → extract text per page, OCR where a page has none → read the structure → prepare it →
 * place it in its meeting or under the item that lists it). Before each write it checks that the
 * document is still there: a takedown that comes meanwhile wins, and nothing of it is left.
 */
export class ProcessDocument {
  readonly #d: ProcessDeps;

  constructor(deps: ProcessDeps) {
    this.#d = deps;
  }

  /** `original` is the document's bytes where the caller has them at hand (it just stored them): not read back. */
  async run(initial: SourceDocument, original?: Uint8Array): Promise<IngestOutcome> {
    const { store, extraction } = this.#d;
    let record = initial;
    const update = async (patch: Partial<SourceDocument>) => {
      await this.#stillThere(record);
      record = { ...record, ...patch, updatedAt: this.#d.now().toISOString() };
      await store.putRecord(record);
      this.#d.bilag.directory.noteRecord(record);
    };
    try {
      // Counted before each try: a document that takes the process down each time ends `failed`.
      const attempts = (record.attempts ?? 0) + 1;
      await update({ status: 'extracting', reason: null, errorCode: null, ocrJob: undefined, attempts });
      const bytes = original ?? (await store.getOriginal(record.id));
      const mediaType = detectType(bytes, record.name);
      let text = await store.getDerived<ExtractedText>(record.id, 'text');
      // Read with the text where a reader can: the text then crosses from it once, not back again.
      let read: { parsed: ParsedDocument } | { error: Error } | undefined;
      if (!text) {
        const onOcr = () => update({ status: 'ocr' });
        const { reader } = extraction;
        if (reader?.read && !extraction.deferredOcr)
          ({ text, structure: read } = await reader.read(
            bytes,
            { name: record.name, sha256: record.id },
            hintsOf(record),
            { onOcr },
          ));
        else text = await extractText(bytes, record.name, { ...extraction, onOcr });
        await this.#stillThere(record);
        await store.putDerived(record.id, 'text', text);
      }
      if (text.pendingOcr?.length && extraction.deferredOcr) {
        const attempt = (record.ocrAttempts ?? 0) + 1;
        await this.#stillThere(record);
        const ocrJob = await extraction.deferredOcr.start(record.id, text.pendingOcr, attempt);
        await update({ status: 'ocr', mediaType, ocrJob, ocrAttempts: attempt });
        return outcome(record, 'ocr');
      }
      requireText(text, record.name);
      const ocr = text.pages.flatMap((p) =>
        p.ocr ? [{ page: p.number, confidence: p.ocr.confidence, engine: p.ocr.engine }] : [],
      );
      const parsing = { status: 'parsing' as const, mediaType, ...(ocr.length ? { ocr } : {}) };
      // Read with the text, the structure is at hand: the status goes with the record's next
      // write, the meeting it is placed in, moments later (a crash before it leaves the record
      // extracting, with its text stored, to be read again).
      if (read) record = { ...record, ...parsing };
      else await update(parsing);
      const parsed = read ? structureOf(read) : await parseStored(record, text, extraction.reader);
      await this.#stillThere(record);
      await store.putDerived(record.id, 'parsed', parsed);
      const placed = await this.place(record, parsed, update);
      // Placed first, so the bilag split out of it find the items that list them.
      const split = await this.#d.split.run({ ...record, ...placed }, parsed, text, (child) =>
        this.run(child),
      );
      await update({
        status: 'indexed',
        pages: parsed.source.pages,
        ocrPages: parsed.source.ocrPages,
        kind: placed.kind,
        meetingId: placed.meetingId,
        linkedItem: placed.linkedItem,
        warnings: [...placedWarnings(parsed.warnings, placed), ...split.warnings],
        ...(split.derived.length ? { derived: split.derived } : {}),
        ...(split.warnings.length ? { splitWarnings: split.warnings } : {}),
      });
      return outcome(record, 'indexed');
    } catch (error) {
      if (error instanceof DocumentRemovedError || (await store.isRemoved(record.id)))
        return {
          ...outcome(record, 'failed'),
          code: 'REMOVED',
          reason: `${record.name}: taken down meanwhile`,
        };
      const { code, reason } = failureReason(error);
      try {
        await update({ status: 'failed', reason, errorCode: code });
      } catch (second) {
        if (!(second instanceof DocumentRemovedError)) throw second;
      }
      return outcome(record, 'failed');
    }
  }

  /**
   * Decides whether a document is minutes of a meeting or a bilag of an item, and contributes it
   * there. The record names the meeting before the contribution is written, so a takedown that
   * reads the record knows where to take it out; a takedown that came meanwhile is checked for
   * after, and the contribution withdrawn.
   */
  async place(
    record: SourceDocument,
    parsed: ParsedDocument,
    mark: (patch: Partial<SourceDocument>) => Promise<void>,
  ): Promise<Pick<SourceDocument, 'kind' | 'meetingId' | 'linkedItem'>> {
    const { merge, bilag, store } = this.#d;
    const readAs = record.meetingId;
    const looksLikeBilag =
      parsed.kind === 'bilag' || record.metadata.kind === 'bilag' || (!parsed.committee && !parsed.start);
    // A bilag split out of a samlet referat whose cover named its item ("Bilag til punkt 3").
    const parentMeeting = record.metadata.meetingId;
    const named =
      record.derivedFrom?.itemNumber && parentMeeting
        ? { meetingId: parentMeeting, number: record.derivedFrom.itemNumber }
        : null;
    const link = named ?? (await bilag.listingItem(record));
    if (link && bilagPlacement(await bilag.listedUnder(link), looksLikeBilag) !== 'own') {
      await mark({ meetingId: link.meetingId, linkedItem: link });
      await bilag.link(record, parsed, link, readAs);
      await this.#undoIfRemoved(record.id, link.meetingId);
      return { kind: 'bilag', meetingId: link.meetingId, linkedItem: link };
    }
    const meetingId = await identifyMeeting(record, parsed, this.#d.meetings);
    await mark({ meetingId, linkedItem: null });
    const view = await merge.contribute(meetingId, {
      role: 'minutes',
      documentId: record.id,
      name: record.name,
      mediaType: record.mediaType,
      receivedAt: record.createdAt,
      parsed,
    });
    if (readAs && readAs !== meetingId) await merge.withdraw(readAs, record.id);
    await this.#undoIfRemoved(record.id, meetingId);
    if (!(await store.isRemoved(record.id))) await bilag.linkWaiting(view);
    return { kind: parsed.kind, meetingId, linkedItem: null };
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
    const { store, extraction } = this.#d;
    const record = await store.getRecord(id);
    if (record?.status !== 'ocr' || record.ocrJob !== job.jobId) return null;
    const fail = async (reason: string) => {
      const failed = { ...record, status: 'failed' as const, reason, errorCode: 'OCR_FAILED' };
      await store.putRecord({ ...failed, updatedAt: this.#d.now().toISOString() });
      return outcome(failed, 'failed');
    };
    if (!job.succeeded) return fail(`${record.name}: OCR failed (${job.reason ?? 'no reason given'})`);
    const ocr = extraction.deferredOcr;
    const text = await store.getDerived<ExtractedText>(id, 'text');
    if (!ocr || !text?.pendingOcr) return fail(`${record.name}: the text to complete with OCR is gone`);
    const complete = fillOcrPages(text, await ocr.results(job.jobId, text.pendingOcr), ocr.engine);
    await store.putDerived(id, 'text', complete);
    return this.run(record);
  }

  async #stillThere(record: SourceDocument): Promise<void> {
    const current = await this.#d.store.getRecord(record.id);
    // A record created anew (taken down, then uploaded again) is another run's to process.
    if (!current || current.createdAt !== record.createdAt) throw new DocumentRemovedError(record.id);
  }

  async #undoIfRemoved(id: string, meetingId: string): Promise<void> {
    if (!(await this.#d.store.isRemoved(id))) return;
    await this.#d.merge.withdraw(meetingId, id);
    throw new DocumentRemovedError(id);
  }
}

/** Reads the structure of a document from its stored text, prepared for storing: the pipeline's and a reindex's one way. */
export async function parseStored(
  record: SourceDocument,
  text: ExtractedText,
  reader?: DocumentReader,
): Promise<ParsedDocument> {
  const ocrPages = text.pages.filter((p) => p.ocr).length;
  const parsed = await readStructure(
    text,
    { name: record.name, sha256: record.id, pages: text.pages.length, ocrPages },
    hintsOf(record),
    reader ? { reader } : {},
  );
  // The one place after reading the structure where a ParsedDocument is post-processed before it is stored.
  return prepareParsed(parsed);
}

/** What the record's metadata tells the reader of structure. */
function hintsOf(record: SourceDocument): StructureHints {
  const { committee, date, kind, authority } = record.metadata;
  return { committee, date, kind, authority };
}

/** A structure a reader read with the text, prepared as `parseStored` prepares it; its error where it had none. */
function structureOf(read: { parsed: ParsedDocument } | { error: Error }): ParsedDocument {
  if ('error' in read) throw read.error;
  return prepareParsed(read.parsed);
}
