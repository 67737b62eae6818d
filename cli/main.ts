import { parseArgs } from 'node:util';
import { type Command, configFrom, UsageError, type Values } from './command.ts';
import { importCommand } from './commands/import.ts';
import { ingestCommand } from './commands/ingest.ts';
import { loadCommand } from './commands/load.ts';
import { parseCommand } from './commands/parse.ts';
import { reindexCommand } from './commands/reindex.ts';
import { reportCommand } from './commands/report.ts';
import { searchCommand } from './commands/search.ts';
import { serveCommand, startCommand } from './commands/serve.ts';
import { statusCommand } from './commands/status.ts';

export { type Command, configFrom, UsageError, type Values };

const DATA_OPTION = {
  data: { type: 'string' },
  index: { type: 'string' },
  'opensearch-url': { type: 'string' },
} as const;

const COMMANDS: Record<string, Command> = {
  parse: parseCommand,
  ingest: ingestCommand,
  load: loadCommand,
  import: importCommand,
  reindex: reindexCommand,
  report: reportCommand,
  search: searchCommand,
  status: statusCommand,
  serve: serveCommand,
  start: startCommand,
};

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
  const command = COMMANDS[name];
  if (!command) {
    console.error(`protokol: unknown command "${name}"\n\n${mainHelp()}`);
    return 1;
  }
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
