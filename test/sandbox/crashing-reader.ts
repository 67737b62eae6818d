// A reader process for the tests: the real one, except that a document named "crash-…" kills
// it the way a fault in a native library would (SIGSEGV), before it can answer.
import type { ReaderRequest } from '../../shared/adapters/extract/sandbox/reader-protocol.ts';

process.on('message', ({ task }: ReaderRequest) => {
  if (task.op === 'extract' && task.name.startsWith('crash-')) process.kill(process.pid, 'SIGSEGV');
});
await import('../../shared/adapters/extract/sandbox/reader-process.ts');
