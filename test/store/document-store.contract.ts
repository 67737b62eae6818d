import { beforeAll, describe, expect, it } from 'vitest';
import { DocumentRemovedError, NotFoundError } from '../../shared/domain/errors.ts';
import type { SourceDocument } from '../../shared/domain/model.ts';
import type { DocumentStore } from '../../shared/ports/document-store.port.ts';

const ID = 'ab'.repeat(32);
const OTHER = 'cd'.repeat(32);

function record(id: string, createdAt: string): SourceDocument {
  return {
    id,
    name: 'referat.pdf',
    mediaType: 'application/pdf',
    size: 3,
    status: 'indexed',
    reason: null,
    errorCode: null,
    pages: 1,
    ocrPages: 0,
    kind: 'referat',
    meetingId: 'udvalget-2024-01-01',
    linkedItem: null,
    metadata: {},
    createdAt,
    updatedAt: createdAt,
  };
}

/** The behaviour every DocumentStore owes the pipeline; run it against each adapter. */
export function documentStoreContract(
  name: string,
  make: () => Promise<DocumentStore> | DocumentStore,
): void {
  describe(`DocumentStore contract: ${name}`, () => {
    let store: DocumentStore;
    beforeAll(async () => {
      store = await make();
    });

    it('keeps the original bytes, and a second put of the same id changes nothing', async () => {
      await store.putOriginal(ID, new Uint8Array([1, 2, 3]));
      await store.putOriginal(ID, new Uint8Array([9, 9, 9]));
      expect([...(await store.getOriginal(ID))]).toEqual([1, 2, 3]);
      const chunks: number[] = [];
      for await (const chunk of await store.openOriginal(ID)) chunks.push(...chunk);
      expect(chunks).toEqual([1, 2, 3]);
    });

    it('keeps derived results by name beside the original', async () => {
      await store.putDerived(ID, 'text', { pages: [{ number: 1, lines: [{ text: 'Beslutning' }] }] });
      expect(await store.getDerived(ID, 'text')).toEqual({
        pages: [{ number: 1, lines: [{ text: 'Beslutning' }] }],
      });
      expect(await store.getDerived(ID, 'parsed')).toBeNull();
    });

    it('lists records oldest first, and forgets everything of a deleted document', async () => {
      await store.putRecord(record(OTHER, '2024-02-01T00:00:00.000Z'));
      await store.putRecord(record(ID, '2024-01-01T00:00:00.000Z'));
      expect((await store.listRecords()).map((r) => r.id)).toEqual([ID, OTHER]);
      await store.delete(ID);
      expect(await store.getRecord(ID)).toBeNull();
      expect(await store.getDerived(ID, 'text')).toBeNull();
      await expect(store.getOriginal(ID)).rejects.toBeInstanceOf(NotFoundError);
      expect((await store.listRecords()).map((r) => r.id)).toEqual([OTHER]);
    });

    it('keeps a tombstone of a deleted document: later writes for it are refused, until it is uploaded again', async () => {
      const GONE = 'ef'.repeat(32);
      await store.putRecord(record(GONE, '2024-03-01T00:00:00.000Z'));
      expect(await store.isRemoved(GONE)).toBe(false);
      await store.delete(GONE);
      expect(await store.isRemoved(GONE)).toBe(true);
      // Work that was in flight when it was taken down leaves nothing behind.
      await expect(store.putRecord(record(GONE, '2024-03-01T00:00:00.000Z'))).rejects.toBeInstanceOf(
        DocumentRemovedError,
      );
      await expect(store.putDerived(GONE, 'text', { pages: [] })).rejects.toBeInstanceOf(
        DocumentRemovedError,
      );
      expect(await store.getRecord(GONE)).toBeNull();
      expect(await store.getDerived(GONE, 'text')).toBeNull();
      await store.revive(GONE);
      await store.putRecord(record(GONE, '2024-03-02T00:00:00.000Z'));
      expect((await store.getRecord(GONE))?.createdAt).toBe('2024-03-02T00:00:00.000Z');
      await store.delete(GONE);
    });

    it('pages through records, filtered by status, without losing or repeating one', async () => {
      const ids = Array.from({ length: 7 }, (_, i) => (i + 1).toString(16).padStart(64, 'a'));
      for (const [i, id] of ids.entries())
        await store.putRecord({
          ...record(id, `2025-01-0${i + 1}T00:00:00.000Z`),
          status: i % 2 ? 'failed' : 'indexed',
        });
      const seen: string[] = [];
      let after: string | undefined;
      do {
        const page = await store.pageRecords({ limit: 2, status: ['failed'], ...(after ? { after } : {}) });
        seen.push(...page.records.map((r) => r.id));
        after = page.next ?? undefined;
      } while (after);
      expect(seen.sort()).toEqual([ids[1], ids[3], ids[5]].sort());
    });

    it('answers an id that is not a document id with not found, never a path outside the store', async () => {
      expect(await store.getRecord('../../etc/passwd')).toBeNull();
      await expect(store.getOriginal('../x')).rejects.toBeInstanceOf(NotFoundError);
    });
  });
}
