import type { DatabaseSync } from 'node:sqlite';
import { type IdentityEntry, resolveIdentity } from '../../domain/meeting-identity.ts';
import type {
  Contribution,
  IdentityClaim,
  MeetingStore,
  MeetingView,
  Versioned,
} from '../../ports/meeting-store.port.ts';
import { immediate, openStoreDatabase } from './store-database.ts';

/**
 * Meetings in data/meetings.sqlite. A merged meeting carries a version number; a write names the
 * version it read, and `UPDATE … WHERE version = ?` inside BEGIN IMMEDIATE is the compare-and-set,
 * so concurrent `protokol load` and `serve` processes on one data folder never lose a document.
 */
export class SqliteMeetingStore implements MeetingStore {
  readonly #db: DatabaseSync;
  readonly #owned: boolean;

  constructor(dataDirOrDb: string | DatabaseSync) {
    this.#owned = typeof dataDirOrDb === 'string';
    this.#db = typeof dataDirOrDb === 'string' ? openStoreDatabase(dataDirOrDb) : dataDirOrDb;
  }

  async putContribution(meetingId: string, contribution: Contribution): Promise<void> {
    this.#db
      .prepare('INSERT OR REPLACE INTO contributions (meeting_id, document_id, json) VALUES (?, ?, ?)')
      .run(meetingId, contribution.documentId, JSON.stringify(contribution));
  }

  async removeContribution(meetingId: string, documentId: string): Promise<void> {
    this.#db
      .prepare('DELETE FROM contributions WHERE meeting_id = ? AND document_id = ?')
      .run(meetingId, documentId);
  }

  async contributions(meetingId: string): Promise<Contribution[]> {
    const rows = this.#db
      .prepare('SELECT json FROM contributions WHERE meeting_id = ? ORDER BY document_id')
      .all(meetingId) as { json: string }[];
    return rows.map((r) => JSON.parse(r.json) as Contribution);
  }

  async meetingsOf(documentId: string): Promise<string[]> {
    const rows = this.#db
      .prepare('SELECT meeting_id FROM contributions WHERE document_id = ?')
      .all(documentId) as { meeting_id: string }[];
    return rows.map((r) => r.meeting_id);
  }

  async getMeeting(meetingId: string): Promise<Versioned<MeetingView> | null> {
    const row = this.#db.prepare('SELECT version, json FROM meetings WHERE id = ?').get(meetingId) as
      | { version: number; json: string }
      | undefined;
    return row ? { value: JSON.parse(row.json) as MeetingView, version: String(row.version) } : null;
  }

  async putMeeting(view: MeetingView, expected: string | null): Promise<string | null> {
    const json = JSON.stringify(view);
    return immediate(this.#db, () => {
      if (expected === null) {
        const inserted = this.#db
          .prepare('INSERT OR IGNORE INTO meetings (id, version, seq, json) VALUES (?, 1, ?, ?)')
          .run(view.id, this.changeCount() + 1, json);
        return inserted.changes === 1 ? '1' : null;
      }
      const next = Number(expected) + 1;
      const updated = this.#db
        .prepare('UPDATE meetings SET version = ?, seq = ?, json = ? WHERE id = ? AND version = ?')
        .run(next, this.changeCount() + 1, json, view.id, Number(expected));
      return updated.changes === 1 ? String(next) : null;
    });
  }

  async listMeetings(page: { after?: string; limit?: number }) {
    const limit = page.limit ?? 500;
    const rows = this.#db
      .prepare('SELECT id FROM meetings WHERE id > ? ORDER BY id LIMIT ?')
      .all(page.after ?? '', limit + 1) as { id: string }[];
    const ids = rows.slice(0, limit).map((r) => r.id);
    return { ids, next: rows.length > limit ? ids.at(-1)! : null };
  }

  async claimIdentity(claim: IdentityClaim): Promise<string> {
    return immediate(this.#db, () => {
      const rows = this.#db
        .prepare('SELECT meeting_id, time, source_id FROM identities WHERE base = ? ORDER BY position')
        .all(claim.base) as { meeting_id: string; time: string | null; source_id: string | null }[];
      const entries: IdentityEntry[] = rows.map((r) => ({
        meetingId: r.meeting_id,
        time: r.time,
        sourceId: r.source_id,
      }));
      const resolved = resolveIdentity(entries, claim);
      const write = this.#db.prepare(
        'INSERT OR REPLACE INTO identities (base, position, meeting_id, time, source_id) VALUES (?, ?, ?, ?, ?)',
      );
      for (const [position, e] of resolved.entries.entries()) {
        const before = entries[position];
        if (before && before.time === e.time && before.sourceId === e.sourceId) continue;
        write.run(claim.base, position, e.meetingId, e.time, e.sourceId);
      }
      return resolved.meetingId;
    });
  }

  async changeToken(): Promise<string> {
    return String(this.changeCount());
  }

  async changedSince(token: string): Promise<{ ids: string[]; token: string }> {
    const seq = Number(token);
    const rows = this.#db.prepare('SELECT id, seq FROM meetings WHERE seq > ? ORDER BY seq').all(seq) as {
      id: string;
      seq: number;
    }[];
    return { ids: rows.map((r) => r.id), token: String(Math.max(seq, ...rows.map((r) => r.seq))) };
  }

  /** How often meetings were written, across every process: a cache of what they say is fresh while it holds. */
  changeCount(): number {
    return (this.#db.prepare("SELECT n FROM changes WHERE name = 'meetings'").get() as { n: number }).n;
  }

  async close(): Promise<void> {
    if (this.#owned && this.#db.isOpen) this.#db.close();
  }
}
