import type { ParsedDocument, SourceInfo } from '../../../domain/model.ts';
import { type ExtractionLimits, limitsOf } from '../../../ingest/extract.ts';
import type { StructureHints } from '../../../ingest/read-structure.ts';
import type { ParseHints } from '../../../parse/parse-minutes.ts';
import type { DocumentReader } from '../../../ports/document-reader.port.ts';
import type { ExtractedText, PageRange, SplitPdf } from '../../../ports/text-extractor.port.ts';
import { ReaderPool, type ReaderPoolOptions, reviveError } from './reader-pool.ts';
import type { ReadReply } from './reader-protocol.ts';

/**
 * Documents read and parsed in a pool of sandboxed reader processes (`ReaderPool`): both cores
 * busy during a bulk load, a server's thread free for searches, and a hostile file failing alone
 * with a reason instead of taking the process down.
 */
export class SandboxedDocumentReader implements DocumentReader {
  readonly pool: ReaderPool;
  readonly #ocr: boolean;
  readonly #limits: ExtractionLimits;

  constructor(options: ReaderPoolOptions & { ocr: boolean; limits?: Partial<ExtractionLimits> }) {
    this.pool = new ReaderPool(options);
    this.#ocr = options.ocr;
    this.#limits = limitsOf(options);
  }

  extract(
    bytes: Uint8Array,
    name: string,
    options: { onOcr?: (pages: number[]) => void | Promise<void> } = {},
  ): Promise<ExtractedText> {
    return this.pool.run(
      { op: 'extract', bytes, name, ocr: this.#ocr, limits: this.#limits },
      name,
      options.onOcr,
    );
  }

  async read(
    bytes: Uint8Array,
    source: { name: string; sha256: string },
    hints: StructureHints,
    options: { onOcr?: (pages: number[]) => void | Promise<void> } = {},
  ): Promise<{ text: ExtractedText; structure: { parsed: ParsedDocument } | { error: Error } }> {
    const { name, sha256 } = source;
    const { text, structure } = await this.pool.run<ReadReply>(
      { op: 'extract', bytes, name, ocr: this.#ocr, limits: this.#limits, structure: { sha256, hints } },
      name,
      options.onOcr,
    );
    return { text, structure: 'parsed' in structure ? structure : { error: reviveError(structure.error) } };
  }

  readStructure(text: ExtractedText, source: SourceInfo, hints: ParseHints): Promise<ParsedDocument> {
    return this.pool.run({ op: 'parse', text, source, hints }, source.name);
  }

  split(bytes: Uint8Array, name: string, pages: PageRange[]): Promise<SplitPdf> {
    return this.pool.run({ op: 'split', bytes, name, pages }, name);
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
