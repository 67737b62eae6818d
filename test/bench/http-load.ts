// The HTTP clients of `npm run bench`, in a worker thread of their own, so that the work of
// sending and reading requests does not run on the event loop of the server being measured.
// node:http with a keep-alive agent rather than fetch: on the two cores the server shares with
// its clients, fetch took 0.4 ms of CPU a request, twice as much.

import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

export interface LoadPlan {
  base: string;
  paths: string[];
  clients: number;
  requests: number;
  deadlineMs: number;
}

export interface LoadResult {
  latencies: number[];
  failures: number;
  seconds: number;
  /** CPU time the clients' thread spent, in ms. */
  cpuMs: number;
}

async function run({
  base,
  paths,
  clients,
  requests,
  deadlineMs,
}: LoadPlan): Promise<Omit<LoadResult, 'cpuMs'>> {
  const latencies: number[] = [];
  let sent = 0;
  let failures = 0;
  const deadline = Date.now() + deadlineMs;
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const get = (url: string) =>
    new Promise<number>((resolve, reject) => {
      request(url, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      })
        .on('error', reject)
        .end();
    });
  const client = async () => {
    while (sent < requests && Date.now() < deadline) {
      const path = paths[sent++ % paths.length]!;
      const t = performance.now();
      try {
        if ((await get(`${base}${path}`)) === 200) latencies.push(performance.now() - t);
        else failures++;
      } catch {
        failures++;
      }
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, client));
  agent.destroy();
  return { latencies, failures, seconds: (performance.now() - t0) / 1000 };
}

if (parentPort) {
  const cpu = process.threadCpuUsage();
  const result = await run(workerData as LoadPlan);
  const used = process.threadCpuUsage(cpu);
  parentPort.postMessage({ ...result, cpuMs: (used.user + used.system) / 1000 } satisfies LoadResult);
}
