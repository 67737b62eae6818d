import { describe, expect, it } from 'vitest';
import { danishStem } from '../../shared/search/danish-stemmer.ts';
import { makeSnippet } from '../../shared/search/snippet.ts';

const stems = (...words: string[]) => words.map(danishStem);

describe('makeSnippet', () => {
  it('marks inflected forms and compounds of the query word', () => {
    expect(makeSnippet('Udvalget drøftede aftalen og Sundhedsaftalen 2024-27.', stems('aftale'))).toBe(
      'Udvalget drøftede <mark>aftalen</mark> og <mark>Sundhedsaftalen</mark> 2024-27.',
    );
  });

  it('escapes the text, so markup in a document shows as text', () => {
    expect(makeSnippet('Budget <script>alert(1)</script> & <img onerror=x>', stems('budget'))).toBe(
      '<mark>Budget</mark> &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img onerror=x&gt;',
    );
  });

  it('cuts a passage around the first match in a long text, at word boundaries', () => {
    const filler = (n: number) => Array.from({ length: n }, (_, i) => `ord${i}`).join(' ');
    const text = `${filler(2000)} Byrådet godkendte cykelstien langs Ringvejen. ${filler(2000)}`;
    const snippet = makeSnippet(text, stems('cykelsti'));
    expect(snippet).toMatch(/^…ord\d+ /);
    expect(snippet).toMatch(/ ord\d+…$/);
    expect(snippet).toContain('Byrådet godkendte <mark>cykelstien</mark> langs Ringvejen.');
    expect(snippet.length).toBeLessThan(300);
  });

  it('starts at the beginning when nothing matches, and marks nothing', () => {
    expect(makeSnippet('Taget til efterretning.', stems('klima'))).toBe('Taget til efterretning.');
  });

  it('marks every match within the passage, not only the first', () => {
    expect(makeSnippet('Klima og klimaplanen: klimaet først.', stems('klima'))).toBe(
      '<mark>Klima</mark> og <mark>klimaplanen</mark>: <mark>klimaet</mark> først.',
    );
  });

  it('counts a run of spaces and line breaks as one space, however long the text before the match', () => {
    const filler = Array.from({ length: 400 }, (_, i) => `ord${i}\n\n`).join('\t ');
    const snippet = makeSnippet(`${filler}Udvalget  godkendte\n\ncykelstien.   ${filler}`, stems('cykelsti'));
    expect(snippet).toContain('Udvalget godkendte <mark>cykelstien</mark>. ord0 ord1');
    expect(snippet).not.toMatch(/\s\s|\n|\t/);
  });

  it('marks words in a text with letters that lower-case to two (İ) or by their place (Σ)', () => {
    expect(makeSnippet('İstanbul og ΟΔΟΣ: klimaaftalen.', stems('aftale'))).toBe(
      'İstanbul og ΟΔΟΣ: <mark>klimaaftalen</mark>.',
    );
  });
});
