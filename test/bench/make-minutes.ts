// Born-digital minutes as a secretariat's system prints them: a meeting header, numbered items in
// bold with Sagsfremstilling / Indstilling / Beslutning, body text wrapped on A4 pages, page
// numbers. Deterministic from a seed, so runs compare.
//
//   node test/bench/make-minutes.ts DIR [COUNT=1000]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument, type PDFFont, StandardFonts } from 'pdf-lib';

const COMMITTEES = [
  'Økonomiudvalget',
  'Teknik- og Miljøudvalget',
  'Børne- og Ungeudvalget',
  'Social- og Sundhedsudvalget',
  'Kultur- og Fritidsudvalget',
  'Beskæftigelsesudvalget',
  'Plan- og Boligudvalget',
];
const TOPICS = [
  'Budgetopfølgning for andet kvartal',
  'Lokalplan for boligområdet ved Skovvej',
  'Takster for daginstitutioner',
  'Renovering af svømmehallen',
  'Kvalitetsstandarder for hjemmepleje',
  'Trafiksikkerhedsplan',
  'Anlægsbevilling til cykelsti',
  'Høring om affaldsplan',
  'Udbud af rengøring',
  'Sundhedsaftale og telemedicin',
  'Klimatilpasning langs åen',
  'Ansøgning om tilskud fra puljen',
];
const WORDS =
  'kommunen forvaltningen udvalget borgerne beslutning økonomi budget plan område indsats tilbud ansøgning bevilling projekt tilskud høring samarbejde skole daginstitution ældre sundhed trafik miljø klima boliger erhverv kultur idræt anlæg drift udgifter indtægter kvartal regnskab mål effekt evaluering partnerskab region staten lovgivning vejledning rammer kapacitet personale kompetencer digitalisering service kvalitet'.split(
    ' ',
  );
const MONTHS = [
  'januar',
  'februar',
  'marts',
  'april',
  'maj',
  'juni',
  'juli',
  'august',
  'september',
  'oktober',
  'november',
  'december',
];

/** A small deterministic random source (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sentence(next: () => number): string {
  const n = 8 + Math.floor(next() * 14);
  const words = Array.from({ length: n }, () => WORDS[Math.floor(next() * WORDS.length)]!);
  const text = words.join(' ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

/** Lines of at most `width` points in `font` at `size`. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(next, size) > width && line) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * One meeting's minutes as PDF bytes: `items` agenda items (about one page each), or as many
 * as fill `pages` pages when given.
 */
export async function minutesPdf(
  seed: number,
  options: { items?: number; pages?: number } = {},
): Promise<Uint8Array> {
  return (await minutes(seed, options)).bytes;
}

async function minutes(
  seed: number,
  options: { items?: number; pages?: number },
): Promise<{ bytes: Uint8Array; pages: number }> {
  const next = random(seed);
  const pdf = await PDFDocument.create();
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const committee = COMMITTEES[seed % COMMITTEES.length]!;
  const year = 2010 + (seed % 15);
  const month = Math.floor(next() * 12);
  const day = 1 + Math.floor(next() * 28);
  let page = pdf.addPage([595, 842]);
  let y = 790;
  const margin = 60;
  const width = 595 - 2 * margin;
  const newPage = () => {
    page.drawText(String(pdf.getPageCount()), { x: 297, y: 30, size: 9, font: regular });
    page = pdf.addPage([595, 842]);
    y = 790;
  };
  const write = (text: string, font: PDFFont, size: number, gap = 4) => {
    for (const line of wrap(text, font, size, width)) {
      if (y < 70) newPage();
      page.drawText(line, { x: margin, y, size, font });
      y -= size + gap;
    }
  };
  write(`Referat af møde i ${committee}`, bold, 18, 10);
  write(`Mødedato: ${day}. ${MONTHS[month]} ${year} kl. 16.00`, regular, 11);
  write('Mødested: Rådhuset, mødelokale 2', regular, 11);
  write(
    'Deltagere: Anne Jensen (formand), Bo Nielsen, Carla Madsen, Dan Hansen, Eva Larsen',
    regular,
    11,
    14,
  );
  const items = options.items ?? 2 + Math.floor(next() * 4);
  for (let n = 1; options.pages ? pdf.getPageCount() < options.pages : n <= items; n++) {
    if (y < 200) newPage();
    write(`${n}. ${TOPICS[Math.floor(next() * TOPICS.length)]!}`, bold, 13, 8);
    write(`Sagsnr.: ${year}-${String(1000 + Math.floor(next() * 9000))}`, regular, 10, 8);
    for (const heading of ['Sagsfremstilling', 'Indstilling', 'Beslutning']) {
      write(heading, bold, 11, 5);
      const sentences = heading === 'Sagsfremstilling' ? 8 + Math.floor(next() * 10) : 2;
      write(Array.from({ length: sentences }, () => sentence(next)).join(' '), regular, 10, 10);
    }
  }
  page.drawText(String(pdf.getPageCount()), { x: 297, y: 30, size: 9, font: regular });
  if (options.pages) while (pdf.getPageCount() > options.pages) pdf.removePage(pdf.getPageCount() - 1);
  return { bytes: await pdf.save(), pages: pdf.getPageCount() };
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/**
 * The `n`th of a run of minutes as an HTML page (as a portal publishes them): the same header,
 * items and sections as the PDFs, each on a date of its own (one meeting a document, for up to
 * 7 × 336 × 60 documents), read without pdf.js, so an archive of thousands is made in a minute.
 */
export function minutesHtml(n: number): string {
  const next = random(n + 1);
  const committee = COMMITTEES[n % COMMITTEES.length]!;
  const slot = Math.floor(n / COMMITTEES.length);
  const year = 1970 + Math.floor(slot / 336);
  const month = Math.floor(slot / 28) % 12;
  const day = 1 + (slot % 28);
  const parts = [
    `<html><head><meta charset="utf-8"><title>Referat</title></head><body>`,
    `<h1>Referat af møde i ${committee}</h1>`,
    `<p>Mødedato: ${day}. ${MONTHS[month]} ${year} kl. 16.00</p>`,
    '<p>Mødested: Rådhuset, mødelokale 2</p>',
  ];
  const items = 2 + Math.floor(next() * 4);
  for (let i = 1; i <= items; i++) {
    parts.push(`<h2>${i}. ${TOPICS[Math.floor(next() * TOPICS.length)]!}</h2>`);
    parts.push(`<p>Sagsnr.: ${year}-${String(1000 + Math.floor(next() * 9000))}</p>`);
    for (const heading of ['Sagsfremstilling', 'Indstilling', 'Beslutning']) {
      const sentences = heading === 'Sagsfremstilling' ? 8 + Math.floor(next() * 10) : 2;
      const text = Array.from({ length: sentences }, () => sentence(next)).join(' ');
      parts.push(`<h3>${heading}</h3><p>${escapeHtml(text)}</p>`);
    }
  }
  parts.push('</body></html>');
  return parts.join('\n');
}

/** Writes `count` minutes into `dir` (a folder a year); returns each file's path and pages. */
export async function writeMinutes(dir: string, count: number): Promise<{ path: string; pages: number }[]> {
  const written: { path: string; pages: number }[] = [];
  for (let i = 0; i < count; i++) {
    const folder = join(dir, String(2010 + (i % 15)));
    mkdirSync(folder, { recursive: true });
    const path = join(folder, `referat-${String(i).padStart(5, '0')}.pdf`);
    const { bytes, pages } = await minutes(i + 1, {});
    writeFileSync(path, bytes);
    written.push({ path, pages });
  }
  return written;
}

if (import.meta.main) {
  const [dir, count = '1000'] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: node test/bench/make-minutes.ts DIR [COUNT]');
    process.exit(1);
  }
  const started = performance.now();
  const written = await writeMinutes(dir, Number(count));
  const pages = written.reduce((n, w) => n + w.pages, 0);
  console.log(
    `${written.length} minutes, ${pages} pages, in ${dir} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
}
