/**
 * nilearn's `signal.clean` without confounds: detrend, Butterworth filter, standardize — per run
 * when runs are given.
 *
 * @module
 */
import { type Label, type Matrix2D, ValidationError } from '@voxelkit/core';
import { type SignalsLike, toSignals } from './as-signals.js';
import { butterworthInPlace } from './butterworth.js';
import { detrendInPlace } from './detrend.js';
import { checkStandardize, type Standardize, standardizeInPlace } from './standardize.js';

/** Options of {@link clean}. */
export interface CleanOptions {
  /** Run (session) label of every time point; each run is cleaned on its own. */
  runs?: ArrayLike<Label>;
  /** Remove the mean and linear trend first (default true, as nilearn's `clean`). */
  detrend?: boolean;
  /** Standardization strategy, applied last (default `'zscore'`; see {@link Standardize}). */
  standardize?: Standardize;
  /** Low-pass cutoff in Hz (needs `tR`). */
  lowPass?: number;
  /** High-pass cutoff in Hz (needs `tR`). */
  highPass?: number;
  /** Repetition time in seconds (sampling interval), required for filtering. */
  tR?: number;
  /** Replace NaN and ±Infinity by 0 before cleaning (default false). */
  ensureFinite?: boolean;
}

/** The validated form of {@link CleanOptions} that {@link cleanInPlace} takes. */
export interface CleanSettings {
  detrend: boolean;
  standardize: Standardize;
  lowPass: number | undefined;
  highPass: number | undefined;
  tR: number | undefined;
}

/**
 * Validates cleaning options (nilearn's `_check_filter_parameters` rules).
 *
 * @throws ValidationError for a filter without `tR`, an invalid `tR` or standardize strategy.
 */
export function checkCleanSettings(options: CleanOptions, defaults: Partial<CleanSettings> = {}) {
  const detrend = options.detrend ?? defaults.detrend ?? true;
  if (typeof detrend !== 'boolean') {
    throw new ValidationError(`detrend must be true or false; got ${JSON.stringify(detrend)}.`);
  }
  const standardize = checkStandardize(options.standardize ?? defaults.standardize ?? 'zscore');
  const lowPass = options.lowPass ?? undefined;
  const highPass = options.highPass ?? undefined;
  const tR = options.tR ?? undefined;
  for (const [name, v] of [
    ['lowPass', lowPass],
    ['highPass', highPass],
  ] as const) {
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v))) {
      throw new ValidationError(`${name} must be a frequency in Hz; got ${String(v)}.`);
    }
  }
  if (tR !== undefined && !(typeof tR === 'number' && tR > 0 && Number.isFinite(tR))) {
    throw new ValidationError(
      `tR must be the repetition time in seconds (a positive number); got ${String(tR)}.`,
    );
  }
  if ((lowPass !== undefined || highPass !== undefined) && tR === undefined) {
    throw new ValidationError(
      'The repetition time tR must be given for Butterworth filtering (lowPass/highPass): ' +
        'pass tR in seconds, e.g. { lowPass: 0.1, tR: 2.5 }.',
    );
  }
  return { detrend, standardize, lowPass, highPass, tR } satisfies CleanSettings;
}

/** True when cleaning does more than standardize (detrending or filtering). */
function hasTemporalSteps(s: CleanSettings): boolean {
  return s.detrend || s.lowPass !== undefined || s.highPass !== undefined;
}

/**
 * The steps of cleaning before standardization, on one run (all rows of `data`), in place:
 * detrend, filter, and put the mean back where nilearn does (so 'psc' sees the original mean).
 */
function temporalStepsOfRun(data: Float64Array, rows: number, cols: number, s: CleanSettings) {
  const filtering = s.lowPass !== undefined || s.highPass !== undefined;
  const needMean = filtering || (s.detrend && s.standardize === 'psc');
  let mean: Float64Array | undefined;
  if (needMean) {
    mean = new Float64Array(cols);
    for (let r = 0; r < rows; r++) {
      const off = r * cols;
      for (let c = 0; c < cols; c++) mean[c] += data[off + c];
    }
    for (let c = 0; c < cols; c++) mean[c] /= rows;
  }
  if (s.detrend && rows > 1) detrendInPlace(data, rows, cols, 'linear');
  if (filtering) {
    butterworthInPlace(data, rows, cols, 1 / s.tR!, { lowPass: s.lowPass, highPass: s.highPass });
  }
  if (mean !== undefined) {
    for (let r = 0; r < rows; r++) {
      const off = r * cols;
      for (let c = 0; c < cols; c++) data[off + c] += mean[c];
    }
  }
}

/** Cleans one run (all rows of `data`) in place. */
function cleanRun(data: Float64Array, rows: number, cols: number, s: CleanSettings): void {
  temporalStepsOfRun(data, rows, cols, s);
  standardizeInPlace(data, rows, cols, s.standardize);
}

/** The row indices of each run, in order of first appearance, validated. */
function runGroups(runs: ArrayLike<Label>, rows: number): number[][] {
  if (typeof runs.length !== 'number' || runs.length !== rows) {
    throw new ValidationError(
      `runs has ${runs.length} labels but the signals have ${rows} time points: give one run label per scan.`,
    );
  }
  const groups = new Map<Label, number[]>();
  for (let r = 0; r < rows; r++) {
    const label = runs[r] as Label;
    if (typeof label === 'number' ? !Number.isFinite(label) : typeof label !== 'string') {
      throw new ValidationError(
        `runs[${r}] is ${String(label)}: run labels must be strings or finite numbers.`,
      );
    }
    let g = groups.get(label);
    if (g === undefined) groups.set(label, (g = []));
    g.push(r);
  }
  return [...groups.values()];
}

/**
 * Applies `step` to every run of `data` (all rows when `runs` is undefined): each run's rows
 * are gathered into a block of the same type, processed, and written back to their own rows.
 */
function perRun<T extends Float32Array | Float64Array>(
  data: T,
  rows: number,
  cols: number,
  runs: ArrayLike<Label> | undefined,
  step: (block: T, rows: number) => void,
): void {
  if (runs === undefined || runs === null) {
    step(data, rows);
    return;
  }
  for (const idx of runGroups(runs, rows)) {
    const n = idx.length;
    const block = new (data.constructor as new (n: number) => T)(n * cols);
    for (let i = 0; i < n; i++)
      block.set(data.subarray(idx[i]! * cols, (idx[i]! + 1) * cols), i * cols);
    step(block, n);
    for (let i = 0; i < n; i++) data.set(block.subarray(i * cols, (i + 1) * cols), idx[i]! * cols);
  }
}

/**
 * Cleans `data` (time × features, row-major) in place, in float64. With `runs`, each run (the
 * rows sharing a label) is cleaned independently and written back to its own rows.
 */
export function cleanInPlace(
  data: Float64Array,
  rows: number,
  cols: number,
  settings: CleanSettings,
  runs?: ArrayLike<Label>,
): void {
  perRun(data, rows, cols, runs, (block, n) => cleanRun(block, n, cols, settings));
}

/**
 * {@link cleanInPlace} for float32 or float64 storage. Float64 data are cleaned in float64.
 * Float32 data are standardized in float32 arithmetic as nilearn 0.10 does (bitwise equal to
 * its `signal.clean` without detrending or filtering); detrending and filtering, when asked
 * for, are computed in float64 on column blocks (no full float64 copy) and rounded to float32
 * before the float32 standardization.
 */
export function cleanColumnsInPlace(
  data: Float32Array | Float64Array,
  rows: number,
  cols: number,
  settings: CleanSettings,
  runs?: ArrayLike<Label>,
): void {
  if (data instanceof Float64Array) {
    cleanInPlace(data, rows, cols, settings, runs);
    return;
  }
  if (runs !== undefined && runs !== null) runGroups(runs, rows); // validate before any work
  if (hasTemporalSteps(settings)) {
    const block = Math.min(cols, 64);
    const scratch = new Float64Array(rows * block);
    for (let c0 = 0; c0 < cols; c0 += block) {
      const w = Math.min(block, cols - c0);
      const buf = w === block ? scratch : scratch.subarray(0, rows * w);
      for (let r = 0; r < rows; r++) {
        const src = r * cols + c0;
        const dst = r * w;
        for (let c = 0; c < w; c++) buf[dst + c] = data[src + c]!;
      }
      perRun(buf, rows, w, runs, (b, n) => temporalStepsOfRun(b, n, w, settings));
      for (let r = 0; r < rows; r++) {
        const src = r * w;
        const dst = r * cols + c0;
        for (let c = 0; c < w; c++) data[dst + c] = buf[src + c]!;
      }
    }
  }
  perRun(data, rows, cols, runs, (block, n) =>
    standardizeInPlace(block, n, cols, settings.standardize),
  );
}

/**
 * Cleans time series as nilearn's `signal.clean` (without confounds): linear detrend, then a
 * Butterworth filter (`lowPass`/`highPass` in Hz with `tR`), then standardization — each run
 * on its own when `runs` is given (rows keep their positions; nilearn stacks the runs in
 * sorted label order, which is the same for the usual contiguous, ordered runs).
 * Defaults follow nilearn's `clean`: `detrend: true`, `standardize: 'zscore'`.
 *
 * @param signals time × features
 * @returns a new float64 matrix
 * @throws ValidationError for filtering without `tR`, `highPass >= lowPass`, runs of the wrong
 *   length, or runs too short to filter.
 */
export function clean(signals: SignalsLike, options: CleanOptions = {}): Matrix2D {
  const settings = checkCleanSettings(options);
  const m = toSignals(signals);
  if (options.ensureFinite) {
    for (let i = 0; i < m.data.length; i++) if (!Number.isFinite(m.data[i])) m.data[i] = 0;
  }
  cleanInPlace(m.data, m.rows, m.cols, settings, options.runs);
  return m;
}
