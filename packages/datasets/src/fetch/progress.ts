/**
 * Download progress: a redrawn bar (bytes, %, rate, ETA) on a terminal (the package's one
 * {@link TerminalProgress} line, drawn by cli-progress), a few quiet lines otherwise, and the
 * user's `onProgress` callback in both cases.
 *
 * @module
 */
import { type ProgressStream, TerminalProgress } from '../terminal-progress.js';

export type { ProgressStream } from '../terminal-progress.js';

/** One progress report: `received` bytes of `file` so far (including resumed bytes). */
export interface ProgressEvent {
  /** File name being downloaded (e.g. `'subj2-2010.01.14.tar.gz'`). */
  file: string;
  /** Bytes on disk so far, resumed bytes included. */
  received: number;
  /** Total size in bytes, when the server says it. */
  total?: number;
}

/** Receives {@link ProgressEvent}s. */
export type ProgressCallback = (progress: ProgressEvent) => void;

/** Options of {@link ProgressReporter}. */
export interface ProgressReporterOptions {
  /** 0: silent, 1: progress, 2: also resume/retry details. */
  verbose?: number;
  /** Default `process.stderr`. */
  stream?: ProgressStream;
  onProgress?: ProgressCallback;
  /** Clock in ms (for tests). */
  now?: () => number;
}

/** `1536` → `'1.5 kB'` (SI units, like most download tools). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** Seconds → `'m:ss'` or `'h:mm:ss'`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Reports the progress of one download at a time. */
export class ProgressReporter {
  private readonly verbose: number;
  private readonly stream: ProgressStream;
  private readonly onProgress: ProgressCallback | undefined;
  private readonly now: () => number;
  private readonly bar: TerminalProgress;
  private file = '';
  private total: number | undefined;
  private startBytes = 0;
  private startTime = 0;
  private lastDraw = 0;
  private nextQuarter = 0.25;

  constructor(options: ProgressReporterOptions = {}) {
    this.verbose = options.verbose ?? 1;
    this.stream = options.stream ?? process.stderr;
    this.onProgress = options.onProgress;
    this.now = options.now ?? (() => performance.now());
    this.bar = new TerminalProgress({ stream: this.stream });
  }

  private get tty(): boolean {
    return this.stream.isTTY === true;
  }

  /** Prints a message line when `verbose >= level`. */
  log(message: string, level = 1): void {
    if (this.verbose < level) return;
    this.bar.line(`[voxelkit] ${message}`);
  }

  /** A download of `file` from `url` starts (or resumes at `offset`). */
  start(file: string, url: string, total: number | undefined, offset: number): void {
    this.file = file;
    this.total = total;
    this.startBytes = offset;
    this.startTime = this.now();
    this.lastDraw = 0;
    this.nextQuarter = 0.25;
    const size = total !== undefined ? ` (${formatBytes(total)})` : '';
    const resumed = offset > 0 ? `, resuming at ${formatBytes(offset)}` : '';
    this.log(`Downloading ${url}${size}${resumed}`);
    this.update(offset);
  }

  /** `received` bytes of the current file are on disk. */
  update(received: number): void {
    this.onProgress?.({
      file: this.file,
      received,
      ...(this.total !== undefined ? { total: this.total } : {}),
    });
    if (this.verbose < 1) return;
    const t = this.now();
    if (this.tty) {
      if (t - this.lastDraw < 100 && received !== this.total) return;
      this.lastDraw = t;
      this.bar.draw(this.line(received, t, '{bar}'), received, this.total ?? 0);
    } else if (this.total && received / this.total >= this.nextQuarter && received < this.total) {
      while (received / this.total >= this.nextQuarter) this.nextQuarter += 0.25;
      this.stream.write(`[voxelkit] ${this.line(received, t, '')}\n`);
    }
  }

  /** The current download finished. */
  done(received: number): void {
    const seconds = (this.now() - this.startTime) / 1000;
    this.clearBar();
    this.log(`Downloaded ${this.file}: ${formatBytes(received)} in ${seconds.toFixed(1)} s`);
  }

  /** Removes the bar (before an error or a message). */
  clearBar(): void {
    this.bar.clear();
  }

  /** The progress text; `bar` goes between the file name and the percentage. */
  private line(received: number, t: number, bar: string): string {
    const seconds = Math.max((t - this.startTime) / 1000, 1e-3);
    const rate = (received - this.startBytes) / seconds;
    const rateText = `${formatBytes(rate)}/s`;
    if (this.total === undefined || this.total <= 0) {
      return `${this.file} ${formatBytes(received)} ${rateText}`;
    }
    const fraction = Math.min(received / this.total, 1);
    const eta = rate > 0 ? (this.total - received) / rate : Number.NaN;
    const pct = `${(fraction * 100).toFixed(0).padStart(3)}%`;
    return `${this.file}${bar ? ` [${bar}]` : ''} ${pct} ${formatBytes(received)}/${formatBytes(this.total)} ${rateText} ETA ${formatDuration(eta)}`;
  }
}
