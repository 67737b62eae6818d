import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ImportJournal, JournalState } from '../../firstagenda/import-portal.ts';

/** An import's journal as a JSON file, written to a temporary file and renamed, so kill -9 never leaves half of it. */
export class FsImportJournal implements ImportJournal {
  readonly #path: string;

  constructor(path: string) {
    this.#path = path;
  }

  async load(): Promise<JournalState> {
    try {
      const state = JSON.parse(await readFile(this.#path, 'utf8')) as JournalState;
      return { meetings: state.meetings ?? {} };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { meetings: {} };
      throw new Error(`${this.#path}: the import journal cannot be read (${(error as Error).message})`);
    }
  }

  async save(state: JournalState): Promise<void> {
    await mkdir(dirname(this.#path), { recursive: true });
    const tmp = `${this.#path}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(state));
    await rename(tmp, this.#path);
  }
}
