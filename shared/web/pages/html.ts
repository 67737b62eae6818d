import { escapeHtml } from '../../search/snippet.ts';

/** Markup that is already safe to put in a page: built by `html`, or checked by `markOnly`. */
export class SafeHtml {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

/** What a template takes: text (escaped), safe markup, lists of either; null and false are nothing. */
export type Html = SafeHtml | string | number | null | undefined | false | readonly Html[];

function render(value: Html): string {
  if (value == null || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return (value as readonly Html[]).map(render).join('');
  return escapeHtml(String(value));
}

/**
 * A template of markup whose every interpolated value is escaped unless it is SafeHtml, so text
 * from a document can never become markup.
 * @example html`<p>${'<b>'}</p>`.value // '<p>&lt;b&gt;</p>'
 */
export function html(strings: TemplateStringsArray, ...values: Html[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** Joins markup, e.g. parts built in a loop. */
export function join(parts: readonly Html[], separator = ''): SafeHtml {
  return new SafeHtml(parts.map(render).filter(Boolean).join(separator));
}

/**
 * A snippet from the index: escaped text whose only markup is <mark>. Anything else is shown as
 * text, so a snippet cannot carry markup of its own into the page.
 */
export function markOnly(snippet: string): SafeHtml {
  return /^(?:[^<]|<\/?mark>)*$/.test(snippet) ? new SafeHtml(snippet) : new SafeHtml(escapeHtml(snippet));
}

export { escapeHtml };
