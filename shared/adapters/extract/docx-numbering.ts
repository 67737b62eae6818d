// Word's automatic numbering written into the text. A heading numbered by Word ("1. Godkendelse
// af dagsorden" on the screen) holds only its title in document.xml; the "1." comes from
// numbering.xml at display time, and mammoth leaves it out. Minutes whose item numbers are Word's
// numbering would lose every item number, so the numbers are put back as Word shows them.
import { strToU8, unzipSync, zipSync } from 'fflate';

interface Level {
  start: number;
  format: string;
  text: string;
}
interface NumberingDefinitions {
  /** abstractNumId → levels by ilvl. */
  abstract: Map<string, Map<number, Level>>;
  /** numId → its abstract numbering and per-level start overrides. */
  nums: Map<string, { abstractId: string; starts: Map<number, number> }>;
  /** paragraph styleId → the numbering its paragraphs get from the style. */
  styles: Map<string, { numId: string; level: number }>;
}

const attr = (xml: string, tag: string) => new RegExp(`<w:${tag}\\b[^>]*\\bw:val="([^"]*)"`).exec(xml)?.[1];

function readDefinitions(numberingXml: string, stylesXml: string): NumberingDefinitions {
  const abstract = new Map<string, Map<number, Level>>();
  for (const m of numberingXml.matchAll(
    /<w:abstractNum\b[^>]*w:abstractNumId="([^"]+)"[^>]*>([\s\S]*?)<\/w:abstractNum>/g,
  )) {
    const levels = new Map<number, Level>();
    for (const l of m[2]!.matchAll(/<w:lvl\b[^>]*w:ilvl="(\d+)"[^>]*>([\s\S]*?)<\/w:lvl>/g)) {
      levels.set(Number(l[1]), {
        start: Number(attr(l[2]!, 'start') ?? 1),
        format: attr(l[2]!, 'numFmt') ?? 'decimal',
        text: attr(l[2]!, 'lvlText') ?? '',
      });
    }
    abstract.set(m[1]!, levels);
  }
  const nums = new Map<string, { abstractId: string; starts: Map<number, number> }>();
  for (const m of numberingXml.matchAll(/<w:num\b[^>]*w:numId="([^"]+)"[^>]*>([\s\S]*?)<\/w:num>/g)) {
    const starts = new Map<number, number>();
    for (const o of m[2]!.matchAll(/<w:lvlOverride\b[^>]*w:ilvl="(\d+)"[^>]*>([\s\S]*?)<\/w:lvlOverride>/g)) {
      const start = attr(o[2]!, 'startOverride');
      if (start !== undefined) starts.set(Number(o[1]), Number(start));
    }
    nums.set(m[1]!, { abstractId: attr(m[2]!, 'abstractNumId') ?? '', starts });
  }
  const styles = new Map<string, { numId: string; level: number }>();
  for (const m of stylesXml.matchAll(/<w:style\b[^>]*w:styleId="([^"]+)"[^>]*>([\s\S]*?)<\/w:style>/g)) {
    const numPr = /<w:numPr>([\s\S]*?)<\/w:numPr>/.exec(m[2]!)?.[1];
    const numId = numPr ? attr(numPr, 'numId') : undefined;
    if (numId) styles.set(m[1]!, { numId, level: Number(attr(numPr!, 'ilvl') ?? 0) });
  }
  return { abstract, nums, styles };
}

function formatNumber(n: number, format: string): string | null {
  switch (format) {
    case 'decimal':
      return String(n);
    case 'decimalZero':
      return String(n).padStart(2, '0');
    case 'lowerLetter':
    case 'upperLetter': {
      const letter = String.fromCharCode(97 + ((n - 1) % 26)).repeat(Math.floor((n - 1) / 26) + 1);
      return format === 'upperLetter' ? letter.toUpperCase() : letter;
    }
    case 'lowerRoman':
    case 'upperRoman': {
      const roman = toRoman(n);
      return format === 'upperRoman' ? roman : roman.toLowerCase();
    }
    default:
      // bullet, none, and the formats of other scripts: no number to write.
      return null;
  }
}

function toRoman(n: number): string {
  const table: [number, string][] = [
    [1000, 'M'],
    [900, 'CM'],
    [500, 'D'],
    [400, 'CD'],
    [100, 'C'],
    [90, 'XC'],
    [50, 'L'],
    [40, 'XL'],
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let out = '';
  let rest = n;
  for (const [v, s] of table)
    while (rest >= v) {
      out += s;
      rest -= v;
    }
  return out;
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * document.xml with each numbered paragraph's number ("1.", "2.3", "a)") written as a run at
 * its start, counted as Word counts: per list, deeper levels starting again under a new parent.
 * One pass over the paragraphs.
 */
export function writeNumbersIntoText(documentXml: string, numberingXml: string, stylesXml = ''): string {
  const defs = readDefinitions(numberingXml, stylesXml);
  const counters = new Map<string, number[]>();
  return documentXml.replace(/<w:p\b[^>]*?(?:\/>|>([\s\S]*?)<\/w:p>)/g, (para, inner: string | undefined) => {
    if (!inner) return para;
    const pPr = /^\s*<w:pPr\b[^>]*>([\s\S]*?)<\/w:pPr>/.exec(inner)?.[1] ?? '';
    const direct = /<w:numPr>([\s\S]*?)<\/w:numPr>/.exec(pPr)?.[1];
    const style = attr(pPr, 'pStyle');
    const fromStyle = style ? defs.styles.get(style) : undefined;
    const numId = direct ? attr(direct, 'numId') : fromStyle?.numId;
    if (!numId || numId === '0') return para;
    const level = direct ? Number(attr(direct, 'ilvl') ?? fromStyle?.level ?? 0) : (fromStyle?.level ?? 0);
    const num = defs.nums.get(numId);
    const levels = num ? defs.abstract.get(num.abstractId) : undefined;
    const def = levels?.get(level);
    if (!num || !levels || !def) return para;
    // Lists that share an abstract numbering continue one another, unless one starts over.
    const key = num.starts.size ? `num:${numId}` : `abstract:${num.abstractId}`;
    const count = counters.get(key) ?? [];
    const startOf = (l: number) => num.starts.get(l) ?? levels.get(l)?.start ?? 1;
    count[level] = count[level] === undefined ? startOf(level) : count[level]! + 1;
    count.length = level + 1;
    for (let l = 0; l < level; l++) count[l] ??= startOf(l);
    counters.set(key, count);
    let ok = true;
    const label = def.text.replace(/%(\d)/g, (_, d: string) => {
      const l = Number(d) - 1;
      const value = formatNumber(count[l] ?? startOf(l), levels.get(l)?.format ?? 'decimal');
      if (value === null) ok = false;
      return value ?? '';
    });
    if (!ok || !/[\p{L}\d]/u.test(label)) return para;
    const run = `<w:r><w:t xml:space="preserve">${xmlEscape(label)} </w:t></w:r>`;
    const at = para.indexOf('</w:pPr>');
    if (at >= 0) return `${para.slice(0, at + 8)}${run}${para.slice(at + 8)}`;
    const open = para.indexOf('>') + 1;
    return `${para.slice(0, open)}${run}${para.slice(open)}`;
  });
}

/** The Word file with its automatic numbers written into the text; the same bytes when it has none. */
export function withWordNumbers(bytes: Uint8Array, readPart: RegExp): Uint8Array {
  const parts = unzipSync(bytes, { filter: (f) => readPart.test(f.name) });
  const text = (name: string) => (parts[name] ? new TextDecoder().decode(parts[name]) : '');
  const [document, numbering, styles] = [
    text('word/document.xml'),
    text('word/numbering.xml'),
    text('word/styles.xml'),
  ];
  if (!document || !numbering || !(document.includes('<w:numPr>') || styles.includes('<w:numPr>')))
    return bytes;
  // Only the XML parts are packed again: images are never read (see the extractor).
  parts['word/document.xml'] = strToU8(writeNumbersIntoText(document, numbering, styles));
  return zipSync(parts);
}
