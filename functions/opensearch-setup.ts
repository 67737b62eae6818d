import type { Client } from '@opensearch-project/opensearch';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { z } from 'zod';
import { OpenSearchAgendaIndex } from '../shared/adapters/opensearch/opensearch-agenda-index.ts';
import { signedOpenSearchClient } from '../shared/adapters/opensearch/opensearch-client.ts';
import { logger, observed } from './observability.ts';

const properties = z.object({
  endpoint: z.string().url(),
  writers: z.array(z.string()),
  readers: z.array(z.string()),
});

/** What each protokol role may do in OpenSearch: least privilege on the protokol-* indexes. */
export const OPENSEARCH_ROLES = {
  protokol_ingest: {
    cluster_permissions: ['cluster_composite_ops', 'cluster_monitor', 'indices:admin/aliases/get'],
    index_permissions: [
      {
        index_patterns: ['protokol-*'],
        allowed_actions: [
          'crud',
          'create_index',
          'manage_aliases',
          'indices:admin/mapping/put',
          'indices:admin/delete',
        ],
      },
    ],
  },
  protokol_search: {
    cluster_permissions: ['cluster_composite_ops_ro'],
    index_permissions: [{ index_patterns: ['protokol-*'], allowed_actions: ['read'] }],
  },
} as const;

/** Creates the roles and maps the function roles to them, through the security plugin's REST API. */
export async function mapRoles(client: Client, writers: string[], readers: string[]): Promise<void> {
  for (const [role, body] of Object.entries(OPENSEARCH_ROLES))
    await client.transport.request({ method: 'PUT', path: `/_plugins/_security/api/roles/${role}`, body });
  const mappings = { protokol_ingest: writers, protokol_search: readers };
  for (const [role, backend_roles] of Object.entries(mappings))
    await client.transport.request({
      method: 'PUT',
      path: `/_plugins/_security/api/rolesmapping/${role}`,
      body: { backend_roles },
    });
}

/**
 * The custom resource behind the stack's OpenSearch setup. It runs as the domain's master role:
 * it creates the protokol indexes behind their aliases (once; the functions never do, so no cold
 * start pays for it and the read-only search role needs no admin rights) and maps the roles.
 * Deleting the stack leaves the domain (retained), its indexes and roles as they are.
 */
export function setupHandler(clientFor: (endpoint: string) => Client) {
  return async (event: CloudFormationCustomResourceEvent) => {
    const props = properties.parse(event.ResourceProperties);
    if (event.RequestType !== 'Delete') {
      const client = clientFor(props.endpoint);
      await explained('creating the protokol indexes', () =>
        new OpenSearchAgendaIndex(client).ensureIndexes(),
      );
      await explained('mapping the OpenSearch roles', () => mapRoles(client, props.writers, props.readers));
      logger.info('OpenSearch indexes ready and roles mapped', {
        writers: props.writers,
        readers: props.readers,
      });
    }
    return { PhysicalResourceId: `protokol-roles@${props.endpoint}` };
  };
}

/** Runs a step; a failure says which step and what OpenSearch answered, for the deploy's error. */
async function explained(step: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    const meta = (error as { meta?: { statusCode?: number; body?: unknown } }).meta;
    const answer = meta?.statusCode
      ? ` (OpenSearch answered ${meta.statusCode}${meta.body ? `: ${JSON.stringify(meta.body)}` : ''})`
      : '';
    throw new Error(`${step} failed: ${(error as Error).message}${answer}`, { cause: error });
  }
}

export const handler = observed(
  setupHandler((endpoint) => signedOpenSearchClient(endpoint, process.env.AWS_REGION ?? 'eu-north-1')),
);
