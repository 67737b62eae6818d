import type { WriteStream } from 'node:tty';

/**
 * Progress of a long run: on a terminal one line redrawn with a bar, the rate and the time left;
 * otherwise a plain line per file and a summary line every so often, for logs.
 */
export class Progress {
  readonly #total: number;
  readonly #out: NodeJS.WriteStream | WriteStream;
  readonly #tty: boolean;
  readonly #started = performance.now();
  #done = 0;
  #lastDraw = 0;
  /** Plain lines not yet written: written together, not one write (and syscall) per file. */
  #pending: string[] = [];
  #flush: NodeJS.Timeout | null = null;

  constructor(total: number, out: NodeJS.WriteStream) {
    this.#total = total;
    this.#out = out;
    this.#tty = Boolean(out.isTTY);
  }

  /** One file finished; `line` is printed above the bar (or as a plain line), unless null. */
  tick(line: string | null): void {
    this.#done++;
    if (this.#tty) {
      const now = performance.now();
      if (line?.startsWith('failed')) this.#print(line);
      if (now - this.#lastDraw > 100 || this.#done === this.#total) {
        this.#lastDraw = now;
        this.#draw();
      }
    } else {
      if (line) this.#pending.push(line);
      if (this.#done % 100 === 0) this.#pending.push(this.#status());
      if (this.#pending.length >= 200) this.#write();
      else this.#flush ??= setTimeout(() => this.#write(), 50);
    }
  }

  done(): void {
    if (this.#tty) this.#out.write('\n');
    else this.#write();
  }

  /** Writes the plain lines gathered so far, to standard output (as console.log did). */
  #write(): void {
    if (this.#flush) clearTimeout(this.#flush);
    this.#flush = null;
    if (this.#pending.length) process.stdout.write(`${this.#pending.join('\n')}\n`);
    this.#pending = [];
  }

  #status(): string {
    const seconds = (performance.now() - this.#started) / 1000;
    const rate = this.#done / Math.max(seconds, 0.001);
    const left = rate > 0 ? (this.#total - this.#done) / rate : 0;
    return `${this.#done}/${this.#total} files · ${rate.toFixed(1)} files/s · ${formatDuration(left)} left`;
  }

  #draw(): void {
    const width = 30;
    const filled = this.#total ? Math.round((this.#done / this.#total) * width) : width;
    this.#out.write(`\r\x1b[2K[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${this.#status()}`);
  }

  #print(line: string): void {
    this.#out.write(`\r\x1b[2K${line}\n`);
  }
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}
