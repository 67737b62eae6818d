import { parseArgs } from 'node:util';
import { type Command, configFrom, UsageError, type Values } from './command.ts';

export { type Command, configFrom, UsageError, type Values };

const DATA_OPTION = {
  data: { type: 'string' },
  index: { type: 'string' },
  'opensearch-url': { type: 'string' },
} as const;

/**
 * Each command's summary (for the help) and its module, imported only when the command runs, so
 * that a command loads only what it uses: `--help` and `search` never load pdf.js or an SDK.
 */
const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  parse: {
    summary: 'show the structure of one file (no side effects)',
    load: async () => (await import('./commands/parse.ts')).parseCommand,
  },
  ingest: {
    summary: 'take files and folders into the store and the index',
    load: async () => (await import('./commands/ingest.ts')).ingestCommand,
  },
  load: {
    summary: 'bulk-load folders of historical minutes, with progress, resume and a report',
    load: async () => (await import('./commands/load.ts')).loadCommand,
  },
  import: {
    summary: "take in a portal's meetings: import firstagenda BASE_URL",
    load: async () => (await import('./commands/import.ts')).importCommand,
  },
  reindex: {
    summary: 'rebuild the index from the meeting store, and swap it in when done',
    load: async () => (await import('./commands/reindex.ts')).reindexCommand,
  },
  report: {
    summary: 'coverage: meetings per year per committee, gaps, failed documents',
    load: async () => (await import('./commands/report.ts')).reportCommand,
  },
  search: {
    summary: 'search the index',
    load: async () => (await import('./commands/search.ts')).searchCommand,
  },
  status: {
    summary: 'every document with its status and, for a failure, the reason',
    load: async () => (await import('./commands/status.ts')).statusCommand,
  },
  serve: {
    summary: 'serve the API and the search page',
    load: async () => (await import('./commands/serve.ts')).serveCommand,
  },
  start: {
    summary: 'take in the bundled sample minutes, then serve (what npm start runs)',
    load: async () => (await import('./commands/serve.ts')).startCommand,
  },
};

/** The summaries shown by `protokol --help`, for a test that they match the commands' own. */
export const SUMMARIES = Object.fromEntries(Object.entries(COMMANDS).map(([name, c]) => [name, c.summary]));

function mainHelp(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`);
  return `protokol: the search archive for Danish public meeting minutes

Usage: protokol <command> [options]

Commands:
${lines.join('\n')}

Every command takes --help. The data folder is --data DIR, or PROTOKOL_DATA_DIR (default ./data).
The index is SQLite in the data folder, or --index opensearch --opensearch-url URL
(PROTOKOL_INDEX, PROTOKOL_OPENSEARCH_URL).`;
}

/** Runs the CLI; returns the exit code (0 ok, 1 usage error, 2 some documents failed). */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(mainHelp());
    return name ? 0 : 1;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    console.error(`protokol: unknown command "${name}"\n\n${mainHelp()}`);
    return 1;
  }
  const command = await entry.load();
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({
      args: rest,
      options: { help: { type: 'boolean', short: 'h' }, ...DATA_OPTION, ...command.options },
      allowPositionals: true,
      strict: true,
    }) as { values: Values; positionals: string[] };
  } catch (error) {
    console.error(`protokol ${name}: ${(error as Error).message}\n\nUsage: ${command.usage}`);
    return 1;
  }
  if (parsed.values.help) {
    console.log(`Usage: ${command.usage}\n\n${command.help}`);
    return 0;
  }
  try {
    return await command.run(parsed.positionals, parsed.values);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`protokol ${name}: ${error.message}\n\nUsage: ${command.usage}`);
      return 1;
    }
    console.error(`protokol ${name}: ${(error as Error).message}`);
    return 1;
  }
}
