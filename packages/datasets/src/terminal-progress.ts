/**
 * The one terminal progress line of voxelkit (downloads here, the tutorial's steps in
 * `@voxelkit/haxby-decoding`), drawn by [cli-progress](https://www.npmjs.com/package/cli-progress):
 * on a terminal one line is redrawn in place and erased when the task ends; elsewhere (a pipe, a
 * CI log) nothing is drawn and callers print plain lines with {@link TerminalProgress.line}.
 *
 * @module
 */
// cli-progress is CommonJS: Node's ESM loader only gives its default export
import cliProgress from 'cli-progress';

const { Format, SingleBar } = cliProgress;

/** Where progress text goes (a subset of `NodeJS.WriteStream`). */
export interface ProgressStream {
  write(text: string): unknown;
  /** True on a terminal: only then is a bar drawn. */
  isTTY?: boolean;
  /** Terminal width; the line is cut to it. */
  columns?: number;
}

/** Options of {@link TerminalProgress}. */
export interface TerminalProgressOptions {
  /** Default `process.stderr`. */
  stream?: ProgressStream;
  /** Width of the `{bar}` placeholder in characters (default 24). */
  barWidth?: number;
}

interface Payload {
  text: string;
}

/**
 * A cli-progress bar whose redraw timer does not keep the process alive (a CLI that fails
 * while a bar is shown still exits).
 */
class UnrefBar extends SingleBar {
  override render(): void {
    super.render();
    (this as unknown as { timer?: { unref?: () => void } | null }).timer?.unref?.();
  }
}

/**
 * One progress line on a terminal. {@link draw} shows (or redraws) it, {@link clear} erases it,
 * {@link line} prints a message above it. Off a terminal, {@link draw} prints nothing.
 */
export class TerminalProgress {
  private readonly stream: ProgressStream;
  private readonly bar: UnrefBar;
  private active = false;

  constructor(options: TerminalProgressOptions = {}) {
    this.stream = options.stream ?? process.stderr;
    const barsize = options.barWidth ?? 24;
    this.bar = new UnrefBar({
      // the stream only needs write/isTTY/columns (cli-progress moves the cursor with escapes)
      stream: this.stream as unknown as NodeJS.WritableStream,
      format: (options, params, payload: Payload) =>
        payload.text.replace('{bar}', Format.BarFormat(params.progress, options)),
      barsize,
      barCompleteChar: '#',
      barIncompleteChar: '.',
      clearOnComplete: true,
      hideCursor: false,
      linewrap: true,
      // callers throttle; every draw() is rendered at once
      synchronousUpdate: false,
      fps: 10,
      noTTYOutput: false,
      gracefulExit: false,
    });
  }

  /** True when the stream is a terminal (bars are drawn). */
  get isTerminal(): boolean {
    return this.stream.isTTY === true;
  }

  /**
   * Draws `text` as the progress line now; `{bar}` in it becomes a bar filled to
   * `value / total` (a `total` of 0 or less draws an empty bar).
   */
  draw(text: string, value = 0, total = 0): void {
    if (!this.isTerminal) return;
    const payload: Payload = { text };
    const t = total > 0 ? total : 1;
    const v = total > 0 ? Math.min(Math.max(value, 0), total) : 0;
    if (!this.active) {
      this.bar.start(t, v, payload);
      this.active = true;
    } else {
      this.bar.setTotal(t);
      this.bar.update(v, payload);
      this.bar.render();
    }
  }

  /** Erases the progress line (nothing when none is shown). */
  clear(): void {
    if (!this.active) return;
    this.active = false;
    this.bar.stop();
  }

  /** Prints `text` as a line of its own (erasing the progress line first). */
  line(text: string): void {
    this.clear();
    this.stream.write(`${text}\n`);
  }
}
