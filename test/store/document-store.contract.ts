import { beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../shared/domain/errors.ts';
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

    it('answers an id that is not a document id with not found, never a path outside the store', async () => {
      expect(await store.getRecord('../../etc/passwd')).toBeNull();
      await expect(store.getOriginal('../x')).rejects.toBeInstanceOf(NotFoundError);
    });
  });
}
