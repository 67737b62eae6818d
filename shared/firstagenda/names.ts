import { normalizeLine } from '../parse/normalize.ts';

/** A committee's archive name cut into the name that lasts and the election period it is filed under. */
export interface CommitteeName {
  /** The same across election periods: "Byrådet", "Økonomiudvalget". */
  name: string;
  /** "2022-2025" when the archive name carries one, else null. */
  period: string | null;
}

/** The council's bare name in an archive name, and the definite form a citizen searches for. */
const COUNCILS: [RegExp, string][] = [
  [/^byråd(?:et)?$/i, 'Byrådet'],
  [/^kommunalbestyrelse(?:n)?$/i, 'Kommunalbestyrelsen'],
  [/^regionsråd(?:et)?$/i, 'Regionsrådet'],
  [/^borgerrepræsentation(?:en)?$/i, 'Borgerrepræsentationen'],
];

/**
 * Splits a portal's committee name into a stable name and its election period, so that the
 * committee facet follows "Byrådet" across periods while the period stays on the meeting. A
 * leading dot (FirstAgenda's trick to sort a folder first) and "(historisk)" go.
 * @example committeeName('Byråd 2022-2025') // { name: 'Byrådet', period: '2022-2025' }
 * @example committeeName('.Spørgsmål / Svar til Byrådet 2022-2025') // { name: 'Spørgsmål / Svar til Byrådet', period: '2022-2025' }
 */
export function committeeName(raw: string): CommitteeName {
  let name = normalizeLine(raw)
    .replace(/^[.\-_\s]+/, '')
    .replace(/\s*\((?:historisk|ophørt|nedlagt)\)\s*$/i, '');
  let period: string | null = null;
  const match = /[\s,(–-]+(?:periode(?:n)?\s+)?((?:19|20)\d{2})\s*[-–/]\s*((?:19|20)\d{2})\)?$/i.exec(name);
  if (match && match.index > 0) {
    period = `${match[1]}-${match[2]}`;
    name = name.slice(0, match.index).trim();
  }
  for (const [pattern, definite] of COUNCILS) if (pattern.test(name)) name = definite;
  return { name, period };
}

/** Host name parts that say "this is the agenda portal", not whose it is. */
const PORTAL_PREFIX =
  /^(?:www\.)?(?:dagsordener|dagsorden|dagsordner|referater|dagsordener-referater|politik|moeder|møder|publication)[.-]/i;

/**
 * The authority a FirstAgenda portal belongs to, from its host name, for answers that arrive with
 * no other word of it: `dagsordener.greve.dk` → "Greve Kommune", `dagsordener.regionsyddanmark.dk` →
 * "Region Syddanmark". Null for a host it cannot read (an IP address, localhost).
 */
export function authorityFromHost(host: string): string | null {
  const bare = host.toLowerCase().replace(/:\d+$/, '');
  if (!/\.[a-z]{2,}$/.test(bare) || /^\d+(\.\d+){3}$/.test(bare)) return null;
  const parts = bare.replace(PORTAL_PREFIX, '').split('.');
  const name = parts.length > 1 ? parts.slice(0, -1).join(' ') : parts[0];
  if (!name || name === 'firstagenda') return null;
  const words = name
    .replace(/-kommune$|kommune$/, '')
    .split(/[-\s]+/)
    .filter(Boolean);
  const capital = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
  if (words[0]?.startsWith('region') && words[0].length > 'region'.length)
    return `Region ${capital(words[0].slice('region'.length))}`;
  if (words[0] === 'region' && words.length > 1) return `Region ${words.slice(1).map(capital).join(' ')}`;
  if (words[0] === 'kkr' && words.length > 1) return `KKR ${words.slice(1).map(capital).join(' ')}`;
  return words.length ? `${words.map(capital).join('-')} Kommune` : null;
}
