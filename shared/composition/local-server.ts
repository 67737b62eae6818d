import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ServerType, serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { createApi } from '../api/app.ts';
import { parseSearchParams } from '../api/search-params.ts';
import { addUploadRoutes } from '../api/uploads.ts';
import { type LocalHome, localUploads } from './local.ts';

const webRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');

/** One Node process serving the API and the page. */
export async function startLocalServer(
  home: LocalHome,
  port: number,
): Promise<{ server: ServerType; url: string }> {
  const app = createApi({
    index: home.archive.index,
    store: home.archive.store,
    publicBaseUrl: home.config.publicBaseUrl,
  });
  addUploadRoutes(app, await localUploads(home));
  const root = relative(process.cwd(), webRoot) || '.';
  // The pages are server-rendered by the API app (shared/web); here only the files they load.
  app.use('/*', serveStatic({ root }));
  app.get('/upload', serveStatic({ root, path: 'upload.html' }));
  // The page opens on the newest items. Asking for them once before listening loads what a search
  // keeps in memory (0.45–0.75 s for 100,000 items, measured), so the first visitor does not wait.
  await home.archive.index.search(parseSearchParams(new URLSearchParams('sort=newest&limit=20')));
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port, hostname: '0.0.0.0' }, (info) => {
      resolve({ server, url: `http://localhost:${info.port}` });
    });
  });
}
