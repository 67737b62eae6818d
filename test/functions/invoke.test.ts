import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { root, tempDir } from '../support/fixtures.ts';

const run = promisify(execFile);

it('`npm run invoke` runs the ingest and API handlers on sample events, on this machine', {
  timeout: 60_000,
}, async () => {
  const env = {
    ...process.env,
    PROTOKOL_DATA_DIR: await tempDir(),
    PROTOKOL_BUCKET: '',
    PROTOKOL_OPENSEARCH_ENDPOINT: '',
  };
  const invoke = (fn: string, event: string) =>
    run(process.execPath, [join(root, 'scripts', 'invoke.ts'), fn, join(root, 'events', event)], {
      cwd: root,
      env,
    });

  const ingested = await invoke('ingest', 'sqs-s3-object-created.json');
  expect(ingested.stdout).toContain('"status":"indexed"');
  expect(ingested.stdout).toContain('"batchItemFailures": []');

  const searched = await invoke('api', 'api-gateway-search.json');
  const response = JSON.parse(searched.stdout.slice(searched.stdout.lastIndexOf('\n{\n') + 1));
  expect(response.statusCode).toBe(200);
  expect(JSON.parse(response.body).hits[0].title).toMatch(/Telemedicin/);

  await expect(invoke('nope', 'x.json')).rejects.toMatchObject({
    code: 2,
    stderr: expect.stringContaining('usage'),
  });
});
