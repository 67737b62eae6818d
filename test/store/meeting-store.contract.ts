import { beforeEach, describe, expect, it } from 'vitest';
import type { Meeting, ParsedDocument } from '../../shared/domain/model.ts';
import { MergeAndProject } from '../../shared/ingest/merge-and-project.ts';
import type { AgendaIndex } from '../../shared/ports/agenda-index.port.ts';
import type { MeetingStore, MinutesContribution } from '../../shared/ports/meeting-store.port.ts';

const MEETING = 'teknisk-udvalg-2025-03-03';

/** A document of one agenda item, numbered `n`, of the Teknisk Udvalg meeting of 3 March 2025. */
export function minutes(n: number, meetingId = MEETING): MinutesContribution {
  const documentId = n.toString(16).padStart(64, '0');
  const parsed: ParsedDocument = {
    id: meetingId,
    committee: 'Teknisk Udvalg',
    title: null,
    kind: 'punkt',
    start: '2025-03-03T15:00:00+01:00',
    end: null,
    location: null,
    published: null,
    participants: [],
    absent: [],
    guests: [],
    items: [
      {
        number: n,
        title: `Punkt ${n}`,
        caseNumber: null,
        closed: false,
        decision: null,
        sections: [],
        attachments: [],
        page: 1,
      },
    ],
    source: { name: `punkt-${n}.pdf`, sha256: documentId, pages: 1, ocrPages: 0 },
    warnings: [],
  };
  return { role: 'minutes', documentId, name: `punkt-${n}.pdf`, mediaType: 'application/pdf', parsed };
}

/** An index that only remembers the last meeting it was given: what a projection leaves behind. */
export function recordingIndex(): AgendaIndex & { meetings: Map<string, Meeting> } {
  const meetings = new Map<string, Meeting>();
  const nothing = async () => {
    throw new Error('not used');
  };
  return {
    meetings,
    putMeeting: async (m) => void meetings.set(m.id, structuredClone(m)),
    removeMeeting: async (id) => void meetings.delete(id),
    getMeeting: async (id) => meetings.get(id) ?? null,
    putBilag: async () => {},
    removeBilag: async () => {},
    search: nothing,
    committees: nothing,
    meetingsPerYear: nothing,
  };
}

/**
 * The behaviour every MeetingStore owes the pipeline; run it against each adapter. `make` gives a
 * fresh store, and `another` a second handle on the same data (another process, another
 * function), so races between writers are races between handles.
 */
export function meetingStoreContract(
  name: string,
  make: () => Promise<{ store: MeetingStore; another: () => MeetingStore }>,
): void {
  describe(`MeetingStore contract: ${name}`, () => {
    let store: MeetingStore;
    let another: () => MeetingStore;
    beforeEach(async () => {
      ({ store, another } = await make());
    });

    it('keeps each document’s contribution apart, replaced by the same document and removed alone', async () => {
      await store.putContribution(MEETING, minutes(1));
      await store.putContribution(MEETING, minutes(2));
      await store.putContribution(MEETING, { ...minutes(1), name: 'punkt-1, rettet.pdf' });
      expect((await store.contributions(MEETING)).map((c) => c.name)).toEqual([
        'punkt-1, rettet.pdf',
        'punkt-2.pdf',
      ]);
      await store.removeContribution(MEETING, minutes(1).documentId);
      expect((await store.contributions(MEETING)).map((c) => c.name)).toEqual(['punkt-2.pdf']);
      expect(await store.contributions('other-meeting')).toEqual([]);
    });

    it('writes a merged meeting only over the version it read (compare-and-set)', async () => {
      const view = { id: MEETING, meeting: null, bilag: [], retiredBilag: [] };
      const first = await store.putMeeting(view, null);
      expect(first).not.toBeNull();
      expect(await store.putMeeting(view, null)).toBeNull();
      const second = await store.putMeeting({ ...view, retiredBilag: ['a'] }, first);
      expect(second).not.toBeNull();
      expect(second).not.toBe(first);
      // A writer that read the first version lost: it must read again.
      expect(await another().putMeeting({ ...view, retiredBilag: ['b'] }, first)).toBeNull();
      expect(await store.getMeeting(MEETING)).toEqual({
        value: { ...view, retiredBilag: ['a'] },
        version: second,
      });
    });

    it('lists meetings a page at a time', async () => {
      for (const id of ['c-1', 'a-1', 'b-1', 'd-1', 'e-1'])
        await store.putMeeting({ id, meeting: null, bilag: [], retiredBilag: [] }, null);
      const seen: string[] = [];
      let after: string | undefined;
      do {
        const page = await store.listMeetings({ ...(after ? { after } : {}), limit: 2 });
        expect(page.ids.length).toBeLessThanOrEqual(2);
        seen.push(...page.ids);
        after = page.next ?? undefined;
      } while (after);
      expect(seen).toEqual(['a-1', 'b-1', 'c-1', 'd-1', 'e-1']);
    });

    it('tells which meetings changed since a mark', async () => {
      await store.putMeeting({ id: 'a-1', meeting: null, bilag: [], retiredBilag: [] }, null);
      const mark = await store.changeToken();
      await store.putMeeting({ id: 'b-1', meeting: null, bilag: [], retiredBilag: [] }, null);
      const changed = await store.changedSince(mark);
      expect(changed.ids).toContain('b-1');
    });

    it('keeps two meetings of one committee on one day apart, and a document without a time with the first', async () => {
      const base = 'byraadet-2025-01-08';
      const morning = await store.claimIdentity({ base, time: '09:00', sourceId: null });
      const evening = await another().claimIdentity({ base, time: '16:00', sourceId: null });
      expect(morning).toBe(base);
      expect(evening).toBe('byraadet-2025-01-08-1600');
      expect(await store.claimIdentity({ base, time: '16:00', sourceId: null })).toBe(evening);
      expect(await store.claimIdentity({ base, time: null, sourceId: null })).toBe(morning);
    });

    it('lets the source’s own meeting id decide where there is one', async () => {
      const base = 'byraadet-2025-02-12';
      const a = await store.claimIdentity({ base, time: '17:00', sourceId: 'fa-101' });
      const b = await store.claimIdentity({ base, time: '17:00', sourceId: 'fa-102' });
      expect(a).not.toBe(b);
      expect(await store.claimIdentity({ base, time: null, sourceId: 'fa-102' })).toBe(b);
      // A document without the portal's id, at that time, joins the first meeting of that time.
      expect(await store.claimIdentity({ base, time: '17:00', sourceId: null })).toBe(a);
    });

    it('agrees on one id when many writers claim the same meeting at once', async () => {
      const base = 'byraadet-2025-03-05';
      const ids = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          (i % 2 ? another() : store).claimIdentity({ base, time: i < 6 ? '09:00' : null, sourceId: null }),
        ),
      );
      expect(new Set(ids)).toEqual(new Set([base]));
    });

    it('loses no document when 40 writers merge into one meeting at once', async () => {
      const index = recordingIndex();
      const writers = Array.from(
        { length: 40 },
        (_, i) => new MergeAndProject(i % 2 ? another() : store, index),
      );
      // Staggered, so that merges read while other documents are still arriving.
      await Promise.all(
        writers.map(async (w, i) => {
          await new Promise((r) => setTimeout(r, (i * 7) % 23));
          await w.contribute(MEETING, minutes(i + 1));
        }),
      );
      const merged = (await store.getMeeting(MEETING))!.value.meeting!;
      expect(merged.sources).toHaveLength(40);
      expect(merged.items.map((i) => i.number).sort((a, b) => Number(a) - Number(b))).toEqual(
        Array.from({ length: 40 }, (_, i) => i + 1),
      );
      // And the projection ends on the newest merge, whichever writer projected last.
      expect(index.meetings.get(MEETING)!.sources).toHaveLength(40);
    });
  });
}
