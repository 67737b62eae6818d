import { FsDocumentStore } from '../../shared/adapters/fs/fs-document-store.ts';
import type { OpenSearchAgendaIndex } from '../../shared/adapters/opensearch/opensearch-agenda-index.ts';
import { SqliteAgendaIndex } from '../../shared/adapters/sqlite/sqlite-agenda-index.ts';
import { IndexDirectory } from '../../shared/adapters/sqlite/swappable-sqlite-index.ts';
import { localExtraction, localIndex } from '../../shared/composition/local.ts';
import type { LocalConfig } from '../../shared/config.ts';
import { Archive } from '../../shared/ingest/ingest.ts';
import { type Command, configFrom } from '../main.ts';

export const reindexCommand: Command = {
  summary: 'rebuild the index from stored results, and swap it in when done',
  usage: 'protokol reindex [--index opensearch --opensearch-url URL]',
  help: `Builds a new search index from the text and structure stored for every document (no
re-extraction, no OCR; the text is parsed again, so parser improvements apply), then swaps it
in at once. A running 'protokol serve' keeps answering from the old index meanwhile and
follows the swap within a second. On OpenSearch new index versions are filled and both aliases
swapped to them in one step.`,
  options: {},
  async run(_positionals, values) {
    const config = configFrom(values, { ocr: false });
    if (config.index === 'opensearch') return reindexOpenSearch(config);
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

/** New versions of the OpenSearch indexes filled from the stored results, then both aliases swapped at once. */
async function reindexOpenSearch(config: LocalConfig): Promise<number> {
  const index = localIndex(config) as OpenSearchAgendaIndex & { close(): Promise<void> };
  const started = performance.now();
  let documents = 0;
  try {
    const target = await index.rebuild(async (fresh) => {
      const archive = new Archive({
        store: new FsDocumentStore(config.dataDir),
        index: fresh,
        extraction: localExtraction({ ocr: false }),
      });
      await archive.reindexAll(() => {
        documents++;
        if (documents % 100 === 0) console.log(`${documents} documents …`);
      });
    });
    console.log(
      `reindexed ${documents} documents in ${((performance.now() - started) / 1000).toFixed(1)} s; now serving ${target.items} and ${target.meetings}`,
    );
    return 0;
  } finally {
    await index.close();
  }
}
