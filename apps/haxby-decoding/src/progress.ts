/**
 * Progress of the long steps on stderr. On a terminal one status line is redrawn in place and
 * erased when the step ends (so stdout stays exactly the tutorial's printout), on
 * `@voxelkit/datasets`' {@link TerminalProgress} (the one progress line of voxelkit, drawn by
 * cli-progress); otherwise (a pipe, a CI log, `--quiet`) each step start is one plain line and
 * `@voxelkit/datasets` is not loaded at all.
 *
 * @module
 */
import type { ProgressStream, TerminalProgress } from '@voxelkit/datasets';

/** Where text goes: `process.stdout`/`process.stderr` or anything with `write`. */
export type TextStream = ProgressStream;

/** Reports which step runs and how far it is. */
export class StepProgress {
  private readonly stream: TextStream;
  private readonly bar: TerminalProgress | undefined;
  private readonly enabled: boolean;
  private step = '';
  private lastDraw = 0;

  /**
   * A progress reporter whose terminal line is drawn by `@voxelkit/datasets`'
   * `TerminalProgress`, imported only when `stream` is a terminal and `enabled` is true.
   */
  static async open(stream: TextStream, enabled = true): Promise<StepProgress> {
    if (!enabled || stream.isTTY !== true) return new StepProgress(stream, enabled);
    const { TerminalProgress } = await import('@voxelkit/datasets');
    return new StepProgress(stream, enabled, new TerminalProgress({ stream, barWidth: 20 }));
  }

  /**
   * @param stream - usually `process.stderr`.
   * @param enabled - false for `--quiet`.
   * @param bar - the terminal line (see {@link StepProgress.open}); without one, each step
   *   start is a plain line even on a terminal.
   */
  constructor(stream: TextStream, enabled = true, bar?: TerminalProgress) {
    this.stream = stream;
    this.bar = bar?.isTerminal ? bar : undefined;
    this.enabled = enabled;
  }

  /** A step starts. */
  start(step: string): void {
    this.clear();
    this.step = step;
    if (!this.enabled) return;
    if (this.bar !== undefined) this.bar.draw(`${step}…`);
    else this.stream.write(`[voxelkit-haxby] ${step}…\n`);
  }

  /** The current step has made progress (`done` of `total` units, e.g. folds). */
  update(done: number, total: number, unit = ''): void {
    if (!this.enabled || this.bar === undefined) return;
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
    this.clear();
    this.stream.write(`${text}\n`);
  }

  /** Erases the status line (call before printing on the terminal). */
  clear(): void {
    this.bar?.clear();
  }
}
