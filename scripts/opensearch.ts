// npm run opensearch [-- --port 9200|FROM-TO] [--home DIR] [--heap MB]
//
// Starts a real single-node OpenSearch 2.19 (scripts/opensearch-node.ts): builds the Java launcher
// in opensearch/ with Maven if needed, prints the URL when the node is ready, and stops it cleanly
// on Ctrl-C or SIGTERM. Without --home its data is a temporary folder, deleted on exit.

import { parseArgs } from 'node:util';
import { OpenSearchNodeError, startOpenSearch } from './opensearch-node.ts';

async function main(): Promise<number> {
  let values: { port?: string; home?: string; heap?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        home: { type: 'string' },
        heap: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    console.error(`npm run opensearch: ${(error as Error).message}`);
    return 64;
  }
  if (values.help) {
    console.log('usage: npm run opensearch [-- --port 9200|FROM-TO] [--home DIR] [--heap MB]');
    return 0;
  }
  const heap = values.heap === undefined ? 512 : Number(values.heap);
  if (!Number.isInteger(heap) || heap < 256) {
    console.error(
      `npm run opensearch: --heap must be a whole number of MB, 256 or more, not "${values.heap}"`,
    );
    return 64;
  }
  const started = Date.now();
  const node = await startOpenSearch({
    httpPort: values.port ?? '9200-9299',
    heapMb: heap,
    onLog: (line) => console.error(line),
    ...(values.home ? { home: values.home } : {}),
  });
  console.log(`OpenSearch 2.19 ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${node.url}`);
  console.log(`  OPENSEARCH_URL=${node.url} npm test`);
  console.log(`  npx protokol serve --index opensearch --opensearch-url ${node.url}`);
  console.log('Ctrl-C stops it.');
  await new Promise<void>((done) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => done());
  });
  console.log('stopping OpenSearch…');
  await node.stop();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof OpenSearchNodeError ? error.message : error);
    process.exit(1);
  },
);
