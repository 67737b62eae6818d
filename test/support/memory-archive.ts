import { FsDocumentStore } from '../../shared/adapters/fs/fs-document-store.ts';
import { SqliteAgendaIndex } from '../../shared/adapters/sqlite/sqlite-agenda-index.ts';
import { SqliteMeetingStore } from '../../shared/adapters/sqlite/sqlite-meeting-store.ts';
import { localExtraction } from '../../shared/composition/local.ts';
import { Archive } from '../../shared/ingest/ingest.ts';
import { fixture, tempDir } from './fixtures.ts';

/** A real local archive (files in a temporary folder, SQLite in memory) with fixtures taken in. */
export async function archiveWith(paths: string[]): Promise<Archive> {
  const dir = await tempDir();
  const archive = new Archive({
    store: new FsDocumentStore(dir),
    meetings: new SqliteMeetingStore(dir),
    index: new SqliteAgendaIndex(':memory:'),
    extraction: localExtraction({ ocr: false }),
  });
  for (const path of paths) await archive.ingest({ name: path.split('/').pop()!, bytes: fixture(path) });
  return archive;
}
