import type { ChildNode, Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { DocumentRejectedError } from '../../domain/errors.ts';
import { DEFAULT_LIMITS } from '../../ingest/extract.ts';
import type { ExtractedText, TextExtractor, TextLine } from '../../ports/text-extractor.port.ts';

const SKIP = new Set([
  'head',
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'input',
  'select',
  'option',
  'img',
  'iframe',
  'object',
]);
const BLOCK = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'caption',
  'dd',
  'details',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
]);
const HEADING_SIZE: Record<number, number> = { 1: 20, 2: 16, 3: 14, 4: 13, 5: 12, 6: 12 };
const UI_ROLES = /^(button|menu|menuitem|menubar|toolbar|dialog|tooltip)$/;

const isElement = (node: ChildNode): node is Element =>
  node.type === 'tag' || node.type === 'script' || node.type === 'style';

/**
 * Reads the text of an HTML page (or a Word document converted to HTML) as lines, keeping what a
 * browser shows: headings and bold as typography, UI controls and hidden parts left out.
 */
export class HtmlTextExtractor implements TextExtractor {
  readonly mediaTypes = ['text/html'] as const;
  readonly #maxHtmlBytes: number;

  constructor(limits: { maxHtmlBytes?: number } = {}) {
    this.#maxHtmlBytes = limits.maxHtmlBytes ?? DEFAULT_LIMITS.maxHtmlBytes;
  }

  async extract(bytes: Uint8Array, name = 'the HTML file'): Promise<ExtractedText> {
    // Embedded images (data: URIs, as Word's "save as web page" writes them) carry no text and
    // are most of a large page: dropped before the page is measured and parsed.
    const html = Buffer.from(bytes).toString('utf8').replace(DATA_URI, '""');
    const size = Buffer.byteLength(html);
    // A document tree costs ~15× its markup: 50 MB of HTML would take a reader's memory.
    if (size > this.#maxHtmlBytes)
      throw new DocumentRejectedError(
        'TOO_LARGE',
        `${name}: the HTML file holds ${mb(size)} MB of markup, more than the ${mb(this.#maxHtmlBytes)} MB read`,
      );
    return { mediaType: 'text/html', pages: [{ number: 1, lines: htmlToLines(html) }] };
  }
}

const DATA_URI = /(["'])data:[^"']{256,}\1/g;
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** The visible text of an HTML document as lines, one per block. */
export function htmlToLines(html: string): TextLine[] {
  const doc = parseDocument(html, { decodeEntities: true });
  const lines: TextLine[] = [];
  let buffer = '';
  let boldChars = 0;
  let heading = 0;
  let listItem = false;
  let prefix = '';
  // The number a browser shows before each <li> of an <ol>, where the text holds none.
  let ordered: { next: number } | null = null;

  const flush = () => {
    const text = buffer.replace(/\s+/g, ' ').trim();
    if (text) {
      const full = prefix ? `${prefix} ${text}` : text;
      const line: TextLine = {
        text: full,
        block: true,
        bold: boldChars / text.replace(/\s/g, '').length > 0.6 || heading > 0,
      };
      if (heading) {
        line.heading = heading;
        line.size = HEADING_SIZE[heading];
      }
      if (listItem) line.listItem = true;
      lines.push(line);
      prefix = '';
    }
    buffer = '';
    boldChars = 0;
  };

  const hidden = (el: Element) =>
    'hidden' in el.attribs ||
    el.attribs['aria-hidden'] === 'true' ||
    /display\s*:\s*none/.test(el.attribs.style ?? '') ||
    (UI_ROLES.test(el.attribs.role ?? '') && !containsHeading(el));

  const walk = (nodes: ChildNode[], bold: boolean) => {
    for (const node of nodes) {
      if (node.type === 'text') {
        const text = node.data;
        buffer += text;
        if (bold) boldChars += text.replace(/\s/g, '').length;
        continue;
      }
      if (!isElement(node)) continue;
      const tag = node.name.toLowerCase();
      if (SKIP.has(tag) || hidden(node)) continue;
      if (tag === 'br') {
        flush();
        continue;
      }
      if (tag === 'tr') {
        walkRow(node, bold);
        continue;
      }
      const block = BLOCK.has(tag);
      const level = /^h([1-6])$/.exec(tag)?.[1];
      if (block) flush();
      const outer = { heading, listItem, ordered };
      if (level) heading = Number(level);
      if (tag === 'li') {
        listItem = true;
        if (ordered) {
          const shown = ordered.next++;
          // A list whose text carries its own labels ("1.", "a)", as Word's numbering is written) keeps them.
          if (!/^\s*(?:\d|[a-z]{1,4}[.)](?:\s|$))/i.test(textOf(node))) prefix = `${shown}.`;
        }
        ordered = null;
      }
      if (tag === 'ul') ordered = null;
      if (tag === 'ol') {
        const start = Number.parseInt(node.attribs.start ?? '1', 10);
        // Lettered and Roman lists (type="a", "i") are left as they are.
        ordered = /^1?$/.test(node.attribs.type ?? '') ? { next: Number.isFinite(start) ? start : 1 } : null;
      }
      walk(node.children, bold || tag === 'b' || tag === 'strong' || tag === 'th');
      if (block) flush();
      heading = outer.heading;
      listItem = outer.listItem;
      ordered = outer.ordered;
    }
  };

  // A row of plain cells reads as one line ("Mødested: Udvalgsværelse 398"); a row whose first
  // cell is only a number and whose next cell holds the item reads as "1. <first line of the item>".
  const walkRow = (row: Element, bold: boolean) => {
    flush();
    const cells = row.children
      .filter(isElement)
      .filter((c) => (c.name === 'td' || c.name === 'th') && !hidden(c));
    const texts = cells.map((c) => textOf(c).replace(/\s+/g, ' ').trim());
    if (cells.every((c) => !hasBlock(c))) {
      for (const cell of cells) {
        walkInline(cell, bold || cell.name === 'th');
        buffer += ' ';
      }
      flush();
      return;
    }
    const first = texts[0] ?? '';
    const rest = cells.slice(1);
    if (/^\d{1,3}[a-z]?\.?$/i.test(first) && rest.length) {
      prefix = first.endsWith('.') ? first : `${first}.`;
      for (const cell of rest) walk(cell.children, bold);
    } else {
      for (const cell of cells) walk(cell.children, bold);
    }
    flush();
    prefix = '';
  };

  const walkInline = (el: Element, bold: boolean) => {
    for (const node of el.children) {
      if (node.type === 'text') {
        buffer += node.data;
        if (bold) boldChars += node.data.replace(/\s/g, '').length;
      } else if (isElement(node) && !SKIP.has(node.name) && !hidden(node)) {
        walkInline(node, bold || node.name === 'b' || node.name === 'strong');
      }
    }
  };

  walk(doc.children, false);
  flush();
  return lines;
}

function textOf(node: ChildNode): string {
  if (node.type === 'text') return node.data;
  if (!isElement(node) || SKIP.has(node.name)) return '';
  return node.children.map(textOf).join('');
}

function hasBlock(el: Element): boolean {
  return el.children.some((c) => isElement(c) && (BLOCK.has(c.name) || hasBlock(c)));
}

function containsHeading(el: Element): boolean {
  return el.children.some((c) => isElement(c) && (/^h[1-6]$/.test(c.name) || containsHeading(c)));
}
