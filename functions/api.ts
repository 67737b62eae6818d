import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { awsApi } from '../shared/composition/aws.ts';
import { awsHome } from './aws-home.ts';
import { observed } from './observability.ts';

/** The API behind API Gateway (HTTP API, payload 2.0): the Hono app of the local server. */
export function apiHandler(app: () => Promise<Hono>) {
  let api: ReturnType<typeof handle> | undefined;
  return async (event: APIGatewayProxyEventV2, context: Context) => {
    api ??= handle(await app());
    return (await api(event as never, context)) as APIGatewayProxyResultV2;
  };
}

/** The public search API: read only. */
export const handler = observed(apiHandler(async () => awsApi(await awsHome(), { uploads: false })));
