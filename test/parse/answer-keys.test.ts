import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fold } from '../../shared/parse/normalize.ts';
import { fixtures, parseFixture } from '../support/fixtures.ts';

interface KeyItem {
  number: number | null;
  title: string;
  caseNumber?: string | null;
  closed?: boolean;
  decisionStartsWith?: string | null;
  attachments?: string[] | null;
}
interface Key {
  source: string[];
  committee?: string | null;
  start?: string | null;
  end?: string | null;
  location?: string;
  participants?: string[];
  absent?: string[];
  items: KeyItem[];
}

const stripExt = (s: string) => s.replace(/\.(pdf|docx?|html?)$/i, '');
// The keys of ../shared/fixtures (sources relative to test/fixtures), and the keys of our own
// layouts in test/fixtures/layouts (sources relative to that folder), written before the parser
// was made to read them.
const keysIn = (dir: string, prefix: string) =>
  readdirSync(join(fixtures, dir))
    .filter((f) => f.endsWith('.json'))
    .map((f) => {
      const key = JSON.parse(readFileSync(join(fixtures, dir, f), 'utf8')) as Key;
      return { file: f, key: { ...key, source: key.source.map((s) => prefix + s) } };
    });
const keys = [...keysIn('expected', ''), ...keysIn('layouts/expected', 'layouts/')];

// The answer keys from ../shared/fixtures/expected (the real eDoc and Acadre minutes in
// realworld/ among them), checked field by field as the score script does.
describe.each(keys.flatMap(({ file, key }) => key.source.map((source) => ({ file, key, source }))))(
  '$source',
  ({ key, source }) => {
    it('reads the meeting and every agenda item of its answer key', async () => {
      const got = await parseFixture(source, { ocr: source.includes('scanned') });
      if (key.committee) expect(got.committee).toBe(key.committee);
      if (key.start) expect(Date.parse(got.start ?? '')).toBe(Date.parse(key.start));
      if (key.end) expect(Date.parse(got.end ?? '')).toBe(Date.parse(key.end));
      if (key.location) expect(fold(got.location ?? '')).toBe(fold(key.location));
      // Who took part is a set: Acadre's Word source lists two columns of members column by column.
      if (key.participants)
        expect(got.participants.map(fold).sort()).toEqual(key.participants.map(fold).sort());
      if (key.absent) expect(got.absent.map(fold).sort()).toEqual(key.absent.map(fold).sort());
      expect(got.items.map((i) => i.number)).toEqual(key.items.map((i) => i.number));
      for (const want of key.items) {
        const item = got.items.find((i) => i.number === want.number)!;
        expect(fold(item.title), `title of item ${want.number}`).toBe(fold(want.title));
        if (want.caseNumber) expect(item.caseNumber).toBe(want.caseNumber);
        if (want.closed) expect(item.closed).toBe(true);
        if (want.decisionStartsWith)
          expect(fold(item.decision ?? '')).toMatch(new RegExp(`^${fold(want.decisionStartsWith)}`));
        if (want.attachments) {
          expect(item.attachments.map((a) => fold(stripExt(a.name)))).toEqual(
            want.attachments.map((a) => fold(stripExt(a))),
          );
        }
      }
    });
  },
);
