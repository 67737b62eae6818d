import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { SqliteAgendaIndex } from '../../shared/adapters/sqlite/sqlite-agenda-index.ts';
import { openStoreDatabase, storeDatabasePath } from '../../shared/adapters/sqlite/store-database.ts';
import { tempDir } from '../support/fixtures.ts';

// Another process writes to a new database file (no log yet) for `holdMs`, as one switching it
// to WAL does: the moment two processes open a new data folder together. Resolves once the
// writer holds its lock, with the promise of its exit.
async function writerHolding(path: string, holdMs: number) {
  const child = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { DatabaseSync } from 'node:sqlite';
       const db = new DatabaseSync(${JSON.stringify(path)});
       db.exec('CREATE TABLE IF NOT EXISTS t (x)');
       db.exec('BEGIN IMMEDIATE');
       db.exec('INSERT INTO t VALUES (1)');
       console.log('writing');
       setTimeout(() => { db.exec('COMMIT'); db.close(); }, ${holdMs});`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = once(child, 'exit');
  await once(child.stdout, 'data');
  return { exited };
}

describe('a new database file opened by two processes at once', () => {
  it('SQLite refuses the switch to WAL at once while another process writes, whatever the busy timeout', async () => {
    const path = `${await tempDir()}/plain.sqlite`;
    const { exited } = await writerHolding(path, 1500);
    const db = new DatabaseSync(path);
    db.exec('PRAGMA busy_timeout = 30000');
    const started = Date.now();
    expect(() => db.exec('PRAGMA journal_mode = WAL')).toThrow(/database is locked/);
    expect(Date.now() - started).toBeLessThan(1000);
    db.close();
    await exited;
  });

  it('the store waits for the writer and opens the file in WAL mode', async () => {
    const data = await tempDir();
    const { exited } = await writerHolding(storeDatabasePath(data), 300);
    const db = openStoreDatabase(data);
    expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    db.close();
    await exited;
  });

  it('so does the search index', async () => {
    const path = `${await tempDir()}/index.sqlite`;
    const { exited } = await writerHolding(path, 300);
    const index = new SqliteAgendaIndex(path);
    await index.close();
    const db = new DatabaseSync(path);
    expect(db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    db.close();
    await exited;
  });
});
