// The HTTP clients of `npm run bench`, in a worker thread of their own, so that the work of
// sending and reading requests does not run on the event loop of the server being measured.

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
}

async function run({ base, paths, clients, requests, deadlineMs }: LoadPlan): Promise<LoadResult> {
  const latencies: number[] = [];
  let sent = 0;
  let failures = 0;
  const deadline = Date.now() + deadlineMs;
  const client = async () => {
    while (sent < requests && Date.now() < deadline) {
      const path = paths[sent++ % paths.length]!;
      const t = performance.now();
      try {
        const res = await fetch(`${base}${path}`);
        await res.arrayBuffer();
        if (res.ok) latencies.push(performance.now() - t);
        else failures++;
      } catch {
        failures++;
      }
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, client));
  return { latencies, failures, seconds: (performance.now() - t0) / 1000 };
}

if (parentPort) parentPort.postMessage(await run(workerData as LoadPlan));
