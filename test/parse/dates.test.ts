import { describe, expect, it } from 'vitest';
import { copenhagenIso, parseMeetingTime } from '../../shared/parse/dates.ts';

describe('Danish dates and times', () => {
  it.each([
    ['2022-11-17 09:00', '2022-11-17T09:00:00+01:00', null],
    ['Torsdag d. 17. november 2022 kl. 09:00', '2022-11-17T09:00:00+01:00', null],
    ['Fredag den 7. februar 2022 kl. 14.00-16.00', '2022-02-07T14:00:00+01:00', '2022-02-07T16:00:00+01:00'],
    ['d. 17-11-2022', '2022-11-17T00:00:00+01:00', null],
    ['onsdag den 1. oktober 2025 kl. 15.45', '2025-10-01T15:45:00+02:00', null],
    ['Mødet 4. okt. 2023 kl. 13-14.30', '2023-10-04T13:00:00+02:00', '2023-10-04T14:30:00+02:00'],
  ])('reads "%s"', (text, start, end) => {
    expect(parseMeetingTime(text)).toMatchObject({ start, end });
  });

  it('takes the time from its own line when the date stands alone', () => {
    expect(parseMeetingTime('12. marts 2024', 'Mødetidspunkt: 16:00 - 18:30')).toEqual({
      start: '2024-03-12T16:00:00+01:00',
      end: '2024-03-12T18:30:00+01:00',
      weekdayMismatch: null,
    });
  });

  it('gives summer time its own offset, on both sides of the changes', () => {
    expect(copenhagenIso({ year: 2024, month: 3, day: 30 }, { hour: 12, minute: 0 })).toBe(
      '2024-03-30T12:00:00+01:00',
    );
    expect(copenhagenIso({ year: 2024, month: 3, day: 31 }, { hour: 12, minute: 0 })).toBe(
      '2024-03-31T12:00:00+02:00',
    );
    expect(copenhagenIso({ year: 2024, month: 10, day: 27 }, { hour: 12, minute: 0 })).toBe(
      '2024-10-27T12:00:00+01:00',
    );
    expect(copenhagenIso({ year: 2024, month: 10, day: 26 }, { hour: 23, minute: 30 })).toBe(
      '2024-10-26T23:30:00+02:00',
    );
  });

  it('reports a weekday the date does not fall on, and keeps the date', () => {
    const time = parseMeetingTime('Fredag den 7. februar 2022 kl. 14.00');
    expect(time.start).toBe('2022-02-07T14:00:00+01:00');
    expect(time.weekdayMismatch).toMatch(/fredag.*mandag/);
  });

  it('does not read a time range as a date', () => {
    expect(parseMeetingTime('kl. 12.30-14.00').start).toBeNull();
  });
});
