import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCprDate, maskCpr } from '../../shared/privacy/cpr.ts';

const pad = (n: number) => String(n).padStart(2, '0');

describe('the CPR guard', () => {
  it('masks every valid CPR date in all three spellings, wherever it stands in a sentence', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1900-01-01T00:00:00Z'),
          max: new Date('1999-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 0, max: 3999 }),
        fc.constantFrom('-', '', ' '),
        fc.constantFrom('CPR ', '(', 'nr. ', ''),
        fc.constantFrom('.', ')', ' og mere', ''),
        (date, serial, sep, before, after) => {
          const dd = pad(date.getUTCDate());
          const mm = pad(date.getUTCMonth() + 1);
          const yy = pad(date.getUTCFullYear() % 100);
          const number = `${dd}${mm}${yy}${sep}${String(serial).padStart(4, '0')}`;
          const { text, found } = maskCpr(`Borger ${before}${number}${after}`);
          expect(found).toBe(1);
          expect(text).toBe(`Borger ${before}${dd}${mm}${yy}${sep}XXXX${after}`);
        },
      ),
    );
  });

  it.each([
    ['a day that does not exist', '320190-1234'],
    ['31 November', '311190-1234'],
    ['29 February 2001 (seventh digit 4: 20xx)', '290201-4321'],
    ['month 13', '011390-1234'],
    ['a case number', 'Sagsnr. 00.01.00-A00-1-24'],
    ['an EMN number', 'EMN-2025-003383'],
    ['a date', 'mødet 17-11-2022'],
    ['an ISO date', '2022-11-17'],
    ['a phone number', 'tlf. 86 12 34 56'],
    ['a longer run of digits', '40101901234'],
    ['a hash', 'a0101901234f'],
    ['a hyphenated code', '010190-1234-5'],
  ])('leaves %s alone: %s', (_what, text) => {
    expect(maskCpr(text)).toMatchObject({ text, found: 0 });
  });

  it('knows leap years by the century the seventh digit gives', () => {
    expect(isCprDate(29, 2, 0, 4)).toBe(true); // seventh digit 4, year 00: 2000, a leap year
    expect(isCprDate(29, 2, 0, 0)).toBe(false); // seventh digit 0: 1900, not one
    expect(isCprDate(29, 2, 96, 2)).toBe(true); // 1996
    expect(isCprDate(29, 2, 58, 5)).toBe(false); // seventh digit 5, year 58: 1858
  });
});
