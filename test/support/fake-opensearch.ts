import type { Client } from '@opensearch-project/opensearch';
import { clientAnswering } from './opensearch-replay.ts';

type Doc = Record<string, unknown>;

/**
 * A scripted OpenSearch node for what the index adapter does around a reindex: indexes and
 * aliases, bulk writes, gets, term queries on meetingId, delete/update by query, alias swaps.
 * It answers in the shape of OpenSearch 2.x (as the recordings in test/fixtures/opensearch do);
 * searching with analysis is not part of it: a live node (OPENSEARCH_URL) tests that.
 */
export function fakeOpenSearch(): {
  client: Client;
  indexes: Map<string, Map<string, Doc>>;
  aliases: Map<string, string[]>;
} {
  const indexes = new Map<string, Map<string, Doc>>();
  const aliases = new Map<string, string[]>();
  const resolve = (name: string): string[] => aliases.get(name) ?? (indexes.has(name) ? [name] : []);
  const docsOf = (name: string) => resolve(name).map((i) => indexes.get(i)!);
  const ok = (body: unknown = { acknowledged: true }) => ({ status: 200, body });
  const missing = { status: 404, body: { error: { type: 'index_not_found_exception' }, status: 404 } };
  const byMeeting = (query: { term?: { meetingId?: string } } | undefined) => (d: Doc) =>
    d.meetingId === query?.term?.meetingId;
  const client = clientAnswering((request) => {
    const parts = request.path.split('/').filter(Boolean).map(decodeURIComponent);
    const body = (
      typeof request.body === 'string' && !request.path.endsWith('_bulk')
        ? JSON.parse(request.body)
        : request.body
    ) as Record<string, never> | string | undefined;
    const [first, second, third] = parts;
    if (first === '_alias' && second) {
      const targets = aliases.get(second);
      if (!targets) return missing;
      return ok(Object.fromEntries(targets.map((t) => [t, { aliases: { [second]: {} } }])));
    }
    if (first === '_aliases') {
      for (const action of (
        body as unknown as { actions: Record<string, { index: string; alias: string }>[] }
      ).actions) {
        const [verb, { index, alias }] = Object.entries(action)[0]!;
        const now = (aliases.get(alias) ?? []).filter((i) => i !== index);
        aliases.set(alias, verb === 'add' ? [...now, index] : now);
      }
      return ok();
    }
    if (first === '_bulk') {
      const lines = (
        typeof body === 'string'
          ? body
              .split('\n')
              .filter(Boolean)
              .map((l) => JSON.parse(l))
          : body
      ) as Doc[];
      const items: object[] = [];
      for (let i = 0; i < lines.length; i++) {
        const [action, meta] = Object.entries(lines[i]!)[0] as [string, { _index: string; _id: string }];
        const [target] = resolve(meta._index);
        if (action === 'delete') {
          if (target) indexes.get(target)!.delete(meta._id);
          items.push({ delete: { _id: meta._id, status: 200 } });
          continue;
        }
        const source = lines[++i]!;
        if (!target) {
          items.push({
            [action]: { _id: meta._id, status: 404, error: { type: 'index_not_found_exception' } },
          });
          continue;
        }
        indexes.get(target)!.set(meta._id, source);
        items.push({ [action]: { _id: meta._id, status: 201 } });
      }
      return ok({ errors: items.some((i) => Object.values(i)[0].status >= 300), items });
    }
    if (!first) return ok({});
    if (request.method === 'PUT' && !second) {
      indexes.set(first, new Map());
      for (const alias of Object.keys((body as { aliases?: object } | undefined)?.aliases ?? {}))
        aliases.set(alias, [...(aliases.get(alias) ?? []), first]);
      return ok({ acknowledged: true, index: first });
    }
    if (request.method === 'DELETE' && !second) {
      indexes.delete(first);
      return ok();
    }
    if (second === '_refresh') return ok({ _shards: { failed: 0 } });
    const docs = docsOf(first);
    if (!docs.length) return missing;
    if (second === '_doc' && third) {
      const found = docs.find((d) => d.has(third))?.get(third);
      if (request.method === 'DELETE') {
        for (const d of docs) d.delete(third);
        return found ? ok({ result: 'deleted' }) : { status: 404, body: { result: 'not_found' } };
      }
      return found
        ? ok({ _id: third, found: true, _source: found })
        : { status: 404, body: { found: false } };
    }
    const query = (body as { query?: { term?: { meetingId?: string } } } | undefined)?.query;
    if (second === '_search') {
      const hits = docs.flatMap((d) => [...d.entries()].filter(([, v]) => byMeeting(query)(v)));
      return ok({
        hits: { total: { value: hits.length }, hits: hits.map(([id, v]) => ({ _id: id, _source: v })) },
      });
    }
    if (second === '_delete_by_query') {
      for (const d of docs) for (const [id, v] of d) if (byMeeting(query)(v)) d.delete(id);
      return ok({ deleted: 0 });
    }
    if (second === '_update_by_query') {
      const id = (body as unknown as { script: { params: { id: string } } }).script.params.id;
      for (const d of docs)
        for (const v of d.values())
          if (Array.isArray(v.bilag))
            v.bilag = (v.bilag as { documentId: string }[]).filter((b) => b.documentId !== id);
      return ok({ updated: 0 });
    }
    return { status: 400, body: { error: `the fake does not know ${request.method} ${request.path}` } };
  });
  return { client, indexes, aliases };
}
