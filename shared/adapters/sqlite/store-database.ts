import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { useWriteAheadLog } from './write-ahead-log.ts';

/**
 * data/meetings.sqlite: the records of documents (an index of record.json, so listings never open
 * every file), tombstones of documents taken down, each document's contribution to its meeting,
 * the merged meetings, and the meeting identities. Every process on the data folder opens it;
 * WAL lets readers go on while one writes, and a busy timeout makes writers wait their turn
 * instead of failing.
 */
export function openStoreDatabase(dataDir: string): DatabaseSync {
  const path = storeDatabasePath(dataDir);
  mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  db.exec('PRAGMA busy_timeout = 30000');
  useWriteAheadLog(db);
  db.exec('PRAGMA synchronous = NORMAL');
  migrateSchema(db);
  return db;
}

export function storeDatabasePath(dataDir: string): string {
  return join(dataDir, 'meetings.sqlite');
}

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS records (
     id TEXT PRIMARY KEY,
     created_at TEXT NOT NULL,
     status TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     committee TEXT,
     meeting_id TEXT,
     json TEXT NOT NULL)`,
  'CREATE INDEX IF NOT EXISTS records_created ON records (created_at, id)',
  'CREATE INDEX IF NOT EXISTS records_status ON records (status)',
  'CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)',
  'CREATE TABLE IF NOT EXISTS tombstones (id TEXT PRIMARY KEY, removed_at TEXT NOT NULL)',
  `CREATE TABLE IF NOT EXISTS contributions (
     meeting_id TEXT NOT NULL,
     document_id TEXT NOT NULL,
     json TEXT NOT NULL,
     PRIMARY KEY (meeting_id, document_id))`,
  'CREATE INDEX IF NOT EXISTS contributions_document ON contributions (document_id)',
  `CREATE TABLE IF NOT EXISTS meetings (
     id TEXT PRIMARY KEY,
     version INTEGER NOT NULL,
     seq INTEGER NOT NULL,
     json TEXT NOT NULL)`,
  'CREATE INDEX IF NOT EXISTS meetings_seq ON meetings (seq)',
  `CREATE TABLE IF NOT EXISTS identities (
     base TEXT NOT NULL,
     position INTEGER NOT NULL,
     meeting_id TEXT NOT NULL,
     time TEXT,
     source_id TEXT,
     PRIMARY KEY (base, position))`,
  // One counter per table family, bumped by triggers, so a cache knows when to read again.
  'CREATE TABLE IF NOT EXISTS changes (name TEXT PRIMARY KEY, n INTEGER NOT NULL)',
  "INSERT OR IGNORE INTO changes VALUES ('records', 0), ('meetings', 0)",
  ...['INSERT', 'UPDATE', 'DELETE'].flatMap((op) => [
    `CREATE TRIGGER IF NOT EXISTS records_${op.toLowerCase()} AFTER ${op} ON records
       BEGIN UPDATE changes SET n = n + 1 WHERE name = 'records'; END`,
    `CREATE TRIGGER IF NOT EXISTS meetings_${op.toLowerCase()} AFTER ${op} ON meetings
       BEGIN UPDATE changes SET n = n + 1 WHERE name = 'meetings'; END`,
  ]),
];

function migrateSchema(db: DatabaseSync): void {
  const { user_version: version } = db.prepare('PRAGMA user_version').get() as { user_version: number };
  if (version >= 1) return;
  immediate(db, () => {
    for (const statement of SCHEMA) db.exec(statement);
    db.exec('PRAGMA user_version = 1');
  });
}

/**
 * Runs `work` in a write transaction taken at once (BEGIN IMMEDIATE), so two processes never
 * both read a value and then both write it: the second waits (busy timeout) and reads what the
 * first wrote.
 */
export function immediate<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}
