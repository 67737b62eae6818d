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
// V8's compiled code (and Node's type stripping) kept on disk between runs: a command starts in
// about half the time. Without a writable cache folder Node simply runs without it.
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
