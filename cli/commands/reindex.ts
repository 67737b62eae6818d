import type { OpenSearchAgendaIndex } from '../../shared/adapters/opensearch/opensearch-agenda-index.ts';
import { SqliteAgendaIndex } from '../../shared/adapters/sqlite/sqlite-agenda-index.ts';
import { IndexDirectory } from '../../shared/adapters/sqlite/swappable-sqlite-index.ts';
import { createAwsHome, reindexAws } from '../../shared/composition/aws.ts';
import { createLocalHome } from '../../shared/composition/local.ts';
import { type LocalConfig, readAwsConfig } from '../../shared/config.ts';
import { type Command, configFrom } from '../command.ts';

/** How long a process that has the index open may go on writing to the old file after a swap. */
const FOLLOW_MS = 1_200;

export const reindexCommand: Command = {
  summary: 'rebuild the index from the meeting store, and swap it in when done',
  usage: 'protokol reindex [--aws] [--index opensearch --opensearch-url URL]',
  help: `Builds a new search index from the meeting store: the text stored for every document is
parsed again (no re-extraction, no OCR; parser improvements apply), its part of its meeting
updated, and every meeting written into a new index file, which is then swapped in at once.
A running 'protokol serve' keeps answering and taking uploads meanwhile; what changes during
the rebuild is replayed into the new index before and after the swap, so nothing is lost.

Options:
  --index opensearch --opensearch-url URL
          rebuild the local home's OpenSearch indexes: new versions are filled from the meeting
          store and both aliases swapped at once.
  --aws   rebuild a deployment's OpenSearch indexes instead: new versions are built from the
          meeting store in the bucket and the aliases swapped, with no downtime. Reads
          PROTOKOL_BUCKET, PROTOKOL_OPENSEARCH_ENDPOINT and AWS credentials from the environment.`,
  options: { aws: { type: 'boolean' } },
  async run(_positionals, values) {
    if (values.aws) {
      const started = performance.now();
      const done = await reindexAws(createAwsHome(readAwsConfig()));
      console.log(
        `reindexed ${done.documents} documents in ${((performance.now() - started) / 1000).toFixed(1)} s (${done.meetings} meetings); now serving ${done.items} and ${done.meetingsIndex}`,
      );
      return 0;
    }
    const config = configFrom(values, { ocr: false });
    if (config.index === 'opensearch') return reindexOpenSearch(config);
    const home = createLocalHome(config);
    const files = new IndexDirectory(config.dataDir);
    const path = files.next();
    const index = new SqliteAgendaIndex(path);
    const started = performance.now();
    let documents = 0;
    try {
      const done = await home.archive.reindexInto(index, {
        swap: async () => files.swapTo(path),
        settle: () => new Promise((r) => setTimeout(r, FOLLOW_MS)),
        onDocument: () => {
          documents++;
          if (documents % 100 === 0) console.log(`${documents} documents …`);
        },
      });
      console.log(
        `reindexed ${done.documents} documents in ${((performance.now() - started) / 1000).toFixed(1)} s (${done.meetings} meetings); now serving ${path}`,
      );
      return 0;
    } finally {
      await index.close();
      await home.close();
    }
  },
};

/** New versions of the OpenSearch indexes filled from the meeting store, then both aliases swapped at once. */
async function reindexOpenSearch(config: LocalConfig): Promise<number> {
  const home = createLocalHome(config);
  const index = home.archive.index as OpenSearchAgendaIndex;
  const started = performance.now();
  let documents = 0;
  try {
    const target = await index.rebuild(async (fresh) => {
      await home.archive.reindexInto(fresh, {
        // The aliases are swapped by rebuild once the new versions are full.
        swap: async () => {},
        onDocument: () => {
          documents++;
          if (documents % 100 === 0) console.log(`${documents} documents …`);
        },
      });
    });
    console.log(
      `reindexed ${documents} documents in ${((performance.now() - started) / 1000).toFixed(1)} s; now serving ${target.items} and ${target.meetings}`,
    );
    return 0;
  } finally {
    await home.close();
  }
}
