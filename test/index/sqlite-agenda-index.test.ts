import { SqliteAgendaIndex } from '../../shared/adapters/sqlite-agenda-index.ts';
import { agendaIndexContract } from './agenda-index.contract.ts';

agendaIndexContract('SQLite FTS5', () => new SqliteAgendaIndex(':memory:'));
