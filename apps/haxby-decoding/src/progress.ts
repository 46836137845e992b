/**
 * Progress of the long steps on stderr. On a terminal one status line is redrawn in place and
 * erased when the step ends (so stdout stays exactly the tutorial's printout); otherwise (a pipe,
 * a CI log) each step start is one plain line.
 *
 * @module
 */

/** Where text goes: `process.stdout`/`process.stderr` or anything with `write`. */
export interface TextStream {
  write(text: string): unknown;
  /** True on a terminal (then progress redraws one line). */
  isTTY?: boolean;
}

/** Reports which step runs and how far it is. */
export class StepProgress {
  private readonly stream: TextStream;
  private readonly enabled: boolean;
  private step = '';
  private drawn = false;
  private lastDraw = 0;

  /**
   * @param stream - usually `process.stderr`.
   * @param enabled - false for `--quiet`.
   */
  constructor(stream: TextStream, enabled = true) {
    this.stream = stream;
    this.enabled = enabled;
  }

  private get tty(): boolean {
    return this.stream.isTTY === true;
  }

  /** A step starts. */
  start(step: string): void {
    this.clear();
    this.step = step;
    if (!this.enabled) return;
    if (this.tty) this.draw(`${step}…`);
    else this.stream.write(`[voxelkit-haxby] ${step}…\n`);
  }

  /** The current step has made progress (`done` of `total` units, e.g. folds). */
  update(done: number, total: number, unit = ''): void {
    if (!this.enabled || !this.tty) return;
    const now = performance.now();
    if (now - this.lastDraw < 80 && done < total) return;
    this.lastDraw = now;
    const width = 20;
    const filled = Math.round((done / Math.max(total, 1)) * width);
    const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
    this.draw(`${this.step} [${bar}] ${done}/${total}${unit ? ` ${unit}` : ''}`);
  }

  /** A one-line message (warnings such as the offline fallback), shown even when quiet. */
  message(text: string): void {
    this.clear();
    this.stream.write(`${text}\n`);
  }

  /** Erases the status line (call before printing on the terminal). */
  clear(): void {
    if (this.drawn) {
      this.stream.write('\r\x1b[K');
      this.drawn = false;
    }
  }

  private draw(text: string): void {
    this.stream.write(`\r\x1b[K${text}`);
    this.drawn = true;
  }
}
