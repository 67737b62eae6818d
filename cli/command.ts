import type { ParseArgsConfig } from 'node:util';
import { readLocalConfig } from '../shared/config.ts';

/** A command's options as node:util parseArgs gives them. */
export type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** One `protokol` command: its help, its options, and what it does. cli/main.ts lists them. */
export interface Command {
  summary: string;
  usage: string;
  help: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(positionals: string[], values: Values): Promise<number>;
}

/** A mistake in how a command was called: exit code 1 and the usage. */
export class UsageError extends Error {}

/** The local configuration with --data applied. */
export function configFrom(values: Values, overrides: Parameters<typeof readLocalConfig>[1] = {}) {
  return readLocalConfig(process.env, {
    ...overrides,
    ...(typeof values.data === 'string' ? { dataDir: values.data } : {}),
    ...(typeof values.index === 'string' ? { index: values.index as 'sqlite' | 'opensearch' } : {}),
    ...(typeof values['opensearch-url'] === 'string' ? { opensearchUrl: values['opensearch-url'] } : {}),
  });
}
