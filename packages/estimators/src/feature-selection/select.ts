/**
 * `SelectPercentile` and `SelectKBest`: keep the features with the highest univariate scores,
 * with scikit-learn's tie rules.
 *
 * @module
 */
import {
  BaseEstimator,
  checkIsFitted,
  checkNFeatures,
  type Label,
  type Matrix2D,
  type MatrixLike,
  registerEstimator,
  type Transformer,
  toMatrix,
  ValidationError,
} from '@voxelkit/core';
import { fClassif } from './univariate.js';

/** What a score function may return: `{ F, pvalues }` (as `fClassif`), `{ scores, pvalues? }`, or scores. */
export type ScoreResult =
  | { F: ArrayLike<number>; pvalues?: ArrayLike<number> }
  | { scores: ArrayLike<number>; pvalues?: ArrayLike<number> }
  | ArrayLike<number>;

/** A univariate score function: one score per column of `X` (higher is better). */
export type ScoreFunc = (X: Matrix2D, y: ArrayLike<Label>) => ScoreResult;

/** Scores with NaN replaced by the lowest float (scikit-learn's `_clean_nans`). */
function cleanNans(scores: Float64Array): Float64Array {
  return scores.map((s) => (Number.isNaN(s) ? -Number.MAX_VALUE : s));
}

/** numpy's `percentile(values, q)` with the default linear interpolation. */
export function numpyPercentile(values: Float64Array, q: number): number {
  const v = Float64Array.from(values).sort();
  const n = v.length;
  const index = (q / 100) * (n - 1);
  const lo = Math.floor(index);
  const hi = Math.min(lo + 1, n - 1);
  const t = index - lo;
  const a = v[lo] as number;
  const b = v[hi] as number;
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** The shared fit/transform of the univariate selectors. */
abstract class UnivariateSelector<P extends { scoreFunc: ScoreFunc }>
  extends BaseEstimator<P>
  implements Transformer<P>
{
  /** One score per feature (NaN kept as returned). */
  scores_?: Float64Array;
  /** One p-value per feature, when the score function gives them. */
  pvalues_?: Float64Array;
  nFeaturesIn_?: number;

  protected abstract checkParams(nFeatures: number): void;
  protected abstract mask(): Uint8Array;

  /** Scores every feature against `y`; returns `this`. */
  fit(X: MatrixLike, y?: ArrayLike<Label>): this {
    const Xm = toMatrix(X);
    if (y === undefined || y === null) {
      throw new ValidationError(
        `${this.constructor.name} needs y: it scores each feature against the target.`,
      );
    }
    if (typeof this.params.scoreFunc !== 'function') {
      throw new ValidationError('scoreFunc must be a function (X, y) => scores, e.g. fClassif.');
    }
    this.checkParams(Xm.cols);
    const r = this.params.scoreFunc(Xm, y);
    let scores: ArrayLike<number>;
    let pvalues: ArrayLike<number> | undefined;
    if (r !== null && typeof r === 'object' && 'F' in r) {
      scores = r.F;
      pvalues = r.pvalues;
    } else if (r !== null && typeof r === 'object' && 'scores' in r) {
      scores = r.scores;
      pvalues = r.pvalues;
    } else scores = r as ArrayLike<number>;
    if (!scores || scores.length !== Xm.cols) {
      throw new ValidationError(
        `scoreFunc returned ${scores?.length ?? 'no'} scores for ${Xm.cols} features.`,
      );
    }
    this.scores_ = Float64Array.from(scores);
    this.pvalues_ = pvalues ? Float64Array.from(pvalues) : undefined;
    this.nFeaturesIn_ = Xm.cols;
    return this;
  }

  /**
   * The kept features: a 0/1 flag per feature, or with `indices` their indices (ascending).
   */
  getSupport(indices?: false): boolean[];
  getSupport(indices: true): number[];
  getSupport(indices = false): boolean[] | number[] {
    checkIsFitted(this, 'scores_');
    const m = this.mask();
    if (indices) {
      const out: number[] = [];
      m.forEach((v, i) => {
        if (v) out.push(i);
      });
      return out;
    }
    return Array.from(m, (v) => v === 1);
  }

  /** The kept columns of `X`. */
  transform(X: MatrixLike): Matrix2D {
    checkIsFitted(this, 'scores_');
    const Xm = toMatrix(X);
    checkNFeatures(this, Xm);
    const keep = this.getSupport(true);
    const k = keep.length;
    const out = new Float64Array(Xm.rows * k);
    for (let r = 0; r < Xm.rows; r++) {
      const o = r * Xm.cols;
      for (let j = 0; j < k; j++) out[r * k + j] = Xm.data[o + (keep[j] as number)] as number;
    }
    return { data: out, rows: Xm.rows, cols: k };
  }

  /** `fit(X, y).transform(X)`. */
  fitTransform(X: MatrixLike, y?: ArrayLike<Label>): Matrix2D {
    return this.fit(X, y).transform(X);
  }

  /** Puts the kept columns back in place, zeros elsewhere. */
  inverseTransform(X: MatrixLike): Matrix2D {
    checkIsFitted(this, 'scores_');
    const keep = this.getSupport(true);
    const Xm = toMatrix(X);
    if (Xm.cols !== keep.length) {
      throw new ValidationError(
        `X has ${Xm.cols} columns but ${keep.length} features were selected.`,
      );
    }
    const p = this.nFeaturesIn_ as number;
    const out = new Float64Array(Xm.rows * p);
    for (let r = 0; r < Xm.rows; r++)
      for (let j = 0; j < keep.length; j++)
        out[r * p + (keep[j] as number)] = Xm.data[r * Xm.cols + j] as number;
    return { data: out, rows: Xm.rows, cols: p };
  }
}

/** Hyper-parameters of {@link SelectPercentile}. */
export interface SelectPercentileParams {
  /** Scores the features (default {@link fClassif}). */
  scoreFunc: ScoreFunc;
  /** Percent of features to keep, in [0, 100] (default 10). */
  percentile: number;
}

/**
 * scikit-learn's `SelectPercentile`: keeps the features whose score is above the
 * `(100 − percentile)`-th percentile of the scores, then fills up with tied features (lowest
 * index first) to `floor(p · percentile / 100)`. NaN scores rank lowest.
 *
 * @example
 * ```ts
 * const anova = new SelectPercentile({ scoreFunc: fClassif, percentile: 20 }).fit(X, labels);
 * anova.getSupport(true); // indices of the kept voxels
 * const Xs = anova.transform(X);
 * ```
 */
export class SelectPercentile extends UnivariateSelector<SelectPercentileParams> {
  static {
    registerEstimator('SelectPercentile', SelectPercentile as never);
  }

  constructor(params: Partial<SelectPercentileParams> = {}) {
    super({ scoreFunc: fClassif, percentile: 10, ...params });
  }

  protected checkParams(): void {
    const q = this.params.percentile;
    if (typeof q !== 'number' || !(q >= 0 && q <= 100)) {
      throw new ValidationError(`percentile must be a number in [0, 100]; got ${String(q)}.`);
    }
  }

  protected mask(): Uint8Array {
    const q = this.params.percentile;
    const raw = this.scores_ as Float64Array;
    const n = raw.length;
    const mask = new Uint8Array(n);
    if (q === 100) return mask.fill(1);
    if (q === 0) return mask;
    const scores = cleanNans(raw);
    const threshold = numpyPercentile(scores, 100 - q);
    let kept = 0;
    for (let i = 0; i < n; i++) {
      if ((scores[i] as number) > threshold) {
        mask[i] = 1;
        kept++;
      }
    }
    // Ties at the threshold, in index order, up to int(n · q / 100) in all; a negative room
    // (more above the threshold than that) keeps all ties but the last -room ones, as numpy's
    // ties[:room] slice does.
    const ties: number[] = [];
    for (let i = 0; i < n; i++) if (scores[i] === threshold) ties.push(i);
    const room = Math.trunc((n * q) / 100) - kept;
    const take = room >= 0 ? Math.min(room, ties.length) : Math.max(ties.length + room, 0);
    for (let t = 0; t < take; t++) mask[ties[t] as number] = 1;
    return mask;
  }
}

/** Hyper-parameters of {@link SelectKBest}. */
export interface SelectKBestParams {
  /** Scores the features (default {@link fClassif}). */
  scoreFunc: ScoreFunc;
  /** Number of features to keep, ≤ the number of features, or `'all'` (default 10). */
  k: number | 'all';
}

/**
 * scikit-learn's `SelectKBest`: keeps the `k` highest-scoring features (a stable sort, so among
 * tied scores the later features win, as scikit-learn's). NaN scores rank lowest.
 *
 * @example
 * ```ts
 * const sel = new SelectKBest({ scoreFunc: fClassif, k: 50 }).fit(X, labels);
 * sel.transform(X); // 50 columns
 * ```
 */
export class SelectKBest extends UnivariateSelector<SelectKBestParams> {
  static {
    registerEstimator('SelectKBest', SelectKBest as never);
  }

  constructor(params: Partial<SelectKBestParams> = {}) {
    super({ scoreFunc: fClassif, k: 10, ...params });
  }

  protected checkParams(nFeatures: number): void {
    const k = this.params.k;
    if (k === 'all') return;
    if (typeof k !== 'number' || !Number.isInteger(k) || k < 0) {
      throw new ValidationError(`k must be a non-negative integer or 'all'; got ${String(k)}.`);
    }
    if (k > nFeatures) {
      throw new ValidationError(
        `k should be <= n_features = ${nFeatures}; got ${k}. Use k: 'all' to keep every feature.`,
      );
    }
  }

  protected mask(): Uint8Array {
    const k = this.params.k;
    const n = (this.scores_ as Float64Array).length;
    const mask = new Uint8Array(n);
    if (k === 'all') return mask.fill(1);
    if (k === 0) return mask;
    const scores = cleanNans(this.scores_ as Float64Array);
    const order = Array.from({ length: n }, (_, i) => i);
    order.sort((a, b) => (scores[a] as number) - (scores[b] as number) || a - b);
    for (let i = n - k; i < n; i++) mask[order[i] as number] = 1;
    return mask;
  }
}
