/** Runs queued work with a bounded number at a time; `idle()` resolves when all is done. */
export class TaskQueue {
  readonly #concurrency: number;
  readonly #waiting: (() => Promise<unknown>)[] = [];
  #running = 0;
  #idle: (() => void)[] = [];

  constructor(concurrency: number) {
    this.#concurrency = Math.max(1, concurrency);
  }

  push(task: () => Promise<unknown>): void {
    this.#waiting.push(task);
    this.#next();
  }

  get pending(): number {
    return this.#waiting.length + this.#running;
  }

  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #next(): void {
    while (this.#running < this.#concurrency && this.#waiting.length) {
      const task = this.#waiting.shift()!;
      this.#running++;
      task()
        .catch((error) => console.error('a queued task failed:', error))
        .finally(() => {
          this.#running--;
          this.#next();
          if (this.pending === 0) for (const resolve of this.#idle.splice(0)) resolve();
        });
    }
  }
}
