import { SwappableSqliteIndex } from '../adapters/sqlite/swappable-sqlite-index.ts';
import type { LocalConfig } from '../config.ts';
import type { AgendaIndex } from '../ports/agenda-index.port.ts';

/**
 * The local home's index alone, for a command that only searches it: SQLite in the data folder,
 * or the OpenSearch client (some 550 modules) loaded only when `--index opensearch` asks for it,
 * so a one-shot `protokol search` starts without the archive, the readers or an SDK.
 */
export async function openLocalIndex(config: LocalConfig): Promise<AgendaIndex & { close(): Promise<void> }> {
  if (config.index === 'opensearch') return (await import('./local.ts')).localIndex(config);
  return new SwappableSqliteIndex(config.dataDir);
}
