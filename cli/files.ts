import { type Dirent, statSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

export interface FoundFile {
  path: string;
  name: string;
  error?: string;
}

/** What `stat` says of a file: enough to tell it has not changed since it was last read. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ino: number;
}

/**
 * The document id (content hash) last read from each path, with the file's size, modification
 * time and inode then: a file whose stamp is the same has the same bytes, so a re-run over a
 * folder reads and hashes only what changed (as rsync, make and recoll decide). The content hash
 * stays the identity; this only saves reading it again. Kept as one JSON file per target.
 */
export class StatCache {
  readonly #path: string;
  readonly #entries = new Map<string, FileStamp & { id: string }>();
  #dirty = false;

  private constructor(path: string) {
    this.#path = path;
  }

  /** The cache kept at `path`; an unreadable or damaged one is an empty cache, never an error. */
  static async open(path: string): Promise<StatCache> {
    const cache = new StatCache(path);
    try {
      const saved = JSON.parse(await readFile(path, 'utf8')) as {
        version: number;
        files: [string, number, number, number, string][];
      };
      if (saved.version === 1)
        for (const [file, size, mtimeMs, ino, id] of saved.files)
          cache.#entries.set(file, { size, mtimeMs, ino, id });
    } catch {
      // No cache yet, or one from an interrupted write: every file is read once more.
    }
    return cache;
  }

  /** The id last read from this path, when the file's stamp has not changed since. */
  idOf(path: string, stamp: FileStamp): string | null {
    const entry = this.#entries.get(resolve(path));
    if (!entry) return null;
    const same = entry.size === stamp.size && entry.mtimeMs === stamp.mtimeMs && entry.ino === stamp.ino;
    return same ? entry.id : null;
  }

  remember(path: string, stamp: FileStamp, id: string): void {
    this.#entries.set(resolve(path), { ...stamp, id });
    this.#dirty = true;
  }

  async save(): Promise<void> {
    if (!this.#dirty) return;
    this.#dirty = false;
    const files = [...this.#entries].map(([file, e]) => [file, e.size, e.mtimeMs, e.ino, e.id]);
    await mkdir(dirname(this.#path), { recursive: true });
    const tmp = `${this.#path}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify({ version: 1, files }));
    await rename(tmp, this.#path);
  }
}

/** The stamp of a file, or null when it cannot be read. */
export async function stampOf(path: string): Promise<FileStamp | null> {
  try {
    // Synchronous: a stat takes microseconds, through the thread pool 5–10× that (a re-run over
    // unchanged files is mostly stats).
    const info = statSync(path, { throwIfNoEntry: false });
    return info ? { size: info.size, mtimeMs: info.mtimeMs, ino: info.ino } : null;
  } catch {
    return null;
  }
}

const SKIP = /^(\.|~\$|Thumbs\.db$|desktop\.ini$)/i;
/** One Danish collator: `localeCompare(…, 'da')` builds one for every comparison (most of a walk). */
const DANISH = new Intl.Collator('da');

/**
 * Every file under the given paths, depth first in name order, without holding a whole folder
 * tree in memory. A path that cannot be read is reported, not thrown.
 */
export async function* walkFiles(paths: string[]): AsyncGenerator<FoundFile> {
  for (const path of paths) {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch (error) {
      yield {
        path,
        name: basename(path),
        error:
          (error as NodeJS.ErrnoException).code === 'ENOENT'
            ? 'no such file or folder'
            : (error as Error).message,
      };
      continue;
    }
    if (info.isFile()) {
      yield { path, name: basename(path) };
      continue;
    }
    if (!info.isDirectory()) continue;
    const names: { name: string; dir: boolean }[] = [];
    let entries: Dirent[];
    try {
      entries = await readdir(path, { withFileTypes: true });
    } catch (error) {
      yield { path, name: basename(path), error: (error as Error).message };
      continue;
    }
    for (const entry of entries)
      if (!SKIP.test(entry.name)) names.push({ name: entry.name, dir: entry.isDirectory() });
    names.sort((a, b) => DANISH.compare(a.name, b.name));
    for (const entry of names) {
      const full = join(path, entry.name);
      if (entry.dir) yield* walkFiles([full]);
      else yield { path: full, name: entry.name };
    }
  }
}
