import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { NotFoundError } from '../../domain/errors.ts';
import type { SourceDocument } from '../../domain/model.ts';
import type { DocumentStore } from '../../ports/document-store.port.ts';

const ID = /^[a-f0-9]{16,64}$/;

/**
 * Documents in a data folder: documents/<sha256>/ holds original, record.json and derived results.
 * Every write goes to a temporary file first and is renamed into place, so a crash never leaves
 * half a file behind.
 */
export class FsDocumentStore implements DocumentStore {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = join(dataDir, 'documents');
  }

  #dir(id: string): string {
    if (!ID.test(id)) throw new NotFoundError(`no document with id "${id}"`);
    return join(this.root, id);
  }

  async #write(path: string, data: string | Uint8Array): Promise<void> {
    const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(tmp, data);
    await rename(tmp, path);
  }

  async putOriginal(id: string, bytes: Uint8Array): Promise<void> {
    const dir = this.#dir(id);
    await mkdir(dir, { recursive: true });
    const path = join(dir, 'original');
    if (await exists(path)) return;
    await this.#write(path, bytes);
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
    const dir = this.#dir(id);
    await mkdir(dir, { recursive: true });
    await this.#write(join(dir, `${name}.json`), JSON.stringify(value));
  }

  async getDerived<T>(id: string, name: string): Promise<T | null> {
    return readJson<T>(join(this.#dir(id), `${name}.json`));
  }

  async putRecord(record: SourceDocument): Promise<void> {
    const dir = this.#dir(record.id);
    await mkdir(dir, { recursive: true });
    await this.#write(join(dir, 'record.json'), JSON.stringify(record, null, 1));
  }

  async getRecord(id: string): Promise<SourceDocument | null> {
    if (!ID.test(id)) return null;
    return readJson<SourceDocument>(join(this.#dir(id), 'record.json'));
  }

  async listRecords(): Promise<SourceDocument[]> {
    let ids: string[];
    try {
      ids = await readdir(this.root);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const records = await Promise.all(ids.filter((id) => ID.test(id)).map((id) => this.getRecord(id)));
    return records
      .filter((r): r is SourceDocument => r !== null)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async delete(id: string): Promise<void> {
    await rm(this.#dir(id), { recursive: true, force: true });
  }
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
