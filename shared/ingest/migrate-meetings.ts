import type { ParsedDocument, SourceDocument } from '../domain/model.ts';
import { allRecords, type DocumentStore } from '../ports/document-store.port.ts';
import type { MeetingStore } from '../ports/meeting-store.port.ts';
import { identifyMeeting } from './meeting-identity.ts';
import type { MergeAndProject } from './merge-and-project.ts';

/**
 * Brings a data folder (or bucket) of the older layout, where merged meetings lived only in the
 * search index, into the meeting store: every indexed document's stored structure becomes its
 * contribution, the meeting identified again (so two meetings of one committee on one day that
 * the old id merged come apart), and each meeting is merged and projected. Runs when the store
 * holds no meeting but there are indexed documents; running it twice at once does no harm
 * (contributions are keyed by document, merges are compare-and-set).
 */
export async function migrateToMeetingStore(deps: {
  store: DocumentStore;
  meetings: MeetingStore;
  merge: MergeAndProject;
}): Promise<{ documents: number; meetings: number }> {
  const { store, meetings, merge } = deps;
  if ((await meetings.listMeetings({ limit: 1 })).ids.length) return { documents: 0, meetings: 0 };
  const touched = new Set<string>();
  let documents = 0;
  const linked: SourceDocument[] = [];
  for await (const record of allRecords(store, { status: ['indexed'] })) {
    if (record.linkedItem) {
      linked.push(record);
      continue;
    }
    const parsed = await store.getDerived<ParsedDocument>(record.id, 'parsed');
    if (!parsed) continue;
    const meetingId = await identifyMeeting(record, parsed, meetings);
    await meetings.putContribution(meetingId, {
      role: 'minutes',
      documentId: record.id,
      name: record.name,
      mediaType: record.mediaType,
      receivedAt: record.createdAt,
      parsed,
    });
    if (record.meetingId && record.meetingId !== meetingId) touched.add(record.meetingId);
    if (meetingId !== record.meetingId) await store.putRecord({ ...record, meetingId });
    touched.add(meetingId);
    documents++;
  }
  for (const record of linked) {
    const parsed = await store.getDerived<ParsedDocument>(record.id, 'parsed');
    if (!parsed || !record.linkedItem) continue;
    await meetings.putContribution(record.linkedItem.meetingId, {
      role: 'bilag',
      documentId: record.id,
      name: record.name,
      itemNumber: record.linkedItem.number,
      text: parsed.items.flatMap((i) => [i.title, ...i.sections.map((s) => s.text)]).join('\n'),
    });
    touched.add(record.linkedItem.meetingId);
    documents++;
  }
  for (const id of touched) await merge.refresh(id);
  return { documents, meetings: touched.size };
}
