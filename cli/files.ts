import { opendir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';

export interface FoundFile {
  path: string;
  name: string;
  error?: string;
}

const SKIP = /^(\.|~\$|Thumbs\.db$|desktop\.ini$)/i;

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
    for await (const entry of await opendir(path)) {
      if (!SKIP.test(entry.name)) names.push({ name: entry.name, dir: entry.isDirectory() });
    }
    names.sort((a, b) => a.name.localeCompare(b.name, 'da'));
    for (const entry of names) {
      const full = join(path, entry.name);
      if (entry.dir) yield* walkFiles([full]);
      else yield { path: full, name: entry.name };
    }
  }
}
