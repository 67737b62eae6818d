import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { expect, it } from 'vitest';
import { setupHandler } from '../../functions/opensearch-setup.ts';
import { clientAnswering, type Exchange } from '../support/opensearch-replay.ts';

const INGEST = 'arn:aws:iam::123456789012:role/Protokol-PipelineIngest';
const SEARCH = 'arn:aws:iam::123456789012:role/Protokol-SearchApi';

function event(RequestType: 'Create' | 'Update' | 'Delete'): CloudFormationCustomResourceEvent {
  return {
    RequestType,
    ServiceToken: 'arn:aws:lambda:eu-north-1:123456789012:function:setup',
    ResponseURL: 'https://cloudformation-custom-resource-response.example',
    StackId: 'arn:aws:cloudformation:eu-north-1:123456789012:stack/Protokol/1',
    RequestId: 'r-1',
    LogicalResourceId: 'SearchRoleMapping',
    ResourceType: 'AWS::CloudFormation::CustomResource',
    PhysicalResourceId: 'protokol-roles',
    ResourceProperties: {
      ServiceToken: 'arn:aws:lambda:eu-north-1:123456789012:function:setup',
      endpoint: 'https://search-protokol.eu-north-1.es.amazonaws.com',
      writers: [INGEST],
      readers: [SEARCH],
    },
  } as CloudFormationCustomResourceEvent;
}

it('creates the indexes if missing, the ingest and search roles, and maps the function roles to them', async () => {
  const requests: Exchange['request'][] = [];
  const handler = setupHandler(() =>
    clientAnswering((request) => {
      requests.push(request);
      return { status: 200, body: { status: 'OK', message: "'protokol_ingest' updated." } };
    }),
  );
  expect(await handler(event('Create'))).toEqual({
    PhysicalResourceId: 'protokol-roles@https://search-protokol.eu-north-1.es.amazonaws.com',
  });
  expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
    // Both aliases exist already (the answer is 200), so no index is created again.
    'HEAD /_alias/protokol-items',
    'HEAD /_alias/protokol-meetings',
    'PUT /_plugins/_security/api/roles/protokol_ingest',
    'PUT /_plugins/_security/api/roles/protokol_search',
    'PUT /_plugins/_security/api/rolesmapping/protokol_ingest',
    'PUT /_plugins/_security/api/rolesmapping/protokol_search',
  ]);
  expect(requests[3]!.body).toEqual({
    cluster_permissions: ['cluster_composite_ops_ro'],
    index_permissions: [{ index_patterns: ['protokol-*'], allowed_actions: ['read'] }],
  });
  expect(requests[4]!.body).toEqual({ backend_roles: [INGEST] });
  expect(requests[5]!.body).toEqual({ backend_roles: [SEARCH] });
});

it('leaves the domain as it is when the stack is deleted', async () => {
  const requests: unknown[] = [];
  const handler = setupHandler(() =>
    clientAnswering((request) => {
      requests.push(request);
      return { status: 200, body: {} };
    }),
  );
  await handler(event('Delete'));
  expect(requests).toEqual([]);
});

it('fails the deployment, saying why, when OpenSearch refuses', async () => {
  const handler = setupHandler(() =>
    clientAnswering(() => ({
      status: 403,
      body: { error: { type: 'security_exception', reason: 'no permissions for [restapi:admin/roles]' } },
    })),
  );
  await expect(handler(event('Update'))).rejects.toThrow(
    /creating the protokol indexes failed: .*OpenSearch answered 403/,
  );
});
