import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import type { StoredFile } from '../../domain/model.ts';
import type { DocumentStore } from '../../ports/document-store.port.ts';
import type { Inbox } from '../../ports/inbox.port.ts';

/**
 * A folder standing in for the `uploads/` prefix of the bucket, so the AWS functions run on one
 * machine (`npm run invoke`): the key `uploads/minutes/x.pdf` is the file `<folder>/minutes/x.pdf`.
 * Which document each key became is kept in `<dataDir>/upload-links/`.
 */
export class FolderInbox implements Inbox {
  readonly #folder: string;
  readonly #links: string;
  readonly #store: DocumentStore;

  constructor(folder: string, dataDir: string, store: DocumentStore) {
    this.#folder = resolve(folder);
    this.#links = join(dataDir, 'upload-links');
    this.#store = store;
  }

  #path(key: string): string {
    const path = resolve(this.#folder, key.replace(/^uploads\//, ''));
    if (relative(this.#folder, path).startsWith('..')) throw new Error(`${key}: outside the inbox`);
    return path;
  }

  #link(key: string): string {
    return join(this.#links, `${createHash('sha1').update(key).digest('hex')}.txt`);
  }

  async adopt(key: string): Promise<StoredFile | null> {
    const path = this.#path(key);
    const hash = createHash('sha256');
    let size = 0;
    try {
      for await (const chunk of createReadStream(path)) {
        hash.update(chunk as Buffer);
        size += (chunk as Buffer).length;
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const id = hash.digest('hex');
    await this.#store.putOriginal(id, await readFile(path));
    await mkdir(this.#links, { recursive: true });
    await writeFile(this.#link(key), id);
    return { id, name: basename(path), size, metadata: {} };
  }

  async release(key: string): Promise<string | null> {
    try {
      const id = (await readFile(this.#link(key), 'utf8')).trim();
      await rm(this.#link(key));
      return id || null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }
}
