import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FsDocumentStore } from '../../shared/adapters/fs/fs-document-store.ts';
import { SqliteMeetingStore } from '../../shared/adapters/sqlite/sqlite-meeting-store.ts';
import { localExtraction } from '../../shared/composition/local.ts';
import { Archive } from '../../shared/ingest/ingest.ts';
import type { AgendaIndex } from '../../shared/ports/agenda-index.port.ts';
import { fixture, fixtures, tempDir } from './fixtures.ts';

/** The Greve FirstAgenda meetings: 105 real answers of dagsordener.greve.dk. */
export const GREVE_DIR = join(fixtures, 'firstagenda', 'greve');

/** The real documents of the fixtures the relevance suite takes in besides the Greve meetings. */
export const REAL_DOCUMENTS = ['minutes', 'bilag', 'real', 'realworld'].flatMap((dir) =>
  readdirSync(join(fixtures, dir))
    .filter((f) => /\.(pdf|docx|html?)$/i.test(f))
    .map((f) => `${dir}/${f}`),
);

/**
 * The relevance corpus in `index`: the real PDFs, DOCX and HTML of the fixtures and the Greve
 * portal answers, all taken in through the archive as a user's `protokol load` would (extracted,
 * read by the minutes parser or the FirstAgenda reader, merged, bilag linked).
 */
export async function buildRelevanceCorpus(index: AgendaIndex): Promise<Archive> {
  const dir = await tempDir();
  const archive = new Archive({
    store: new FsDocumentStore(dir),
    meetings: new SqliteMeetingStore(dir),
    index,
    extraction: localExtraction({ ocr: false }),
  });
  const greve = readdirSync(GREVE_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => `firstagenda/greve/${f}`);
  for (const path of [...REAL_DOCUMENTS, ...greve]) {
    const outcome = await archive.ingest({ name: path.split('/').pop()!, bytes: fixture(path) });
    if (outcome.status === 'failed') throw new Error(`${path}: ${outcome.reason}`);
  }
  return archive;
}
