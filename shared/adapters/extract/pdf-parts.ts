import { inflateSync } from 'node:zlib';
import {
  ParseSpeeds,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  type PDFObject,
  PDFRawStream,
  PDFRef,
  PDFString,
} from 'pdf-lib';
import { DocumentRejectedError } from '../../domain/errors.ts';
import type { EmbeddedFile, PageRange, PdfParts, SplitPdf } from '../../ports/text-extractor.port.ts';

/** What splitting one PDF may cost: files embedded in it, and the bytes each may unpack to. */
export interface PartLimits {
  maxEmbeddedFiles: number;
  maxEmbeddedBytes: number;
}

export const DEFAULT_PART_LIMITS: PartLimits = { maxEmbeddedFiles: 50, maxEmbeddedBytes: 64 * 1024 * 1024 };

/** Splits PDFs with pdf-lib in this process (a reader of the pool, or a Lambda). */
export class PdfLibParts implements PdfParts {
  readonly #limits: PartLimits;

  constructor(limits: Partial<PartLimits> = {}) {
    this.#limits = { ...DEFAULT_PART_LIMITS, ...limits };
  }

  split(bytes: Uint8Array, name: string, pages: PageRange[]): Promise<SplitPdf> {
    return splitPdf(bytes, name, pages, this.#limits);
  }
}

/**
 * Cuts the given page ranges out of a PDF, each a PDF of its own (no metadata, so the same pages
 * give the same bytes), and takes out the files embedded in it: those of its EmbeddedFiles name
 * tree and of its file-attachment annotations. An embedded file past a limit, or in a form that
 * cannot be read, comes back with the reason instead of its bytes: it fails alone.
 */
export async function splitPdf(
  bytes: Uint8Array,
  name: string,
  ranges: PageRange[],
  limits: PartLimits = DEFAULT_PART_LIMITS,
): Promise<SplitPdf> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, {
      updateMetadata: false,
      ignoreEncryption: true,
      // Parsed in one go: the default yields to the event loop every 100 objects, which costs more than the parse.
      parseSpeed: ParseSpeeds.Fastest,
    });
  } catch (error) {
    throw new DocumentRejectedError(
      'CORRUPT_FILE',
      `${name}: the PDF cannot be split (${(error as Error).message})`,
      {
        cause: error,
      },
    );
  }
  const parts: Uint8Array[] = [];
  for (const range of ranges) {
    const out = await PDFDocument.create({ updateMetadata: false });
    const indices: number[] = [];
    for (let p = range.first; p <= Math.min(range.last, doc.getPageCount()); p++) indices.push(p - 1);
    for (const page of await out.copyPages(doc, indices)) out.addPage(page);
    parts.push(await out.save());
  }
  return { parts, embedded: embeddedFiles(doc, name, limits) };
}

function fileSpecs(doc: PDFDocument): { name: string | null; spec: PDFDict; page?: number }[] {
  const specs: { name: string | null; spec: PDFDict; page?: number }[] = [];
  const names = lookupDict(doc, doc.catalog.get(PDFName.of('Names')));
  const tree = names && lookupDict(doc, names.get(PDFName.of('EmbeddedFiles')));
  if (tree) walkNameTree(doc, tree, specs, 0);
  doc.getPages().forEach((page, i) => {
    const annots = doc.context.lookup(page.node.get(PDFName.of('Annots')));
    if (!(annots instanceof PDFArray)) return;
    for (let k = 0; k < annots.size(); k++) {
      const annot = lookupDict(doc, annots.get(k));
      if (annot?.get(PDFName.of('Subtype'))?.toString() !== '/FileAttachment') continue;
      const spec = lookupDict(doc, annot.get(PDFName.of('FS')));
      if (spec) specs.push({ name: null, spec, page: i + 1 });
    }
  });
  const seen = new Set<PDFDict>();
  return specs.filter((s) => !seen.has(s.spec) && seen.add(s.spec));
}

function embeddedFiles(doc: PDFDocument, parent: string, limits: PartLimits): EmbeddedFile[] {
  const out: EmbeddedFile[] = [];
  // All of them together may hold four files at the limit: past that, a reader's memory would be.
  let budget = 4 * limits.maxEmbeddedBytes;
  for (const { name: treeName, spec, page } of fileSpecs(doc)) {
    const name = fileName(spec) ?? treeName ?? `vedhæftet fil ${out.length + 1}`;
    const at = page ? { page } : {};
    if (out.length >= limits.maxEmbeddedFiles) {
      out.push({
        name,
        ...at,
        code: 'TOO_LARGE',
        reason: `${parent}: more than ${limits.maxEmbeddedFiles} embedded files; "${name}" was not read`,
      });
      continue;
    }
    const file = contents(doc, spec, `${parent} → ${name}`, Math.min(limits.maxEmbeddedBytes, budget));
    if ('bytes' in file) budget -= file.bytes.length;
    out.push({ name, ...at, ...file });
  }
  return out;
}

function walkNameTree(
  doc: PDFDocument,
  node: PDFDict,
  out: { name: string | null; spec: PDFDict }[],
  depth: number,
): void {
  if (depth > 20) return;
  const pairs = doc.context.lookup(node.get(PDFName.of('Names')));
  if (pairs instanceof PDFArray) {
    for (let k = 0; k + 1 < pairs.size(); k += 2) {
      const key = doc.context.lookup(pairs.get(k));
      const spec = lookupDict(doc, pairs.get(k + 1));
      if (spec) out.push({ name: textOf(key), spec });
    }
  }
  const kids = doc.context.lookup(node.get(PDFName.of('Kids')));
  if (kids instanceof PDFArray)
    for (let k = 0; k < kids.size(); k++) {
      const kid = lookupDict(doc, kids.get(k));
      if (kid) walkNameTree(doc, kid, out, depth + 1);
    }
}

function contents(
  doc: PDFDocument,
  spec: PDFDict,
  label: string,
  maxBytes: number,
): { bytes: Uint8Array } | { code: string; reason: string } {
  const ef = lookupDict(doc, spec.get(PDFName.of('EF')));
  const stream = ef && doc.context.lookup(ef.get(PDFName.of('UF')) ?? ef.get(PDFName.of('F')));
  if (!(stream instanceof PDFRawStream))
    return { code: 'CORRUPT_FILE', reason: `${label}: the embedded file holds no data` };
  const raw = stream.getContents();
  if (raw.length > maxBytes) return tooLarge(label, maxBytes);
  const filter = doc.context.lookup(stream.dict.get(PDFName.of('Filter')));
  const filters =
    filter instanceof PDFArray
      ? filter.asArray().map((f) => f.toString())
      : filter
        ? [filter.toString()]
        : [];
  if (filters.length === 0) return { bytes: raw };
  if (filters.length > 1 || filters[0] !== '/FlateDecode')
    return {
      code: 'UNSUPPORTED_TYPE',
      reason: `${label}: the embedded file is stored with ${filters.join(' ')}, which is not read`,
    };
  try {
    // Bounded: a stream that unpacks to more than the limit stops there, never held whole.
    return { bytes: new Uint8Array(inflateSync(raw, { maxOutputLength: maxBytes })) };
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return tooLarge(label, maxBytes);
    return {
      code: 'CORRUPT_FILE',
      reason: `${label}: the embedded file cannot be unpacked (${(error as Error).message})`,
    };
  }
}

function tooLarge(label: string, maxBytes: number) {
  return {
    code: 'TOO_LARGE',
    reason: `${label}: the embedded file unpacks to more than ${Math.round(maxBytes / 1024 / 1024)} MB, more than is read`,
  };
}

function fileName(spec: PDFDict): string | null {
  for (const key of ['UF', 'F']) {
    const t = textOf(spec.get(PDFName.of(key)));
    if (t) return t.split(/[\\/]/).pop() ?? t;
  }
  return null;
}

function textOf(value: PDFObject | undefined): string | null {
  if (value instanceof PDFString || value instanceof PDFHexString) return value.decodeText().trim() || null;
  return null;
}

function lookupDict(doc: PDFDocument, value: PDFObject | undefined): PDFDict | null {
  const v = value instanceof PDFRef ? doc.context.lookup(value) : value;
  return v instanceof PDFDict ? v : null;
}
