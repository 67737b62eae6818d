import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLocalHome } from '../../shared/composition/local.ts';
import { type Command, configFrom, UsageError, type Values } from '../command.ts';

const SAMPLES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'samples');

function portOf(values: Values): number | undefined {
  if (typeof values.port !== 'string') return undefined;
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be a port number, not "${values.port}"`);
  return port;
}

async function serveUntilStopped(
  values: Values,
  before?: (home: ReturnType<typeof createLocalHome>) => Promise<void>,
) {
  const port = portOf(values);
  // The home first: its search workers start, and load the index, while this thread loads the
  // server's modules (the API, the pages, zod), imported only then.
  const home = createLocalHome(configFrom(values, port === undefined ? {} : { port }), { serving: true });
  const { startLocalServer } = await import('../../shared/composition/local-server.ts');
  await before?.(home);
  const host = typeof values.host === 'string' && values.host ? values.host : '127.0.0.1';
  const { server, url } = await startLocalServer(home, home.config.port, { host });
  console.log(`protokol serves search at ${url} (data: ${home.config.dataDir})`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      server.close(() => resolve());
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await home.close();
  return 0;
}

export const serveCommand: Command = {
  summary: 'serve the API and the search page',
  usage: 'protokol serve [--port 3000] [--host 127.0.0.1] [--index opensearch --opensearch-url URL]',
  help: `Serves the search page and the API (/api/search, /api/meetings/{id}, …) from one process.

Options:
  --port N      port to listen on (default 3000, or PROTOKOL_PORT)
  --host ADDR   address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 in a
                container, or to serve the network, ideally behind a TLS proxy)`,
  options: { port: { type: 'string' }, host: { type: 'string' } },
  run: (_positionals, values) => serveUntilStopped(values),
};

export const startCommand: Command = {
  summary: 'take in the bundled sample minutes, then serve (what npm start runs)',
  usage: 'protokol start [--port 3000] [--host 127.0.0.1]',
  help: `Ingests the sample minutes and bilag shipped in samples/ into the data folder (files already
there are left unchanged), then serves search as 'protokol serve' does (--port, --host).`,
  options: { port: { type: 'string' }, host: { type: 'string' } },
  run: (_positionals, values) =>
    serveUntilStopped(values, async (home) => {
      // Imported here: `serve` alone takes nothing in (7 ms of its start).
      const { formatOutcome, formatSummary, ingestPaths } = await import('./ingest.ts');
      console.log(`Taking in the sample documents from ${SAMPLES} …`);
      const summary = await ingestPaths(home.archive, [SAMPLES], {}, (o) => {
        if (o.status !== 'unchanged') console.log(formatOutcome(o));
      });
      console.log(formatSummary(summary));
    }),
};
