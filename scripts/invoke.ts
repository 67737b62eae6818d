// npm run invoke -- <function> <event.json>
//
// Runs one of the Lambda handlers on a sample event, as `sam local invoke` would. With
// PROTOKOL_BUCKET and PROTOKOL_OPENSEARCH_ENDPOINT set it runs against that deployment (your AWS
// credentials). Otherwise it runs on this machine: the data folder and SQLite for S3 and
// OpenSearch, a folder for the bucket's uploads/ prefix (PROTOKOL_INBOX_DIR, by default samples/),
// and tesseract.js where Textract would read scanned pages.

import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Context } from 'aws-lambda';
import { apiHandler } from '../functions/api.ts';
import { ingestHandler } from '../functions/ingest.ts';
import { observed } from '../functions/observability.ts';
import { ocrCompleteHandler } from '../functions/ocr-complete.ts';
import { FolderInbox } from '../shared/adapters/fs/folder-inbox.ts';
import { FsDocumentStore } from '../shared/adapters/fs/fs-document-store.ts';
import { InlineDeferredOcr } from '../shared/adapters/ocr/inline-deferred-ocr.ts';
import { WorkerPdfOcr } from '../shared/adapters/ocr/worker-pdf-ocr.ts';
import { SqliteMeetingStore } from '../shared/adapters/sqlite/sqlite-meeting-store.ts';
import { SwappableSqliteIndex } from '../shared/adapters/sqlite/swappable-sqlite-index.ts';
import { createApi } from '../shared/api/app.ts';
import { addUploadRoutes, cognitoGroup } from '../shared/api/uploads.ts';
import { localExtraction } from '../shared/composition/local.ts';
import { readLocalConfig } from '../shared/config.ts';
import { Archive } from '../shared/ingest/ingest.ts';

const FUNCTIONS = ['ingest', 'ocr-complete', 'api', 'uploads'] as const;
type FunctionName = (typeof FUNCTIONS)[number];

async function main(argv: string[]): Promise<number> {
  const [name, eventPath] = argv;
  if (!FUNCTIONS.includes(name as FunctionName) || !eventPath) {
    console.error(`usage: npm run invoke -- <${FUNCTIONS.join('|')}> events/<file>.json`);
    return 2;
  }
  let event: unknown;
  try {
    event = JSON.parse(await readFile(eventPath, 'utf8'));
  } catch (error) {
    console.error(`${eventPath}: ${(error as Error).message}`);
    return 2;
  }
  const context = {
    functionName: `protokol-${name}`,
    functionVersion: '$LATEST',
    awsRequestId: randomUUID(),
    memoryLimitInMB: '2048',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:protokol-${name}`,
    getRemainingTimeInMillis: () => 900_000,
  } as unknown as Context;

  if (process.env.PROTOKOL_BUCKET && process.env.PROTOKOL_OPENSEARCH_ENDPOINT) {
    const module = await import(`../functions/${name}.ts`);
    console.log(JSON.stringify(await module.handler(event, context), null, 2));
    return 0;
  }

  const config = readLocalConfig();
  const store = new FsDocumentStore(config.dataDir);
  const index = new SwappableSqliteIndex(config.dataDir);
  const ocr = new WorkerPdfOcr();
  const archive = new Archive({
    store,
    meetings: new SqliteMeetingStore(config.dataDir),
    index,
    extraction: { ...localExtraction({ ocr: false }), deferredOcr: new InlineDeferredOcr(ocr, store) },
  });
  const inbox = new FolderInbox(process.env.PROTOKOL_INBOX_DIR ?? 'samples', config.dataDir, store);
  const handlers: Record<FunctionName, (event: never, context: Context) => Promise<unknown>> = {
    ingest: observed(ingestHandler(async () => ({ archive, inbox }))),
    'ocr-complete': observed(ocrCompleteHandler(async () => ({ archive }))),
    api: observed(apiHandler(async () => createApi({ index, store }))),
    uploads: observed(
      apiHandler(async () => {
        const app = createApi({ index, store });
        addUploadRoutes(app, {
          authorize: cognitoGroup('secretariat'),
          maxBytes: config.maxUploadBytes,
          accept: (doc) => archive.enqueue(doc),
          remove: (id) => archive.remove(id),
          list: () => store.listRecords(),
        });
        return app;
      }),
    ),
  };
  try {
    const result = await handlers[name as FunctionName](event as never, context);
    console.log(JSON.stringify(result ?? null, null, 2));
    return 0;
  } finally {
    await ocr.close();
    await index.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
