/** One agenda item of the Teknisk Udvalg meeting of 3 March 2025 (at 15.00 unless told), with a word of its own. */
export function itemDocument(n: number, time = '15.00'): Uint8Array {
  return new TextEncoder().encode(
    `<html><body><h1>Dagsorden</h1><p>Udvalg: Teknisk Udvalg</p><p>Mødedato: 3. marts 2025 kl. ${time}</p>` +
      `<h2>Punkt ${n}: Vejsag ${n}</h2><h3>Indstilling</h3><p>Det indstilles, at vejsag${n}ord godkendes.</p></body></html>`,
  );
}
