/**
 * Progress of the long steps on stderr, on `@voxelkit/datasets`' {@link TerminalProgress} (the
 * one progress line of voxelkit, drawn by cli-progress). On a terminal one status line is redrawn
 * in place and erased when the step ends (so stdout stays exactly the tutorial's printout);
 * otherwise (a pipe, a CI log) each step start is one plain line.
 *
 * @module
 */
import { type ProgressStream, TerminalProgress } from '@voxelkit/datasets';

/** Where text goes: `process.stdout`/`process.stderr` or anything with `write`. */
export type TextStream = ProgressStream;

/** Reports which step runs and how far it is. */
export class StepProgress {
  private readonly bar: TerminalProgress;
  private readonly enabled: boolean;
  private step = '';
  private lastDraw = 0;

  /**
   * @param stream - usually `process.stderr`.
   * @param enabled - false for `--quiet`.
   */
  constructor(stream: TextStream, enabled = true) {
    this.bar = new TerminalProgress({ stream, barWidth: 20 });
    this.enabled = enabled;
  }

  /** A step starts. */
  start(step: string): void {
    this.clear();
    this.step = step;
    if (!this.enabled) return;
    if (this.bar.isTerminal) this.bar.draw(`${step}…`);
    else this.bar.line(`[voxelkit-haxby] ${step}…`);
  }

  /** The current step has made progress (`done` of `total` units, e.g. folds). */
  update(done: number, total: number, unit = ''): void {
    if (!this.enabled || !this.bar.isTerminal) return;
    const now = performance.now();
    if (now - this.lastDraw < 80 && done < total) return;
    this.lastDraw = now;
    this.bar.draw(
      `${this.step} [{bar}] ${done}/${total}${unit ? ` ${unit}` : ''}`,
      done,
      Math.max(total, 1),
    );
  }

  /** A one-line message (warnings such as the offline fallback), shown even when quiet. */
  message(text: string): void {
    this.bar.line(text);
  }

  /** Erases the status line (call before printing on the terminal). */
  clear(): void {
    this.bar.clear();
  }
}
