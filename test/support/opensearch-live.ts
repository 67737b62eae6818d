import { Client } from '@opensearch-project/opensearch';
import {
  OpenSearchAgendaIndex,
  type OpenSearchIndexOptions,
} from '../../shared/adapters/opensearch/opensearch-agenda-index.ts';

// The live OpenSearch of this test run: OPENSEARCH_URL, set by test/support/opensearch-global-setup.ts
// (which starts a node when a test file reading OPENSEARCH_URL is in the run) or by whoever ran
// the tests against a node of their own.

/** The URL of the live node, or undefined when this run has none (the live suites skip). */
export const liveUrl: string | undefined = process.env.OPENSEARCH_URL;

let sequence = 0;

/** A client for the live node. */
export function liveClient(): Client {
  return new Client({ node: liveUrl!, ssl: { rejectUnauthorized: false } });
}

/** A prefix no other test (or test file running in parallel) uses. */
export function uniquePrefix(name: string): string {
  return `protokol-test-${name}-${process.pid}-${Date.now().toString(36)}-${sequence++}`;
}

/**
 * An index on the live node under a prefix of its own, writes visible at once. `drop()` deletes
 * every index of the prefix, versions included.
 */
export async function liveIndex(
  name: string,
  options: OpenSearchIndexOptions & { ensure?: boolean } = {},
): Promise<{ index: OpenSearchAgendaIndex; client: Client; prefix: string; drop(): Promise<void> }> {
  const client = liveClient();
  const prefix = options.prefix ?? uniquePrefix(name);
  const index = new OpenSearchAgendaIndex(client, { refresh: true, ...options, prefix });
  if (options.ensure !== false) await index.ensureIndexes();
  return {
    index,
    client,
    prefix,
    drop: async () => {
      await client.indices.delete({ index: `${prefix}-*`, expand_wildcards: 'all' } as never);
    },
  };
}
