// A search worker: a thread with its own read-only connection to the local index, answering the
// searches the server hands it (sqlite-search-pool.ts), so that computed searches use every core.
// Writes stay on the server's connection; this one sees them at its next search (PRAGMA
// data_version), and follows CURRENT because the server names the file with every request.

import { parentPort } from 'node:worker_threads';
import { ProtokolError } from '../../domain/errors.ts';
import type { SearchQuery, SearchResult } from '../../ports/agenda-index.port.ts';
import { SqliteAgendaIndex } from './sqlite-agenda-index.ts';

export interface SearchRequest {
  id: number;
  /** The index file in use (the server follows data/index/CURRENT). */
  path: string;
  /** The search; null to open the index and load its columns only (a warm-up), answered with a null result. */
  query: SearchQuery | null;
}

/** What crosses back: the result, or the error a search raised, with its stable code. */
export type SearchReply =
  | { id: number; result: SearchResult | null }
  | { id: number; error: { message: string; code?: string; parameter?: string } };

let open: { path: string; index: SqliteAgendaIndex } | null = null;

async function answer({ id, path, query }: SearchRequest): Promise<SearchReply> {
  try {
    if (open?.path !== path) {
      await open?.index.close();
      open = null;
      open = { path, index: new SqliteAgendaIndex(path, { readOnly: true }) };
    }
    if (!query) {
      open.index.warm();
      return { id, result: null };
    }
    return { id, result: await open.index.search(query) };
  } catch (error) {
    const e = error as Error & { parameter?: string };
    return {
      id,
      error: {
        message: e.message,
        ...(error instanceof ProtokolError ? { code: error.code } : {}),
        ...(typeof e.parameter === 'string' ? { parameter: e.parameter } : {}),
      },
    };
  }
}

// One search at a time: the pool hands a worker its next search only when it has answered.
parentPort?.on('message', async (request: SearchRequest) => {
  parentPort!.postMessage(await answer(request));
});
