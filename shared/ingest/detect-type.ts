import { DocumentRejectedError } from '../domain/errors.ts';
import { FIRSTAGENDA, isFirstAgendaFile } from '../firstagenda/answer.ts';

export const PDF = 'application/pdf';
export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const HTML = 'text/html';

/** The media types protokol reads. */
export const SUPPORTED_TYPES = [PDF, DOCX, HTML, FIRSTAGENDA] as const;
export type SupportedType = (typeof SUPPORTED_TYPES)[number];

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);
const latin1 = (bytes: Uint8Array, from: number, to: number) =>
  Buffer.from(bytes.buffer, bytes.byteOffset + from, Math.max(0, to - from)).toString('latin1');

/** Other formats people upload by mistake, named so the error says what the file really is. */
const KNOWN_OTHERS: { magic: number[]; what: string }[] = [
  { magic: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { magic: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { magic: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { magic: [0x49, 0x49, 0x2a, 0x00], what: 'a TIFF image' },
  { magic: [0x4d, 0x4d, 0x00, 0x2a], what: 'a TIFF image' },
  { magic: [0xd0, 0xcf, 0x11, 0xe0], what: 'an old binary Office file (.doc/.xls); save it as .docx or PDF' },
  { magic: [0x1f, 0x8b], what: 'a gzip archive' },
];

/**
 * Tells what a file is from its bytes, never its name, and rejects what cannot be minutes:
 * empty files, PDFs cut short, images named .pdf, plain text.
 * @example detectType(readFileSync('referat.pdf'), 'referat.pdf') // 'application/pdf'
 */
export function detectType(bytes: Uint8Array, name: string): SupportedType {
  if (bytes.length === 0)
    throw new DocumentRejectedError('EMPTY_FILE', `${name}: the file is empty (0 bytes)`);
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) {
    // A complete PDF has an end-of-file marker. Producers pad after it (GetOrganized writes KBs
    // of NUL bytes after %%EOF) and incremental updates leave one per revision, so the marker is
    // looked for anywhere: only a file with none at all is cut short and cannot be read.
    if (!hasEofMarker(bytes)) {
      throw new DocumentRejectedError(
        'TRUNCATED_FILE',
        `${name}: the PDF is cut short (no end-of-file marker after ${bytes.length} bytes); upload it again`,
      );
    }
    return PDF;
  }
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    // A ZIP: a .docx names its main part in the central directory near the end.
    const tail = latin1(bytes, Math.max(0, bytes.length - 65_536), bytes.length);
    const head = latin1(bytes, 0, Math.min(bytes.length, 65_536));
    if (tail.includes('word/document.xml') || head.includes('word/document.xml')) return DOCX;
    throw new DocumentRejectedError(
      'UNSUPPORTED_TYPE',
      `${name}: a ZIP archive that is not a Word (.docx) document`,
    );
  }
  for (const other of KNOWN_OTHERS) {
    if (startsWith(bytes, other.magic)) {
      throw new DocumentRejectedError(
        'UNSUPPORTED_TYPE',
        `${name}: the file is ${other.what}, not a PDF, DOCX or HTML document`,
      );
    }
  }
  // A FirstAgenda Publication meeting answer (JSON): told by its shape, not its name.
  if (isFirstAgendaFile(bytes, name)) return FIRSTAGENDA;
  const head = Buffer.from(bytes.subarray(0, 4096))
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  if (/^<(!doctype html|html|head|body|meta|title|!--)/.test(head) || /<html[\s>]/.test(head)) return HTML;
  const what = /^[\p{L}\p{N}\p{P}\p{Z}\s]*$/u.test(head.slice(0, 512))
    ? 'plain text'
    : 'of an unknown binary type';
  throw new DocumentRejectedError(
    'UNSUPPORTED_TYPE',
    `${name}: the file is ${what}, not a PDF, DOCX or HTML document`,
  );
}

const EOF_MARKER = Buffer.from('%%EOF', 'latin1');

/** True when the PDF carries an end-of-file marker anywhere; searched from the end, in one pass. */
function hasEofMarker(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).lastIndexOf(EOF_MARKER) >= 0;
}

/** The usual file extension of a supported type. */
export function extensionOf(type: SupportedType): string {
  return type === PDF ? 'pdf' : type === DOCX ? 'docx' : type === FIRSTAGENDA ? 'json' : 'html';
}
