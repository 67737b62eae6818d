const rss = () => (process.memoryUsage().rss / 1048576).toFixed(1);
const step = process.argv[2];
console.log('start', rss());
if (step === 'canvas') {
  const { createRequire } = await import('node:module');
  createRequire(import.meta.url)('@napi-rs/canvas');
  console.log('canvas', rss());
}
if (step === 'pdf' || step === 'read') {
  await import('pdfjs-dist/legacy/build/pdf.mjs');
  console.log('pdfjs', rss());
}
if (step === 'read') {
  const { PdfTextExtractor } = await import('../shared/adapters/extract/pdf-text-extractor.ts');
  const { readFileSync, readdirSync } = await import('node:fs');
  const dir = '/tmp/bench/corpus/pdf/2024';
  const ex = new PdfTextExtractor();
  let i = 0;
  for (const f of readdirSync(dir).slice(0, 60)) {
    await ex.extract(readFileSync(`${dir}/${f}`), f);
    if (++i % 20 === 0) {
      const m = process.memoryUsage();
      console.log(
        'read',
        i,
        rss(),
        'heapTotal',
        (m.heapTotal / 1048576).toFixed(1),
        'used',
        (m.heapUsed / 1048576).toFixed(1),
        'ext',
        (m.external / 1048576).toFixed(1),
        'ab',
        (m.arrayBuffers / 1048576).toFixed(1),
        't',
        (performance.now() / 1000).toFixed(2),
      );
    }
  }
}
