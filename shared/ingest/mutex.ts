/**
 * Runs async work one piece at a time. Documents are extracted and OCR'ed in parallel, but a
 * meeting's merge reads what the index holds and writes it back: two documents of one meeting must
 * not do that at once.
 */
export class Mutex {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(work, work);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
