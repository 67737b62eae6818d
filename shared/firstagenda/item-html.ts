import type { ChildNode, Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import type { Section } from '../domain/model.ts';

/** What the HTML of one agenda item holds. */
export interface ItemText {
  /** Sections in order, each under the heading the item gives it ("Resume", "Indstilling" …). */
  sections: Section[];
  /** This meeting's decision: the item's own Beslutning, never a line of Sagens forløb. */
  decision: string | null;
}

const SKIP = new Set(['script', 'style', 'head', 'noscript', 'template', 'img', 'iframe', 'object', 'svg']);
const BLOCK = new Set([
  'address',
  'article',
  'blockquote',
  'dd',
  'div',
  'dl',
  'dt',
  'figcaption',
  'figure',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'tbody',
  'td',
  'th',
  'thead',
  'tr',
  'ul',
]);

/** The part of a FirstAgenda item's HTML a block stands in. */
type Region = 'top' | 'history';

/** One heading or one paragraph of the item, in reading order. */
type Block =
  | { kind: 'heading'; text: string; level: number; region: Region }
  | { kind: 'text'; text: string; region: Region };

/** The outer headings of FirstAgenda's item template, whatever the level. */
const DECISION = /^beslutning(?:er)?$/i;
const WRAPPER = /^(?:fremstilling|sagsfremstilling)$/i;
const HISTORY = /^sagens\s+forløb$/i;

const isElement = (node: ChildNode): node is Element => node.type === 'tag';
const classes = (el: Element) => (el.attribs.class ?? '').toLowerCase().split(/\s+/);

/**
 * Reads the HTML of one FirstAgenda agenda item into sections, whatever heading level the year's
 * template uses (h2, h3 or h4, nested in a "Fremstilling" of the same level or not). Empty
 * headings and headings of white space and non-breaking spaces are no headings. The decision is
 * the item's own "Beslutning"; "Sagens forløb" (earlier committees' decisions) is a section of its
 * own and never the decision.
 */
export function readItemHtml(html: string): ItemText {
  const blocks = toBlocks(html);
  const sections: Section[] = [];
  let current: Section | null = null;
  let decision: Section | null = null;
  // The level of the "Sagens forløb" heading while inside it: deeper headings belong to it.
  let historyLevel: number | null = null;
  const open = (heading: string) => {
    current = { heading, text: '' };
    sections.push(current);
    return current;
  };
  const history = () => sections.find((s) => s.heading === 'Sagens forløb') ?? open('Sagens forløb');
  for (const block of blocks) {
    if (block.kind === 'heading') {
      if (HISTORY.test(block.text)) {
        historyLevel = block.level;
        current = history();
        continue;
      }
      // Inside Sagens forløb a heading is part of an earlier committee's record, not a section.
      if (block.region === 'history' || (historyLevel !== null && block.level > historyLevel)) {
        current = history();
        append(current, block.text);
        continue;
      }
      historyLevel = null;
      if (WRAPPER.test(block.text)) {
        // "Fremstilling" only wraps the item's sections; text directly under it keeps the name.
        current = null;
        continue;
      }
      const section = open(block.text);
      if (!decision && DECISION.test(block.text)) decision = section;
      continue;
    }
    if (block.region === 'history') current = history();
    append(current ?? open(sections.length ? 'Fremstilling' : 'Tekst'), block.text);
  }
  const kept = sections.filter((s) => s.text);
  return { sections: kept, decision: (decision as Section | null)?.text || null };
}

/**
 * White space made plain and soft hyphens dropped, but no compatibility folding: the portal's HTML
 * has no ligatures, and "½" should stay "½".
 */
export function tidy(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u00AD\u200B-\u200D\u2060\uFEFF]/g, '')
    .replace(/[\s\u00A0\u2000-\u200A\u202F\u205F\u3000]+/g, ' ')
    .trim();
}

function append(section: Section, text: string): void {
  section.text = section.text ? `${section.text}\n${text}` : text;
}

/** The item's HTML as headings and paragraphs, each marked with the part of the template it is in. */
function toBlocks(html: string): Block[] {
  const doc = parseDocument(html, { decodeEntities: true });
  const blocks: Block[] = [];
  let buffer = '';
  const flush = (region: Region) => {
    const text = tidy(buffer);
    buffer = '';
    if (text) blocks.push({ kind: 'text', text, region });
  };
  const walk = (nodes: ChildNode[], region: Region) => {
    for (const node of nodes) {
      if (node.type === 'text') {
        buffer += node.data;
        continue;
      }
      if (!isElement(node) || SKIP.has(node.name)) continue;
      const tag = node.name.toLowerCase();
      if (tag === 'br') {
        flush(region);
        continue;
      }
      if (/^h[1-6]$/.test(tag)) {
        flush(region);
        const text = tidy(textOf(node));
        if (text)
          blocks.push({ kind: 'heading', text: text.replace(/\s*[:.]$/, ''), level: Number(tag[1]), region });
        continue;
      }
      const inner: Region =
        region === 'history' || classes(node).includes('sagsforloeb') ? 'history' : region;
      const block = BLOCK.has(tag) || inner !== region;
      if (block) flush(region);
      if (tag === 'li') buffer += '• ';
      walk(node.children, inner);
      if (block) flush(inner);
    }
  };
  walk(doc.children, 'top');
  flush('top');
  return blocks;
}

function textOf(node: ChildNode): string {
  if (node.type === 'text') return node.data;
  if (!isElement(node) || SKIP.has(node.name)) return '';
  return node.children.map(textOf).join('');
}

/** The plain text of an item's HTML, for a closed item's nothing and an open item's search text. */
export function htmlText(html: string): string {
  return toBlocks(html)
    .map((b) => b.text)
    .join('\n');
}
