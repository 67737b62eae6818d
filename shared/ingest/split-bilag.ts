import { failureReason } from '../domain/errors.ts';
import type { DerivedFrom, ParsedDocument, SourceDocument } from '../domain/model.ts';
import type { DocumentStore } from '../ports/document-store.port.ts';
import type { ExtractedText, PageRange, SplitPdf } from '../ports/text-extractor.port.ts';
import type { ExtractionOptions } from './extract.ts';
import { attachmentKey } from './merge.ts';
import { documentId, type IngestOutcome } from './pipeline.ts';
import { queuedRecord } from './register-document.ts';

/** What a parent document's split-out bilag came to, for the parent's record. */
export interface SplitOutcome {
  derived: string[];
  warnings: string[];
}

/**
 * Splits the bilag a PDF carries out of it, each into a document of its own derived from the
 * parent: the pages appended after its minutes (cut out as a PDF, with the text already read for
 * them, so nothing is extracted or OCR'ed twice) and the files embedded in it (read by the same
 * sandboxed readers, with the same limits, as any upload). Each goes through the whole pipeline,
 * so it is linked to the item that lists it, its closed item and CPR numbers rule it as they rule
 * an uploaded bilag, it can be downloaded and taken down, and it fails alone. A bilag split out of
 * a bilag is not split again.
 */
export class SplitBilag {
  readonly #store: DocumentStore;
  readonly #extraction: ExtractionOptions;
  readonly #now: () => Date;

  constructor(deps: { store: DocumentStore; extraction: ExtractionOptions; now: () => Date }) {
    this.#store = deps.store;
    this.#extraction = deps.extraction;
    this.#now = deps.now;
  }

  /** Splits and processes the parent's bilag; `process` runs the pipeline on one of them. */
  async run(
    parent: SourceDocument,
    parsed: ParsedDocument,
    text: ExtractedText,
    process: (child: SourceDocument) => Promise<IngestOutcome>,
  ): Promise<SplitOutcome> {
    const none = { derived: [], warnings: [] };
    if (parent.derivedFrom || text.mediaType !== 'application/pdf') return none;
    const split = this.#splitter();
    if (!split) return none;
    const appended = parsed.appendedBilag ?? [];
    const ranges: PageRange[] = appended.map((b) => ({ first: b.firstPage, last: b.lastPage }));
    // Extraction noted the embedded files' names: a PDF with none and nothing appended is done.
    if (!ranges.length && !text.embeddedFiles?.length) return none;
    const bytes = await this.#store.getOriginal(parent.id);
    let parts: SplitPdf;
    try {
      parts = await split(bytes, parent.name, ranges);
    } catch (error) {
      // The minutes stand without their bilag: the parent is indexed, and says what was lost.
      return {
        derived: [],
        warnings: [`the bilag in the file could not be split out: ${failureReason(error).reason}`],
      };
    }
    const derived: string[] = [];
    const warnings: string[] = [];
    const meetingId = parent.meetingId;
    for (const [k, bilag] of appended.entries()) {
      const part = parts.parts[k];
      if (!part) continue;
      const pages = ranges[k]!;
      const child = await this.#register(
        parent,
        `${bilag.name}.pdf`,
        part,
        {
          documentId: parent.id,
          how: 'appended',
          pages,
          itemNumber: bilag.itemNumber,
        },
        bilag.itemNumber ? meetingId : null,
      );
      if (!child) continue;
      // The text read for these pages already, renumbered from 1: nothing is read twice.
      await this.#store.putDerived(child.id, 'text', {
        mediaType: 'application/pdf',
        pages: text.pages
          .filter((p) => p.number >= pages.first && p.number <= pages.last)
          .map((p) => ({ ...p, number: p.number - pages.first + 1 })),
      } satisfies ExtractedText);
      derived.push(child.id);
      const done = await process(child);
      if (done.status === 'failed')
        warnings.push(`the appended bilag "${bilag.name}" failed: ${done.reason}`);
    }
    for (const file of parts.embedded) {
      if (!('bytes' in file)) {
        warnings.push(`the embedded file "${file.name}" was not read: ${file.reason}`);
        continue;
      }
      // Looked for in the parent's meeting only when an item there lists it: a file no item lists
      // is a document of its own, so its numbered paragraphs are never read as the meeting's items.
      const listed = parsed.items.some((i) =>
        i.attachments.some((a) => attachmentKey(a.name) === attachmentKey(file.name)),
      );
      const child = await this.#register(
        parent,
        file.name,
        file.bytes,
        { documentId: parent.id, how: 'embedded' },
        listed ? meetingId : null,
      );
      if (!child) continue;
      derived.push(child.id);
      const done = await process(child);
      if (done.status === 'failed') warnings.push(`the embedded file "${file.name}" failed: ${done.reason}`);
      else if (!listed)
        warnings.push(
          `the embedded file "${file.name}" is listed by no item: indexed as a document of its own`,
        );
    }
    return { derived: [...new Set(derived)], warnings };
  }

  #splitter() {
    const { reader, parts } = this.#extraction;
    if (reader?.split) return reader.split.bind(reader);
    if (parts) return parts.split.bind(parts);
    return null;
  }

  async #register(
    parent: SourceDocument,
    name: string,
    bytes: Uint8Array,
    derivedFrom: DerivedFrom,
    meetingId: string | null,
  ): Promise<SourceDocument | null> {
    const id = documentId(bytes);
    // A file that holds itself (or a cut that is the whole file) is the parent, not a bilag of it.
    if (id === parent.id) return null;
    const existing = await this.#store.getRecord(id);
    if (!existing) await this.#store.revive(id);
    await this.#store.putOriginal(id, bytes);
    const record: SourceDocument = {
      ...queuedRecord(
        { id, name: name.replace(/[\\/]/g, '-'), size: bytes.length },
        existing,
        // The parent's meeting, where an item of it lists the bilag: it is looked for there.
        {
          kind: 'bilag',
          ...(meetingId ? { meetingId } : {}),
          ...(parent.metadata.authority ? { authority: parent.metadata.authority } : {}),
        },
        this.#now(),
      ),
      derivedFrom,
    };
    await this.#store.putRecord(record);
    return record;
  }
}
