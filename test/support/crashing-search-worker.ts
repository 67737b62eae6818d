// The search worker, stopped dead by one query and stuck on another: for the tests that a worker
// crash or hang fails only the search it was answering, with 503, and that the pool starts
// another worker. The real worker module answers every other search; this listener runs first.

import { parentPort } from 'node:worker_threads';
import type { SearchRequest } from '../../shared/adapters/sqlite/sqlite-search-worker.ts';

parentPort!.on('message', (request: SearchRequest) => {
  if (request.query?.text === 'nedbrud') process.exit(70);
  if (request.query?.text === 'hænger') for (;;);
});
await import('../../shared/adapters/sqlite/sqlite-search-worker.ts');
