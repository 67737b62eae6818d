import type { DatabaseSync } from 'node:sqlite';

const WAIT = new Int32Array(new SharedArrayBuffer(4));
const SQLITE_BUSY = 5;

/**
 * Puts a database file in WAL mode, once: the mode is kept in the file, so a later open only reads
 * it and takes no lock. The switch itself needs the file to itself and SQLite does not wait for it
 * (the busy timeout does not apply: another process reading the new file at that moment makes it
 * fail at once with "database is locked"), so two processes opening a new data folder together
 * retry here, up to `timeoutMs`, until one of them has switched it.
 */
export function useWriteAheadLog(db: DatabaseSync, timeoutMs = 30_000): void {
  const deadline = Date.now() + timeoutMs;
  for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
    try {
      const { journal_mode: mode } = db.prepare('PRAGMA journal_mode').get() as { journal_mode: string };
      // Set once; a database that cannot have a log (in memory) answers with its own mode.
      if (mode !== 'wal') db.prepare('PRAGMA journal_mode = WAL').get();
      return;
    } catch (error) {
      // SQLITE_BUSY, or one of its extended codes.
      if (((error as { errcode?: number }).errcode ?? 0) % 256 !== SQLITE_BUSY || Date.now() > deadline)
        throw error;
      Atomics.wait(WAIT, 0, 0, wait);
    }
  }
}
