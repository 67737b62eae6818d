import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ServerType, serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import { PooledSqliteIndex } from '../adapters/sqlite/sqlite-search-pool.ts';
import { createApi } from '../api/app.ts';
import { SessionStore, tokenOrSession } from '../api/auth.ts';
import { parseSearchParams } from '../api/search-params.ts';
import { addSessionRoutes } from '../api/session.ts';
import { addUploadRoutes } from '../api/uploads.ts';
import { type LocalHome, localUploads } from './local.ts';

const webRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');

export interface ServeOptions {
  /** Address to listen on: 127.0.0.1 (this machine only) unless said; 0.0.0.0 in a container. */
  host?: string;
}

/** The local home's whole app (API, login, uploads, the page), as `protokol serve` runs it. */
export async function localApp(home: LocalHome): Promise<Hono> {
  const sessions = new SessionStore();
  const authorize = tokenOrSession(home.config.uploadToken, sessions);
  const app = createApi({
    index: home.archive.index,
    store: home.archive.store,
    publicBaseUrl: home.config.publicBaseUrl,
    authorize,
  });
  addSessionRoutes(app, {
    sessions,
    token: home.config.uploadToken,
    secure: home.config.publicBaseUrl?.startsWith('https:') ?? false,
  });
  addUploadRoutes(app, {
    ...(await localUploads(home)),
    authorize,
    record: (id) => home.archive.store.getRecord(id),
  });
  const root = relative(process.cwd(), webRoot) || '.';
  // The pages are server-rendered by the API app (shared/web); here only the files they load.
  app.use('/*', serveStatic({ root }));
  app.get('/upload', serveStatic({ root, path: 'upload.html' }));
  return app;
}

/** One Node process serving the API and the page. */
export async function startLocalServer(
  home: LocalHome,
  port: number,
  options: ServeOptions = {},
): Promise<{ server: ServerType; url: string }> {
  const host = options.host ?? '127.0.0.1';
  const app = await localApp(home);
  // The page opens on the newest items. Searched in this thread, asking for them once before
  // listening loads what a search keeps in memory, so the first visitor does not wait for it.
  // Search workers do that on their own threads from the start (localIndex warms them): the
  // server listens at once, and a search asked meanwhile waits in the pool's queue.
  const index = home.archive.index;
  if (!(index instanceof PooledSqliteIndex))
    await index.search(parseSearchParams(new URLSearchParams('sort=newest&limit=20')));
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
      const shown =
        host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
      resolve({ server, url: `http://${shown}:${info.port}` });
    });
    server.once('error', reject);
  });
}
