/**
 * At most `count` tasks at a time, holding at most `bytes` of files between them, first come
 * first served. A file larger than the whole budget runs once it has the budget to itself.
 */
export class InFlight {
  readonly #waiting: { weight: number; start: () => void }[] = [];
  readonly #bytes: number;
  #count: number;
  #free: number;

  constructor(count: number, bytes: number) {
    this.#count = count;
    this.#bytes = bytes;
    this.#free = bytes;
  }

  async run<T>(size: number, task: () => Promise<T>): Promise<T> {
    const weight = Math.min(size, this.#bytes);
    if (this.#waiting.length || !this.#fits(weight))
      await new Promise<void>((start) => this.#waiting.push({ weight, start }));
    else this.#take(weight);
    try {
      return await task();
    } finally {
      this.#count++;
      this.#free += weight;
      while (this.#waiting[0] && this.#fits(this.#waiting[0].weight)) {
        const next = this.#waiting.shift()!;
        this.#take(next.weight);
        next.start();
      }
    }
  }

  #fits(weight: number): boolean {
    return this.#count > 0 && this.#free >= weight;
  }

  #take(weight: number): void {
    this.#count--;
    this.#free -= weight;
  }
}
