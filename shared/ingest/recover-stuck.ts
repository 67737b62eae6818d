import type { DocumentStatus, SourceDocument } from '../domain/model.ts';
import { allRecords, type DocumentStore } from '../ports/document-store.port.ts';

export interface StuckPolicy {
  /** How long a document may stand still in extracting, ocr or parsing (ocr waits for a job: give it longer). */
  limitMs: number;
  ocrLimitMs?: number;
  /** How many times stuck work is tried again before the document fails with the reason. */
  maxRetries: number;
}

export const DEFAULT_STUCK_POLICY: StuckPolicy = {
  limitMs: 15 * 60_000,
  ocrLimitMs: 60 * 60_000,
  maxRetries: 2,
};

const UNDER_WAY: DocumentStatus[] = ['queued', 'extracting', 'ocr', 'parsing'];

/**
 * Finds work that stood still: a document left extracting, ocr or parsing longer than the limit
 * (a crash, a lost OCR job) is handed back to be tried again, up to a few times, and then fails
 * with a reason its uploader can read. Locally this runs when the server starts; on AWS a
 * scheduled function runs it.
 */
export class RecoverStuck {
  readonly #store: DocumentStore;
  readonly #now: () => Date;

  constructor(deps: { store: DocumentStore; now: () => Date }) {
    this.#store = deps.store;
    this.#now = deps.now;
  }

  /**
   * The documents to process again (their retry counted); those past their retries are failed
   * here. `all` takes every document under way, whatever its age: a server that starts knows
   * no other process of it is working on them.
   */
  async sweep(
    policy: StuckPolicy,
    options: { all?: boolean } = {},
  ): Promise<{ retry: SourceDocument[]; failed: SourceDocument[] }> {
    const now = this.#now();
    const retry: SourceDocument[] = [];
    const failed: SourceDocument[] = [];
    const query = options.all
      ? { status: UNDER_WAY }
      : { status: UNDER_WAY, updatedBefore: new Date(now.getTime() - policy.limitMs).toISOString() };
    for await (const record of allRecords(this.#store, query)) {
      const limit = record.status === 'ocr' ? (policy.ocrLimitMs ?? policy.limitMs) : policy.limitMs;
      const still = now.getTime() - Date.parse(record.updatedAt);
      if (!options.all && still < limit) continue;
      if (record.status === 'queued' && !options.all) {
        retry.push(record);
        continue;
      }
      const tries = record.stuckRetries ?? 0;
      if (tries >= policy.maxRetries && record.status !== 'queued') {
        const minutes = Math.round(still / 60_000);
        const reason = `${record.name}: stood still in "${record.status}" (${minutes} min) and after ${tries} ${tries === 1 ? 'retry' : 'retries'}; upload it again to try once more`;
        const done: SourceDocument = {
          ...record,
          status: 'failed',
          reason,
          errorCode: 'STUCK',
          updatedAt: now.toISOString(),
        };
        try {
          await this.#store.putRecord(done);
          failed.push(done);
        } catch {
          // Taken down meanwhile: nothing to fail.
        }
        continue;
      }
      const again: SourceDocument = {
        ...record,
        stuckRetries: record.status === 'queued' ? tries : tries + 1,
        updatedAt: now.toISOString(),
      };
      try {
        await this.#store.putRecord(again);
        retry.push(again);
      } catch {
        // Taken down meanwhile.
      }
    }
    return { retry, failed };
  }
}
