/**
 * Butterworth filtering as nilearn's `signal.butterworth` does it: scipy's `butter` design
 * (analog prototype, frequency pre-warping, bilinear transform) applied forward and backward
 * with scipy's `filtfilt` (odd padding, steady-state initial conditions).
 *
 * @module
 */
import { type Matrix2D, ValidationError, warn } from '@voxelkit/core';
import { FilterWarning } from '../warnings.js';
import { type SignalsLike, toSignals } from './as-signals.js';

const EPS = 2.220446049250313e-16;

/** Transfer-function coefficients `b` (numerator) and `a` (denominator, `a[0] = 1`). */
export interface FilterCoefficients {
  b: Float64Array;
  a: Float64Array;
}

/** A complex number as a pair; only the filter design (a few dozen values) uses it. */
type Complex = [re: number, im: number];

const cadd = (x: Complex, y: Complex): Complex => [x[0] + y[0], x[1] + y[1]];
const csub = (x: Complex, y: Complex): Complex => [x[0] - y[0], x[1] - y[1]];
const cmul = (x: Complex, y: Complex): Complex => [
  x[0] * y[0] - x[1] * y[1],
  x[0] * y[1] + x[1] * y[0],
];
function cdiv(x: Complex, y: Complex): Complex {
  const d = y[0] * y[0] + y[1] * y[1];
  return [(x[0] * y[0] + x[1] * y[1]) / d, (x[1] * y[0] - x[0] * y[1]) / d];
}
/** Principal square root. */
function csqrt(x: Complex): Complex {
  const r = Math.hypot(x[0], x[1]);
  if (r === 0) return [0, 0];
  const re = Math.sqrt((r + x[0]) / 2);
  const im = Math.sqrt((r - x[0]) / 2);
  return [re, x[1] < 0 ? -im : im];
}

/** Polynomial coefficients (highest power first) with the given roots, real parts only. */
function poly(roots: readonly Complex[]): Float64Array {
  let c: Complex[] = [[1, 0]];
  for (const r of roots) {
    const next: Complex[] = new Array(c.length + 1);
    for (let i = 0; i <= c.length; i++) {
      const keep: Complex = i < c.length ? c[i]! : [0, 0];
      const shifted: Complex = i > 0 ? cmul(c[i - 1]!, r) : [0, 0];
      next[i] = csub(keep, shifted);
    }
    c = next;
  }
  return Float64Array.from(c, (v) => v[0]);
}

/** The filter type of {@link butter}. */
export type ButterType = 'low' | 'high' | 'band';

/**
 * Designs a digital Butterworth filter like scipy's `signal.butter(order, Wn, btype,
 * output='ba')`: `Wn` is the critical frequency (or `[low, high]` for `'band'`) as a fraction of
 * the Nyquist frequency, strictly between 0 and 1.
 *
 * @throws ValidationError for an invalid order or critical frequency.
 */
export function butter(
  order: number,
  Wn: number | readonly [number, number],
  btype: ButterType,
): FilterCoefficients {
  if (!Number.isInteger(order) || order < 1) {
    throw new ValidationError(`The filter order must be a positive integer; got ${order}.`);
  }
  const wn = typeof Wn === 'number' ? [Wn] : [...Wn];
  if ((btype === 'band') !== (wn.length === 2)) {
    throw new ValidationError(
      `A '${btype}' Butterworth filter needs ${btype === 'band' ? 'two critical frequencies [low, high]' : 'one critical frequency'}.`,
    );
  }
  for (const w of wn) {
    if (!(w > 0 && w < 1)) {
      throw new ValidationError(
        `Digital filter critical frequencies must satisfy 0 < Wn < 1 (fractions of Nyquist); got ${w}.`,
      );
    }
  }
  if (wn.length === 2 && !(wn[0]! < wn[1]!)) {
    throw new ValidationError(
      `Band-pass critical frequencies must be increasing; got [${wn.join(', ')}].`,
    );
  }
  // Analog prototype: poles on the left unit half-circle, no zeros, gain 1.
  let p: Complex[] = [];
  for (let m = -order + 1; m < order; m += 2) {
    const theta = (Math.PI * m) / (2 * order);
    p.push([-Math.cos(theta), -Math.sin(theta)]);
  }
  let z: Complex[] = [];
  let k = 1;
  // Pre-warp for the bilinear transform (sampling frequency 2, i.e. fs2 = 4).
  const fs = 2;
  const warped = wn.map((w) => 2 * fs * Math.tan((Math.PI * w) / fs));
  const degree = p.length - z.length;
  if (btype === 'low') {
    const wo = warped[0]!;
    p = p.map((x) => [x[0] * wo, x[1] * wo]);
    k *= wo ** degree;
  } else if (btype === 'high') {
    const wo = warped[0]!;
    let num: Complex = [1, 0];
    let den: Complex = [1, 0];
    for (const x of p) den = cmul(den, [-x[0], -x[1]]);
    for (const x of z) num = cmul(num, [-x[0], -x[1]]);
    k *= cdiv(num, den)[0];
    p = p.map((x) => cdiv([wo, 0], x));
    z = z.map((x) => cdiv([wo, 0], x));
    for (let i = 0; i < degree; i++) z.push([0, 0]);
  } else {
    const bw = warped[1]! - warped[0]!;
    const wo = Math.sqrt(warped[0]! * warped[1]!);
    const wo2: Complex = [wo * wo, 0];
    const split = (roots: Complex[]): Complex[] => {
      const lp = roots.map((x): Complex => [(x[0] * bw) / 2, (x[1] * bw) / 2]);
      const plus = lp.map((x) => cadd(x, csqrt(csub(cmul(x, x), wo2))));
      const minus = lp.map((x) => csub(x, csqrt(csub(cmul(x, x), wo2))));
      return [...plus, ...minus];
    };
    z = split(z);
    p = split(p);
    for (let i = 0; i < degree; i++) z.push([0, 0]);
    k *= bw ** degree;
  }
  // Bilinear transform.
  const fs2: Complex = [2 * fs, 0];
  const degreeZ = p.length - z.length;
  let num: Complex = [1, 0];
  let den: Complex = [1, 0];
  for (const x of z) num = cmul(num, csub(fs2, x));
  for (const x of p) den = cmul(den, csub(fs2, x));
  const zz = z.map((x) => cdiv(cadd(fs2, x), csub(fs2, x)));
  const pz = p.map((x) => cdiv(cadd(fs2, x), csub(fs2, x)));
  for (let i = 0; i < degreeZ; i++) zz.push([-1, 0]);
  const kz = k * cdiv(num, den)[0];
  const b = poly(zz);
  for (let i = 0; i < b.length; i++) b[i] *= kz;
  return { b, a: poly(pz) };
}

/** Steady-state initial conditions of `lfilter` for a unit step (scipy's `lfilter_zi`). */
export function lfilterZi({ b, a }: FilterCoefficients): Float64Array {
  const n = Math.max(a.length, b.length);
  const A = new Float64Array(n);
  const B = new Float64Array(n);
  for (let i = 0; i < a.length; i++) A[i] = a[i]! / a[0]!;
  for (let i = 0; i < b.length; i++) B[i] = b[i]! / a[0]!;
  const m = n - 1;
  // (I - companion(A)^T) zi = B[1:] - A[1:] * B[0], solved by Gaussian elimination with pivoting.
  const M = new Float64Array(m * m);
  const rhs = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    M[i * m + i] = 1;
    M[i * m] += A[i + 1]!;
    if (i + 1 < m) M[i * m + i + 1] -= 1;
    rhs[i] = B[i + 1]! - A[i + 1]! * B[0]!;
  }
  for (let col = 0; col < m; col++) {
    let piv = col;
    for (let r = col + 1; r < m; r++) {
      if (Math.abs(M[r * m + col]!) > Math.abs(M[piv * m + col]!)) piv = r;
    }
    if (piv !== col) {
      for (let c = 0; c < m; c++) {
        const t = M[col * m + c]!;
        M[col * m + c] = M[piv * m + c]!;
        M[piv * m + c] = t;
      }
      const t = rhs[col]!;
      rhs[col] = rhs[piv]!;
      rhs[piv] = t;
    }
    const d = M[col * m + col]!;
    for (let r = col + 1; r < m; r++) {
      const f = M[r * m + col]! / d;
      if (f === 0) continue;
      for (let c = col; c < m; c++) M[r * m + c] -= f * M[col * m + c]!;
      rhs[r] -= f * rhs[col]!;
    }
  }
  const zi = new Float64Array(m);
  for (let r = m - 1; r >= 0; r--) {
    let s = rhs[r]!;
    for (let c = r + 1; c < m; c++) s -= M[r * m + c]! * zi[c]!;
    zi[r] = s / M[r * m + r]!;
  }
  return zi;
}

/**
 * Filters `x[0..len)` in place with the direct-form-II-transposed recursion of scipy's
 * `lfilter`, starting from the state `z` (modified: holds the final state afterwards).
 * `b` and `a` must have the same length with `a[0] = 1`.
 */
function lfilterInPlace(
  b: Float64Array,
  a: Float64Array,
  x: Float64Array,
  len: number,
  z: Float64Array,
  reverse: boolean,
): void {
  const n = b.length;
  const last = n - 1;
  const b0 = b[0]!;
  for (let s = 0; s < len; s++) {
    const idx = reverse ? len - 1 - s : s;
    const xn = x[idx]!;
    const yn = z[0]! + b0 * xn;
    for (let i = 0; i < last - 1; i++) z[i] = z[i + 1]! + xn * b[i + 1]! - yn * a[i + 1]!;
    if (last >= 1) z[last - 1] = xn * b[last]! - yn * a[last]!;
    x[idx] = yn;
  }
}

/** A reusable forward-backward (zero-phase) filter for series of one length. */
export class FiltFilt {
  private readonly b: Float64Array;
  private readonly a: Float64Array;
  private readonly zi: Float64Array;
  private readonly state: Float64Array;
  private readonly ext: Float64Array;
  /** Number of samples padded at each end (scipy's `padlen`). */
  readonly padlen: number;

  /**
   * @param coefficients the filter
   * @param length the length of every series this instance will filter
   * @param padlen samples of odd extension at each end (default `3 * max(len(a), len(b))`)
   * @throws ValidationError when the series is not longer than `padlen` (scipy's rule)
   */
  constructor(coefficients: FilterCoefficients, length: number, padlen?: number) {
    const n = Math.max(coefficients.a.length, coefficients.b.length);
    const a0 = coefficients.a[0]!;
    this.b = new Float64Array(n);
    this.a = new Float64Array(n);
    coefficients.b.forEach((v, i) => {
      this.b[i] = v / a0;
    });
    coefficients.a.forEach((v, i) => {
      this.a[i] = v / a0;
    });
    this.zi = lfilterZi(coefficients);
    this.state = new Float64Array(n - 1);
    this.padlen = padlen ?? 3 * n;
    if (!(length > this.padlen)) {
      throw new ValidationError(
        `Cannot filter ${length} time points: the series must be longer than the filter padding ` +
          `(${this.padlen} samples). Use longer runs, or a lower filter order.`,
      );
    }
    this.ext = new Float64Array(length + 2 * this.padlen);
  }

  /** Filters `series[offset + i * stride]` for `i < length` forward and backward, in place. */
  apply(series: Float64Array, length: number, offset = 0, stride = 1): void {
    const { ext, padlen: edge, zi, state, a, b } = this;
    const x0 = series[offset]!;
    const xl = series[offset + (length - 1) * stride]!;
    for (let i = 0; i < length; i++) ext[edge + i] = series[offset + i * stride]!;
    for (let i = 0; i < edge; i++) {
      ext[i] = 2 * x0 - ext[2 * edge - i]!;
      ext[edge + length + i] = 2 * xl - ext[edge + length - 2 - i]!;
    }
    const total = length + 2 * edge;
    const first = ext[0]!;
    for (let i = 0; i < zi.length; i++) state[i] = zi[i]! * first;
    lfilterInPlace(b, a, ext, total, state, false);
    const y0 = ext[total - 1]!;
    for (let i = 0; i < zi.length; i++) state[i] = zi[i]! * y0;
    lfilterInPlace(b, a, ext, total, state, true);
    for (let i = 0; i < length; i++) series[offset + i * stride] = ext[edge + i]!;
  }
}

/** Options of {@link butterworth}. */
export interface ButterworthOptions {
  /** Low-pass cutoff in Hz (frequencies above are removed). */
  lowPass?: number;
  /** High-pass cutoff in Hz (frequencies below are removed). */
  highPass?: number;
  /** Filter order (default 5, nilearn's). */
  order?: number;
  /** Odd-extension length at each end (default scipy's `3 * max(len(a), len(b))`). */
  padlen?: number;
}

/** Resolves nilearn's rules for the cutoffs; returns undefined when nothing is to be filtered. */
function designFor(
  samplingRate: number,
  options: ButterworthOptions,
): FilterCoefficients | undefined {
  const { lowPass, highPass, order = 5 } = options;
  if (!(samplingRate > 0) || !Number.isFinite(samplingRate)) {
    throw new ValidationError(
      `The sampling rate must be a positive number of samples per second (1 / tR); got ${samplingRate}.`,
    );
  }
  for (const [name, v] of [
    ['lowPass', lowPass],
    ['highPass', highPass],
  ] as const) {
    if (v !== undefined && v !== null && (typeof v !== 'number' || Number.isNaN(v))) {
      throw new ValidationError(
        `${name} must be a frequency in Hz or undefined; got ${String(v)}.`,
      );
    }
  }
  const low = lowPass ?? undefined;
  const high = highPass ?? undefined;
  if (low === undefined && high === undefined) return undefined;
  if (low !== undefined && high !== undefined && high >= low) {
    throw new ValidationError(
      `highPass (${high} Hz) must be lower than lowPass (${low} Hz) for a band-pass filter.`,
    );
  }
  const nyq = samplingRate * 0.5;
  const check = (kind: string, f: number): number => {
    if (f >= nyq) {
      const lowered = nyq - nyq * 10 * EPS;
      warn(
        new FilterWarning(
          `The frequency specified for the ${kind} pass filter (${f} Hz) is at or above the Nyquist frequency ` +
            `(${nyq} Hz): it has been lowered to ${lowered} Hz.`,
        ),
      );
      return lowered;
    }
    if (f < 0) {
      const raised = nyq * EPS;
      warn(
        new FilterWarning(
          `The frequency specified for the ${kind} pass filter is negative: it has been set to ${raised} Hz.`,
        ),
      );
      return raised;
    }
    return f;
  };
  const freqs: number[] = [];
  if (high !== undefined) freqs.push(check('high', high));
  if (low !== undefined) freqs.push(check('low', low));
  if (freqs.length === 2) {
    if (freqs[0] === freqs[1]) {
      warn(
        new FilterWarning(
          'Signals are returned unfiltered because the band-pass critical frequencies are equal. ' +
            'Check tR, lowPass and highPass.',
        ),
      );
      return undefined;
    }
    return butter(order, [(2 * freqs[0]!) / samplingRate, (2 * freqs[1]!) / samplingRate], 'band');
  }
  return butter(order, (2 * freqs[0]!) / samplingRate, high !== undefined ? 'high' : 'low');
}

/**
 * Filters the columns of `data` (time × features, row-major) in place with a zero-phase
 * Butterworth filter. Does nothing when neither cutoff is given.
 */
export function butterworthInPlace(
  data: Float64Array,
  rows: number,
  cols: number,
  samplingRate: number,
  options: ButterworthOptions,
): void {
  const coefficients = designFor(samplingRate, options);
  if (coefficients === undefined) return;
  const ff = new FiltFilt(coefficients, rows, options.padlen);
  for (let c = 0; c < cols; c++) ff.apply(data, rows, c, cols);
}

/**
 * Applies a low-pass, high-pass or band-pass Butterworth filter to every column of `signals`
 * (time × features), forward and backward, exactly as nilearn's `signal.butterworth` (order 5,
 * odd padding; cutoffs at or above Nyquist are lowered with a warning). Returns a new float64
 * matrix.
 *
 * @param samplingRate samples per second, i.e. `1 / tR`
 * @throws ValidationError when `highPass >= lowPass`, or the series is too short to filter.
 */
export function butterworth(
  signals: SignalsLike,
  samplingRate: number,
  options: ButterworthOptions,
): Matrix2D {
  const m = toSignals(signals);
  butterworthInPlace(m.data, m.rows, m.cols, samplingRate, options);
  return m;
}
