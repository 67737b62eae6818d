import { FsDocumentStore } from '../../shared/adapters/fs/fs-document-store.ts';
import { SqliteAgendaIndex } from '../../shared/adapters/sqlite/sqlite-agenda-index.ts';
import { IndexDirectory } from '../../shared/adapters/sqlite/swappable-sqlite-index.ts';
import { localExtraction } from '../../shared/composition/local.ts';
import { Archive } from '../../shared/ingest/ingest.ts';
import { type Command, configFrom } from '../main.ts';

export const reindexCommand: Command = {
  summary: 'rebuild the index from stored results, and swap it in when done',
  usage: 'protokol reindex',
  help: `Builds a new search index from the text and structure stored for every document (no
re-extraction, no OCR; the text is parsed again, so parser improvements apply), then swaps it
in at once. A running 'protokol serve' keeps answering from the old index meanwhile and
follows the swap within a second.`,
  options: {},
  async run(_positionals, values) {
    const config = configFrom(values, { ocr: false });
    const files = new IndexDirectory(config.dataDir);
    const path = files.next();
    const index = new SqliteAgendaIndex(path);
    const archive = new Archive({
      store: new FsDocumentStore(config.dataDir),
      index,
      extraction: localExtraction({ ocr: false }),
    });
    const started = performance.now();
    let documents = 0;
    await archive.reindexAll(() => {
      documents++;
      if (documents % 100 === 0) console.log(`${documents} documents …`);
    });
    await index.close();
    files.swapTo(path);
    console.log(
      `reindexed ${documents} documents in ${((performance.now() - started) / 1000).toFixed(1)} s; now serving ${path}`,
    );
    return 0;
  },
};
