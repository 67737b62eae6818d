#!/usr/bin/env node
// The protokol CLI. Node 24 runs the TypeScript sources directly; the project pins it
// (npm scripts and npx use node_modules/.bin/node).
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(
    `protokol needs Node.js 24 or newer (this is ${process.version}). Run it through npm (npm start, npx protokol), ` +
      'which uses the Node 24 the project installs.',
  );
  process.exit(1);
}
// `load` keeps a few documents in flight for as long as a folder takes: with 4 MB semi-spaces
// (V8 grows its young generation to 16 MB ones) it stays smaller. Not 1 MB: the buffers of a
// document in flight (its bytes, the messages to its reader, the files written) then outlive two
// scavenges, move to the old generation and wait there for a full collection, up to 30 MiB of
// them at the end of 1,000 files (peak 157 MiB against 116–118 with 4 MB). The flag only counts
// when V8 starts, so the process replaces itself once, keeping its pid (a kill still reaches the
// load), where Node can (process.execve: Linux, macOS).
const SMALL_YOUNG_GENERATION = '--max-semi-space-size=4';
if (
  process.argv[2] === 'load' &&
  !process.execArgv.includes(SMALL_YOUNG_GENERATION) &&
  typeof process.execve === 'function'
) {
  process.execve(process.execPath, [
    process.execPath,
    SMALL_YOUNG_GENERATION,
    ...process.execArgv,
    ...process.argv.slice(1),
  ]);
}
// V8's compiled code (and Node's type stripping) kept on disk between runs: a command starts in
// about half the time. Without a writable cache folder Node simply runs without it.
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
