import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Client } from '@opensearch-project/opensearch';
import { AwsSigv4Signer } from '@opensearch-project/opensearch/aws';

/** An OpenSearch client whose requests are signed (SigV4) with the function role's credentials. */
export function signedOpenSearchClient(endpoint: string, region: string): Client {
  const credentials = defaultProvider();
  return new Client({
    ...AwsSigv4Signer({ region, service: 'es', getCredentials: () => credentials() }),
    node: endpoint,
  });
}
