import { afterAll, describe } from 'vitest';
import { liveIndex, liveUrl } from '../support/opensearch-live.ts';
import { agendaIndexContract, searchLanguageContract } from './agenda-index.contract.ts';

// The whole AgendaIndex contract (the one SQLite passes) against a live OpenSearch 2.19: the node
// `npm test` starts for the run (test/support/opensearch-global-setup.ts), or the one OPENSEARCH_URL
// names.
describe.skipIf(!liveUrl)('live OpenSearch (OPENSEARCH_URL)', () => {
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const drop of drops) await drop();
  });
  const make = async () => {
    const live = await liveIndex('contract');
    drops.push(live.drop);
    return live.index;
  };
  agendaIndexContract(`OpenSearch at ${liveUrl}`, make);
  searchLanguageContract(`OpenSearch at ${liveUrl}`, make);
});
