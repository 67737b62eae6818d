import type { ParsedDocument } from '../../shared/domain/model.ts';

/** An answer key in the format of ../shared/fixtures/expected. */
export interface AnswerKey {
  source: string[];
  committee?: string | null;
  start?: string | null;
  end?: string | null;
  location?: string;
  participants?: string[];
  absent?: string[];
  items: {
    number: number | string | null;
    title: string;
    caseNumber?: string;
    closed?: boolean;
    decisionStartsWith?: string;
    attachments?: string[];
  }[];
}

export interface KeyScore {
  f1: number;
  fieldsOk: number;
  fields: number;
  /** What did not match, as the shared score script names it. */
  misses: string[];
}

// The same rules as ../shared/tools/score-parse.mjs: letters and digits only, lower case.
const norm = (s: unknown) =>
  String(s ?? '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
const stripExt = (s: string) => s.replace(/(pdf|docx?|xlsx?|html?)$/, '');
const sameInstant = (a: string | null | undefined, b: string | null | undefined) =>
  a == null || b == null ? (a ?? null) === (b ?? null) : Date.parse(a) === Date.parse(b);

/** Scores one parsed document against its key, item F1 and fields, as the shared scorer does. */
export function scoreAgainstKey(got: ParsedDocument, key: AnswerKey): KeyScore {
  let tp = 0;
  let fn = 0;
  let fieldsOk = 0;
  let fields = 0;
  const misses: string[] = [];
  const check = (label: string, ok: boolean) => {
    fields++;
    if (ok) fieldsOk++;
    else misses.push(label);
  };
  if (key.committee) check('committee', norm(got.committee) === norm(key.committee));
  if (key.start) check('start', sameInstant(got.start, key.start));
  if (key.end) check('end', sameInstant(got.end, key.end));
  if ('location' in key) check('location', norm(got.location) === norm(key.location));
  for (const list of ['participants', 'absent'] as const) {
    const want = key[list]?.map(norm);
    if (!want) continue;
    const have = got[list].map(norm);
    check(list, want.every((w) => have.some((h) => h.startsWith(w))) && have.length === want.length);
  }
  const byNumber = new Map(got.items.map((it) => [String(it.number ?? ''), it]));
  const matched = new Set<unknown>();
  for (const want of key.items) {
    const it =
      want.number == null && got.items.length === 1 ? got.items[0] : byNumber.get(String(want.number ?? ''));
    if (!it || norm(it.title) !== norm(want.title)) {
      fn++;
      misses.push(`item ${want.number}: ${it ? `title "${it.title}"` : 'missing'}`);
      continue;
    }
    tp++;
    matched.add(it);
    if (want.caseNumber)
      check(`item ${want.number} caseNumber`, norm(it.caseNumber) === norm(want.caseNumber));
    if (want.closed) check(`item ${want.number} closed`, it.closed === true);
    if (want.decisionStartsWith)
      check(`item ${want.number} decision`, norm(it.decision).startsWith(norm(want.decisionStartsWith)));
    if (want.attachments) {
      const have = it.attachments.map((a) => stripExt(norm(a.name)));
      const exp = want.attachments.map((a) => stripExt(norm(a)));
      check(
        `item ${want.number} attachments`,
        exp.every((w) => have.some((h) => h.startsWith(w))) && have.length === exp.length,
      );
    }
  }
  const fp = got.items.filter((it) => !matched.has(it)).length;
  if (fp) misses.push(`${fp} item(s) not in the key`);
  const p = tp / Math.max(1, tp + fp);
  const r = tp / Math.max(1, tp + fn);
  return { f1: p + r ? (2 * p * r) / (p + r) : 0, fieldsOk, fields, misses };
}
