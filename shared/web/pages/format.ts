/** How the pages write dates, kinds and counts: Danish, in Copenhagen time. */

// Made on first use: making them loads the locale's and the time zone's data (10 ms), and a
// server's first search renders no page.
let formats: { date: Intl.DateTimeFormat; time: Intl.DateTimeFormat } | undefined;
const danish = () =>
  (formats ??= {
    date: new Intl.DateTimeFormat('da-DK', { dateStyle: 'long', timeZone: 'Europe/Copenhagen' }),
    time: new Intl.DateTimeFormat('da-DK', { timeStyle: 'short', timeZone: 'Europe/Copenhagen' }),
  });

/** "17. november 2022", or "ukendt dato". */
export function danishDate(iso: string | null | undefined): string {
  if (!iso) return 'ukendt dato';
  const time = Date.parse(iso.length === 10 ? `${iso}T12:00:00Z` : iso);
  return Number.isNaN(time) ? 'ukendt dato' : danish().date.format(time);
}

/** "17. november 2022 kl. 09.00"; the time only when the ISO value has one. */
export function danishDateTime(iso: string | null | undefined): string {
  if (!iso) return 'ukendt dato';
  if (iso.length <= 10) return danishDate(iso);
  return `${danishDate(iso)} kl. ${danish().time.format(Date.parse(iso))}`;
}

export const KIND_NAMES: Record<string, string> = {
  referat: 'Referat',
  dagsorden: 'Dagsorden',
  punkt: 'Enkelt punkt',
  bilag: 'Andet dokument',
};

export function kindName(kind: string): string {
  return KIND_NAMES[kind] ?? kind;
}

/** "1 punkt", "3 punkter". */
export function count(n: number, one: string, many: string): string {
  return `${n.toLocaleString('da-DK')} ${n === 1 ? one : many}`;
}

/** "4. " before a numbered item's title, nothing before an unnumbered one. */
export function itemLabel(number: number | string | null, title: string): string {
  return `${number != null ? `${number}. ` : ''}${title}`;
}

/** The first `max` characters of a text, cut at a word, with an ellipsis when cut. */
export function excerpt(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.lastIndexOf(' ', max);
  return `${clean.slice(0, cut > max / 2 ? cut : max).replace(/[,;:.\s]+$/, '')} …`;
}
