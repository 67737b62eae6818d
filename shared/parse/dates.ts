const MONTHS: Record<string, number> = {
  januar: 1,
  jan: 1,
  februar: 2,
  feb: 2,
  marts: 3,
  mar: 3,
  april: 4,
  apr: 4,
  maj: 5,
  juni: 6,
  jun: 6,
  juli: 7,
  jul: 7,
  august: 8,
  aug: 8,
  september: 9,
  sep: 9,
  sept: 9,
  oktober: 10,
  okt: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
};
const WEEKDAYS = ['søndag', 'mandag', 'tirsdag', 'onsdag', 'torsdag', 'fredag', 'lørdag'];

/** Month names as a regex alternation, longest first so "september" wins over "sep". */
export const MONTH_PATTERN = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join('|');

export interface DanishDate {
  year: number;
  month: number;
  day: number;
  /** Where in the text the date was found. */
  index: number;
  /** The weekday the text names, when it names one. */
  weekday: string | null;
}

export interface TimeOfDay {
  hour: number;
  minute: number;
}

const WEEKDAY_RE = `(?:(${WEEKDAYS.join('|')})(?:\\s+(?:den|d\\.)?)?\\s*)?`;
const DATE_PATTERNS: { re: RegExp; pick: (m: RegExpExecArray) => [number, number, number] }[] = [
  // 2022-11-17
  { re: /\b(\d{4})-(\d{2})-(\d{2})\b/g, pick: (m) => [+m[1]!, +m[2]!, +m[3]!] },
  // Torsdag d. 17. november 2022, 12. marts 2024, 1. okt. 2025
  {
    re: new RegExp(`${WEEKDAY_RE}\\b(\\d{1,2})\\.?\\s*(${MONTH_PATTERN})\\.?\\s+(\\d{4})\\b`, 'giu'),
    pick: (m) => [+m[4]!, MONTHS[m[3]!.toLowerCase()]!, +m[2]!],
  },
  // Onsdag den 19-marts-2003 (older eDoc)
  {
    re: new RegExp(`${WEEKDAY_RE}\\b(\\d{1,2})-(${MONTH_PATTERN})-(\\d{4})\\b`, 'giu'),
    pick: (m) => [+m[4]!, MONTHS[m[3]!.toLowerCase()]!, +m[2]!],
  },
  // d. 17-11-2022, 25.11.2022, 17/11/2022, 07.04.25
  {
    re: new RegExp(`${WEEKDAY_RE}(?<![\\d.:])\\b(\\d{1,2})[-./](\\d{1,2})[-./](\\d{4}|\\d{2})\\b`, 'giu'),
    pick: (m) => [expandYear(+m[4]!), +m[3]!, +m[2]!],
  },
];

function expandYear(y: number): number {
  return y < 100 ? 2000 + y : y;
}

function valid(year: number, month: number, day: number): boolean {
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Finds the first Danish date in a text, in any of the forms minutes use.
 * @example findDate('Torsdag d. 17. november 2022 kl. 09:00') // { year: 2022, month: 11, day: 17, weekday: 'torsdag' }
 */
export function findDate(text: string): DanishDate | null {
  let best: DanishDate | null = null;
  for (const { re, pick } of DATE_PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const [year, month, day] = pick(m);
      if (!valid(year, month, day)) continue;
      const weekdayGroup = m.length > 4 ? m[1] : undefined;
      if (!best || m.index < best.index) {
        best = {
          year,
          month,
          day,
          index: m.index,
          weekday: weekdayGroup ? weekdayGroup.toLowerCase() : null,
        };
      }
      break;
    }
  }
  return best;
}

/** The weekday a date falls on, in Danish. */
export function weekdayOf(date: { year: number; month: number; day: number }): string {
  return WEEKDAYS[new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay()]!;
}

/**
 * Finds a time or a time range: "kl. 14.00-16.00", "16:00 - 18:30", "kl. 9", "2022-11-17 09:00".
 * A bare "14.00" with no "kl." is only taken when it has a colon or stands in a range.
 */
export function findTimes(text: string): { start: TimeOfDay | null; end: TimeOfDay | null } {
  const t = String.raw`([01]?\d|2[0-3])(?:[:.]([0-5]\d))?`;
  const range = new RegExp(String.raw`(?:kl\.?\s*)?\b${t}\s*(?:-|–|til)\s*(?:kl\.?\s*)?${t}\b`, 'i');
  const single = new RegExp(String.raw`(?:\bkl\.?\s*${t}\b|\b([01]?\d|2[0-3]):([0-5]\d)\b)`, 'i');
  // Dates contain digits that look like times; blank them out first.
  const blanked = text
    .replace(/\b\d{4}-\d{2}-\d{2}\b/g, ' ')
    .replace(/(?<![\d.:])\b\d{1,2}([-./])(?:0?[1-9]|1[0-2])\1(?:\d{4}|\d{2}(?![.:]\d))\b/g, ' ')
    .replace(new RegExp(String.raw`\b\d{1,2}\.\s*(?:${MONTH_PATTERN})\b\.?`, 'giu'), ' ')
    .replace(new RegExp(String.raw`\b\d{1,2}-(?:${MONTH_PATTERN})-\d{4}\b`, 'giu'), ' ');
  const r = range.exec(blanked);
  if (r && (r[2] !== undefined || r[4] !== undefined || /kl/i.test(r[0]))) {
    return {
      start: { hour: +r[1]!, minute: r[2] ? +r[2] : 0 },
      end: { hour: +r[3]!, minute: r[4] ? +r[4] : 0 },
    };
  }
  const s = single.exec(blanked);
  if (s) {
    const hour = s[1] ?? s[3];
    const minute = s[1] !== undefined ? s[2] : s[4];
    return { start: { hour: +hour!, minute: minute ? +minute : 0 }, end: null };
  }
  return { start: null, end: null };
}

const offsetFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Europe/Copenhagen',
  timeZoneName: 'longOffset',
});

/** The Europe/Copenhagen offset in minutes at an instant. */
function copenhagenOffsetAt(epochMs: number): number {
  const name =
    offsetFormat.formatToParts(new Date(epochMs)).find((p) => p.type === 'timeZoneName')?.value ?? '';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (+m[2]! * 60 + +m[3]!);
}

/**
 * A wall-clock time in Copenhagen as ISO 8601 with its offset, summer time included.
 * @example copenhagenIso({ year: 2023, month: 10, day: 4 }, { hour: 13, minute: 0 }) // '2023-10-04T13:00:00+02:00'
 */
export function copenhagenIso(
  date: { year: number; month: number; day: number },
  time: TimeOfDay | null,
): string {
  const { hour, minute } = time ?? { hour: 0, minute: 0 };
  const wall = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  // The offset that, applied to the wall time, gives an instant whose own offset is that offset.
  let offset = copenhagenOffsetAt(wall - 60 * 60_000);
  const second = copenhagenOffsetAt(wall - offset * 60_000);
  if (second !== offset) offset = second;
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.year}-${pad(date.month)}-${pad(date.day)}T${pad(hour)}:${pad(minute)}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** YYYY-MM-DD of a date. */
export function isoDay(date: { year: number; month: number; day: number }): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.year}-${pad(date.month)}-${pad(date.day)}`;
}

export interface MeetingTime {
  start: string | null;
  end: string | null;
  /** Set when the text names a weekday the date does not fall on; the date wins. */
  weekdayMismatch: string | null;
}

/**
 * Reads a meeting's start and end from Danish text such as "Fredag den 7. februar 2022 kl. 14.00-16.00".
 * `timeText` is where the time stands when it stands apart ("Mødetidspunkt: 16:00 - 18:30").
 */
export function parseMeetingTime(dateText: string, timeText?: string): MeetingTime {
  const date = findDate(dateText);
  if (!date) return { start: null, end: null, weekdayMismatch: null };
  const afterDate = dateText.slice(date.index);
  let times = findTimes(afterDate);
  if (!times.start && timeText) times = findTimes(timeText);
  const actual = weekdayOf(date);
  const weekdayMismatch =
    date.weekday && date.weekday !== actual
      ? `the text says ${date.weekday}, but ${isoDay(date)} is a ${actual}; the date is used`
      : null;
  return {
    start: copenhagenIso(date, times.start),
    end: times.end ? copenhagenIso(date, times.end) : null,
    weekdayMismatch,
  };
}
