import { describe, expect, it } from 'vitest';
import { writeNumbersIntoText } from '../../shared/adapters/extract/docx-numbering.ts';

// Word keeps an automatic number in numbering.xml, not in the paragraph: these are the numbers a
// reader of the document sees on the screen.
const numbering = `<w:numbering>
<w:abstractNum w:abstractNumId="0">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>`;
const styles = `<w:styles><w:style w:type="paragraph" w:styleId="Punkt"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style></w:styles>`;
const para = (text: string, pPr = '') =>
  `<w:p>${pPr ? `<w:pPr>${pPr}</w:pPr>` : ''}<w:r><w:t>${text}</w:t></w:r></w:p>`;
const num = (numId: number, ilvl = 0) =>
  `<w:numPr><w:ilvl w:val="${ilvl}"/><w:numId w:val="${numId}"/></w:numPr>`;
const texts = (xml: string) =>
  [...xml.matchAll(/<w:p>([\s\S]*?)<\/w:p>/g)].map((m) =>
    [...m[1]!.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
  );

describe('Word automatic numbering written into the text', () => {
  it('numbers items and sub-items as Word shows them, and leaves bullets and plain paragraphs alone', () => {
    const doc = [
      para('Godkendelse af dagsorden', num(1)),
      para('Budget 2025', num(1)),
      para('Skoler', num(1, 1)),
      para('Plejecentre', num(1, 1)),
      para('Punktet har to underpunkter.'),
      para('en punktopstilling', num(2)),
      para('Eventuelt', '<w:pStyle w:val="Punkt"/>'),
      para('Nyt underpunkt', num(1, 1)),
    ].join('');
    expect(texts(writeNumbersIntoText(doc, numbering, styles))).toEqual([
      '1. Godkendelse af dagsorden',
      '2. Budget 2025',
      '2.1 Skoler',
      '2.2 Plejecentre',
      'Punktet har to underpunkter.',
      'en punktopstilling',
      '3. Eventuelt',
      '3.1 Nyt underpunkt',
    ]);
  });
});
