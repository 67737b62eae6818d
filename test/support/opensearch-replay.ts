import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, errors } from '@opensearch-project/opensearch';
import Mock from '@short.io/opensearch-mock';
import { fixtures } from './fixtures.ts';

/** One exchange with OpenSearch: the request the adapter sends and the answer an OpenSearch 2.x node gives. */
export interface Exchange {
  request: { method: string; path: string; querystring?: Record<string, string>; body?: unknown };
  response: { status: number; body: unknown };
}

type Request = Exchange['request'];

/** A client whose one node answers each request with `answer(request)`. */
export function clientAnswering(answer: (request: Request) => Exchange['response']): Client {
  // The package's types need the default export unwrapped under nodenext.
  const MockClass = ((Mock as unknown as { default?: unknown }).default ?? Mock) as unknown as new () => {
    add(pattern: unknown, resolver: (params: Request) => unknown): void;
    getConnection(): never;
  };
  const mock = new MockClass();
  mock.add({ method: ['GET', 'POST', 'PUT', 'DELETE', 'HEAD'], path: '*' } as never, (params: Request) => {
    const request: Request = { method: params.method, path: params.path };
    if (params.querystring && Object.keys(params.querystring).length)
      request.querystring = params.querystring;
    if (params.body !== undefined && params.body !== null && params.body !== '') request.body = params.body;
    const { status, body } = answer(request);
    if (status >= 300) return new errors.ResponseError({ body, statusCode: status } as never) as never;
    return body as Record<string, unknown>;
  });
  return new Client({ node: 'http://opensearch.replay:9200', Connection: mock.getConnection() });
}

/**
 * A client that replays recorded exchanges in order. A request that differs from the recording
 * is answered with status 599 and both versions, so the test fails showing the difference.
 */
export function replayClient(exchanges: Exchange[]): { client: Client; remaining: () => number } {
  const queue = [...exchanges];
  const client = clientAnswering((request) => {
    const next = queue.shift();
    if (!next || JSON.stringify(next.request) !== JSON.stringify(request)) {
      return {
        status: 599,
        body: { error: 'replay mismatch', expected: next?.request ?? null, got: request },
      };
    }
    return next.response;
  });
  return { client, remaining: () => queue.length };
}

export function recording(name: string): Exchange[] {
  return JSON.parse(readFileSync(join(fixtures, 'opensearch', `${name}.json`), 'utf8')) as Exchange[];
}
