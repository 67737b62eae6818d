// Preloaded with --import: records every module the process loads (ESM and CommonJS) and, at
// exit, writes their URLs to the file named by PROTOKOL_TRACE_MODULES, one a line.
import { writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const loaded = new Set();
registerHooks({
  resolve(specifier, context, next) {
    const result = next(specifier, context);
    loaded.add(result.url);
    return result;
  },
});
process.on('exit', () => {
  if (process.env.PROTOKOL_TRACE_MODULES)
    writeFileSync(process.env.PROTOKOL_TRACE_MODULES, [...loaded].join('\n'));
});
