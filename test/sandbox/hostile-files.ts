import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants, crc32, createDeflateRaw } from 'node:zlib';
import { unzipSync } from 'fflate';
import { fixtures } from '../support/fixtures.ts';

/**
 * A Word file whose document.xml inflates to `megabytes` MB (a zip bomb: the real fixture's parts
 * around a body of one repeated paragraph), deflated by zlib a MB at a time so the test never
 * holds it. With `lie`, the directory declares 4 KB for it, as a bomb made to pass a size check would.
 */
export async function docxBomb(megabytes: number, options: { lie?: boolean } = {}): Promise<Uint8Array> {
  const real = unzipSync(
    readFileSync(join(fixtures, 'minutes', 'dagsorden-2022-02-07-forretningsudvalg.docx')),
  );
  const paragraph = `<w:p><w:r><w:t>${'Bombe '.repeat(100)}</w:t></w:r></w:p>`;
  const megabyte = Buffer.from(paragraph.repeat(Math.ceil((1024 * 1024) / paragraph.length)));
  const parts = [
    Buffer.from(
      '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>',
    ),
    ...Array.from({ length: megabytes }, () => megabyte),
    Buffer.from('</w:body></w:document>'),
  ];
  let crc = 0;
  let size = 0;
  for (const part of parts) {
    crc = crc32(part, crc);
    size += part.length;
  }
  const compressed: Buffer[] = [];
  await pipeline(
    Readable.from(parts),
    createDeflateRaw({ level: constants.Z_BEST_SPEED }),
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        compressed.push(chunk);
        done();
      },
    }),
  );
  const entries: ZipEntry[] = Object.entries(real)
    .filter(([name]) => name !== 'word/document.xml')
    .map(([name, data]) => ({ name, method: 0, data, crc: crc32(data), size: data.length }));
  entries.push({
    name: 'word/document.xml',
    method: 8,
    data: Buffer.concat(compressed),
    crc,
    size: options.lie ? 4096 : size,
  });
  return writeZip(entries);
}

interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated */
  method: number;
  data: Uint8Array;
  crc: number;
  /** The uncompressed size the headers declare. */
  size: number;
}

/** A ZIP archive of the entries, as every zip tool writes one: local headers, then the directory. */
function writeZip(entries: ZipEntry[]): Uint8Array {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(entry.method, 8);
    local.writeUInt32LE(entry.crc >>> 0, 14);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.size, 22);
    local.writeUInt16LE(name.length, 26);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(entry.method, 10);
    header.writeUInt32LE(entry.crc >>> 0, 16);
    header.writeUInt32LE(entry.data.length, 20);
    header.writeUInt32LE(entry.size, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(offset, 42);
    locals.push(local, name, Buffer.from(entry.data));
    central.push(header, name);
    offset += 30 + name.length + entry.data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** An HTML page of `megabytes` MB of nested markup: cheap as bytes, costly as a document tree. */
export function hugeHtml(megabytes: number): Uint8Array {
  const row = '<div class="punkt"><span><b>Punkt</b> <i>tekst</i> <a href="#x">link</a></span></div>\n';
  const body = row.repeat(Math.ceil((megabytes * 1024 * 1024) / row.length));
  return Buffer.from(`<!doctype html><html><body><h1>Referat</h1>${body}</body></html>`);
}
