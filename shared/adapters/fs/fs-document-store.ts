import {
  createReadStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { Readable } from 'node:stream';
import { DocumentRemovedError, NotFoundError } from '../../domain/errors.ts';
import type { SourceDocument } from '../../domain/model.ts';
import type { DocumentStore, RecordQuery } from '../../ports/document-store.port.ts';
import { immediate, openStoreDatabase } from '../sqlite/store-database.ts';

const ID = /^[a-f0-9]{16,64}$/;

/** Files up to this size are written synchronously (see `#write`). */
const SYNC_WRITE_BYTES = 256 * 1024;

function byteLength(data: string | Uint8Array): number {
  // A string's UTF-8 length is at most three bytes a UTF-16 unit: exact enough for a threshold.
  return typeof data === 'string' ? data.length * 3 : data.byteLength;
}

/**
 * Documents in a data folder: documents/<sha256>/ holds the original and the derived results;
 * the records live in data/meetings.sqlite (a table ordered by creation, so listings read a page,
 * never every file), beside the tombstones of documents taken down. Every file write goes to a
 * temporary file first and is renamed into place, so a crash never leaves half a file behind.
 * A data folder of the older layout (record.json in each document's folder) has its records
 * taken into the table the first time it is opened.
 */
export class FsDocumentStore implements DocumentStore {
  readonly root: string;
  readonly #db: DatabaseSync;
  /** The store opened the database itself (and closes it), not given one to share. */
  readonly #ownsDb: boolean;

  constructor(dataDir: string, db?: DatabaseSync) {
    this.root = join(dataDir, 'documents');
    this.#ownsDb = !db;
    this.#db = db ?? openStoreDatabase(dataDir);
    importRecordFiles(this.#db, this.root);
  }

  /** Closes the database connection the store opened (one it was given stays open). */
  close(): void {
    if (this.#ownsDb && this.#db.isOpen) this.#db.close();
  }

  #dir(id: string): string {
    if (!ID.test(id)) throw new NotFoundError(`no document with id "${id}"`);
    return join(this.root, id);
  }

  async #write(id: string, path: string, data: string | Uint8Array): Promise<void> {
    this.#refuseRemoved(id);
    const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    // A small file (a record, a document's text or structure) is written synchronously: the
    // open, write, close and rename of a promise each took a trip through the thread pool, and a
    // bulk load was bound by this process's CPU (a synchronous write and rename of 40 KB costs
    // less than half the CPU). A large one (an original, a long document's text) goes through the
    // thread pool, so a server's thread is not held while megabytes reach the disk.
    const small = byteLength(data) <= SYNC_WRITE_BYTES;
    const write = async () => (small ? writeFileSync(tmp, data) : await writeFile(tmp, data));
    try {
      await write();
    } catch (error) {
      // The folder is made by the write that finds it missing, not looked for before each one.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      mkdirSync(this.#dir(id), { recursive: true });
      await write();
    }
    if (small) renameSync(tmp, path);
    else await rename(tmp, path);
    // A takedown that came while the file was written has removed the folder already, or will;
    // either way nothing of the document may stay.
    if (this.#removed(id)) {
      await rm(this.#dir(id), { recursive: true, force: true });
      throw new DocumentRemovedError(id);
    }
  }

  #removed(id: string): boolean {
    return this.#db.prepare('SELECT 1 FROM tombstones WHERE id = ?').get(id) !== undefined;
  }

  #refuseRemoved(id: string): void {
    if (this.#removed(id)) throw new DocumentRemovedError(id);
  }

  async putOriginal(id: string, bytes: Uint8Array): Promise<void> {
    const path = join(this.#dir(id), 'original');
    if (await exists(path)) return;
    await this.#write(id, path, bytes);
  }

  async getOriginal(id: string): Promise<Uint8Array> {
    try {
      return await readFile(join(this.#dir(id), 'original'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new NotFoundError(`no original stored for document ${id}`);
      throw error;
    }
  }

  async openOriginal(id: string): Promise<ReadableStream<Uint8Array>> {
    const path = join(this.#dir(id), 'original');
    if (!(await exists(path))) throw new NotFoundError(`no original stored for document ${id}`);
    return Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;
  }

  async putDerived(id: string, name: string, value: unknown): Promise<void> {
    await this.#write(id, join(this.#dir(id), `${name}.json`), JSON.stringify(value));
  }

  async getDerived<T>(id: string, name: string): Promise<T | null> {
    return readJson<T>(join(this.#dir(id), `${name}.json`));
  }

  async putRecord(record: SourceDocument): Promise<void> {
    this.#dir(record.id);
    // The tombstone is checked in the same transaction as the write: a takedown and a late
    // status update of the same document cannot both win.
    immediate(this.#db, () => {
      this.#refuseRemoved(record.id);
      upsertRecord(this.#db, record);
    });
  }

  async getRecord(id: string): Promise<SourceDocument | null> {
    if (!ID.test(id)) return null;
    // Prepared on each call, not kept: with a kept statement two `load` runs on one folder
    // failed with "database is locked" (its read looks to stay open between calls).
    const row = this.#db.prepare('SELECT json FROM records WHERE id = ?').get(id) as
      | { json: string }
      | undefined;
    return row ? (JSON.parse(row.json) as SourceDocument) : null;
  }

  async listRecords(): Promise<SourceDocument[]> {
    const rows = this.#db.prepare('SELECT json FROM records ORDER BY created_at, id').all() as {
      json: string;
    }[];
    return rows.map((r) => JSON.parse(r.json) as SourceDocument);
  }

  async pageRecords(query: RecordQuery): Promise<{ records: SourceDocument[]; next: string | null }> {
    const limit = query.limit ?? 500;
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (query.status?.length) {
      where.push(`status IN (${query.status.map(() => '?').join(', ')})`);
      params.push(...query.status);
    }
    if (query.updatedBefore) {
      where.push('updated_at < ?');
      params.push(query.updatedBefore);
    }
    if (query.after) {
      const [createdAt, id] = splitCursor(query.after);
      where.push('(created_at > ? OR (created_at = ? AND id > ?))');
      params.push(createdAt, createdAt, id);
    }
    const rows = this.#db
      .prepare(
        `SELECT json, created_at, id FROM records ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY created_at, id LIMIT ?`,
      )
      .all(...params, limit + 1) as { json: string; created_at: string; id: string }[];
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      records: page.map((r) => JSON.parse(r.json) as SourceDocument),
      next: rows.length > limit && last ? `${last.created_at}|${last.id}` : null,
    };
  }

  async delete(id: string): Promise<void> {
    const dir = this.#dir(id);
    immediate(this.#db, () => {
      this.#db.prepare('DELETE FROM records WHERE id = ?').run(id);
      this.#db
        .prepare('INSERT OR REPLACE INTO tombstones (id, removed_at) VALUES (?, ?)')
        .run(id, new Date().toISOString());
    });
    await rm(dir, { recursive: true, force: true });
  }

  async isRemoved(id: string): Promise<boolean> {
    return ID.test(id) && this.#removed(id);
  }

  async revive(id: string): Promise<void> {
    this.#db.prepare('DELETE FROM tombstones WHERE id = ?').run(id);
  }

  async recordsVersion(): Promise<string> {
    return String(
      (this.#db.prepare("SELECT n FROM changes WHERE name = 'records'").get() as { n: number }).n,
    );
  }
}

function splitCursor(cursor: string): [string, string] {
  const at = cursor.lastIndexOf('|');
  return [cursor.slice(0, at), cursor.slice(at + 1)];
}

const upserts = new WeakMap<DatabaseSync, StatementSync>();

function upsertRecord(db: DatabaseSync, record: SourceDocument): void {
  let statement = upserts.get(db);
  if (!statement) {
    statement = db.prepare(
      `INSERT OR REPLACE INTO records (id, created_at, status, updated_at, committee, meeting_id, json)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    upserts.set(db, statement);
  }
  statement.run(
    record.id,
    record.createdAt,
    record.status,
    record.updatedAt,
    record.metadata.committee ?? null,
    record.meetingId,
    JSON.stringify(record),
  );
}

/**
 * Takes the record.json files of a data folder of the older layout into the records table, once
 * (one process does it; others opening the folder at the same moment wait and find it done).
 * Files are read one at a time: thousands open at once ran out of file handles.
 */
function importRecordFiles(db: DatabaseSync, root: string): void {
  const done = () => db.prepare("SELECT 1 FROM meta WHERE key = 'records-imported'").get() !== undefined;
  if (done()) return;
  immediate(db, () => {
    if (done()) return;
    const ids = existsSync(root) ? readdirSync(root).filter((id) => ID.test(id)) : [];
    for (const id of ids) {
      const path = join(root, id, 'record.json');
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw error;
      }
      try {
        upsertRecord(db, JSON.parse(text) as SourceDocument);
      } catch (error) {
        throw new Error(`${path}: cannot be read as a document record (${(error as Error).message})`);
      }
    }
    db.prepare("INSERT INTO meta (key, value) VALUES ('records-imported', ?)").run(new Date().toISOString());
  });
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function readJson<T>(path: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
