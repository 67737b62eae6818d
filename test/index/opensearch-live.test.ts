import { Client } from '@opensearch-project/opensearch';
import { describe } from 'vitest';
import { OpenSearchAgendaIndex } from '../../shared/adapters/opensearch/opensearch-agenda-index.ts';
import { agendaIndexContract, searchLanguageContract } from './agenda-index.contract.ts';

// The whole AgendaIndex contract against a live OpenSearch, when OPENSEARCH_URL names one
// (docker compose up opensearch; OPENSEARCH_URL=http://localhost:9200 npm test).
const url = process.env.OPENSEARCH_URL;
describe.skipIf(!url)('live OpenSearch (OPENSEARCH_URL)', () => {
  const make = async () => {
    const index = new OpenSearchAgendaIndex(new Client({ node: url!, ssl: { rejectUnauthorized: false } }), {
      prefix: `protokol-test-${Date.now()}`,
      refresh: true,
    });
    await index.ensureIndexes();
    return index;
  };
  agendaIndexContract(`OpenSearch at ${url}`, make);
  searchLanguageContract(`OpenSearch at ${url}`, make);
});
