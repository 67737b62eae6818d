import { describe, expect, it } from 'vitest';
import { parseMinutes } from '../../shared/parse/parse-minutes.ts';
import { source } from '../support/layout.ts';
import { generatedMinutes, longItem } from './generated.ts';

// Parsing runs on the server's thread: it must grow with the document, not with its square.
// Figures are in test/parse/bench-parse.ts; here only the shape is held, loosely.
describe('parsing time against document size', () => {
  const time = (pages: number, make = generatedMinutes) => {
    const doc = make(pages);
    const t0 = performance.now();
    const got = parseMinutes(doc, { ...source, pages });
    return { ms: performance.now() - t0, got };
  };

  it('parses 1,000 generated pages in seconds, and five times the pages take well under 25 times as long', () => {
    time(50);
    const small = time(200);
    const large = time(1000);
    expect(large.got.items).toHaveLength(999);
    expect(large.got.committee).toBe('Teknik- og Miljøudvalget');
    expect(large.ms).toBeLessThan(10_000);
    // Linear is about 5; the quadratic join it replaces was about 25.
    expect(large.ms / Math.max(small.ms, 1)).toBeLessThan(12);
  });

  it("joins one item's text running over 1,000 pages in linear time (it took 76 s when joining was quadratic)", () => {
    time(50, longItem);
    const small = time(200, longItem);
    const large = time(1000, longItem);
    expect(large.got.items[0]!.sections[0]!.text.length).toBeGreaterThan(1_500_000);
    expect(large.ms).toBeLessThan(10_000);
    expect(large.ms / Math.max(small.ms, 1)).toBeLessThan(12);
  });
});
