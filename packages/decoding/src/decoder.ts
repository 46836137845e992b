/**
 * nilearn 0.10.4's `Decoder` and `DecoderRegressor`: mask the images once (`NiftiMasker`), then
 * for every binary problem (one-vs-rest) and every outer fold pick the best point of a parameter
 * grid, after ANOVA screening, and average the chosen models over the folds.
 *
 * @module
 */
import {
  BaseEstimator,
  type Estimator,
  isClassifier,
  isRegressor,
  type Label,
  type Matrix2D,
  NotFittedError,
  RandomState,
  toLabels,
  uniqueLabels,
  ValidationError,
  warn,
} from '@voxelkit/core';
import { DummyClassifier, DummyRegressor } from '@voxelkit/estimators';
import { type ImgInput, type ImgLike, NiftiMasker } from '@voxelkit/masking';
import {
  type CancelOptions,
  type CrossValEstimator,
  type CvLike,
  checkCv,
  type FoldJob,
  getScorer,
  LeaveOneGroupOut,
  type RunExecutor,
  type RunProgress,
  runJobs,
  type ScorableEstimator,
  type Scoring,
  type ScoringFunction,
  type Split,
  type TaskResult,
} from '@voxelkit/model-selection';
import type { NiftiImage } from '@voxelkit/nifti-io';
import {
  DECODER_FOLD_TASK,
  type DecoderFoldArgs,
  type DecoderFoldOutput,
  type DecoderShared,
} from './decoder-fold.js';
import {
  isClassifierName,
  isRegressorName,
  type ParamGrid,
  resolveEstimator,
} from './estimator-names.js';
import { checkFeatureScreening, DecoderWarning } from './screening.js';
import { tasksModuleUrl } from './task-module.js';
import { taskHandlers } from './tasks.js';

/** Hyper-parameters of {@link Decoder} and {@link DecoderRegressor} (nilearn's, camelCase). */
export interface DecoderParams {
  /** A name of `SUPPORTED_ESTIMATORS` (default `'svc'`; `'svr'` for the regressor) or an instance. */
  estimator: string | Estimator;
  /** The mask (path, URL, image) or a `NiftiMasker` whose parameters are used; default: computed. */
  mask: ImgLike | NiftiMasker | undefined;
  /**
   * The outer cross-validation: a splitter, a number of folds (default 10: `StratifiedKFold`
   * for `Decoder`, `KFold` for the regressor) or explicit splits. With `groups` and a number (or
   * nothing), `LeaveOneGroupOut` is used, as nilearn does (with a DecoderWarning).
   */
  cv: CvLike | undefined;
  /**
   * Values by parameter name (or a list of grids); default: nilearn's grid for the estimator
   * (see `defaultParamGrid`). For the `*CV` estimators a flat list of `alphas`/`Cs` is wrapped
   * into one list (their built-in cross-validation), and `C` is renamed `Cs`, as nilearn does.
   */
  paramGrid: ParamGrid | undefined;
  /**
   * Percent of the MNI152 brain volume to keep by ANOVA screening (default 20), rescaled by the
   * mask's volume; `undefined` or 100 for none. Screening happens in a fold only when there are
   * more than 100 features.
   */
  screeningPercentile: number | undefined;
  /** Scorer name or function (default `'roc_auc'`; `'r2'` for the regressor). */
  scoring: Scoring | undefined;
  /** Masker options (nilearn's `smoothing_fwhm`, `standardize` — default true —, …). */
  smoothingFwhm: number | undefined;
  standardize: boolean | 'zscore' | 'psc';
  lowPass: number | undefined;
  highPass: number | undefined;
  tR: number | undefined;
  maskStrategy: 'background' | 'epi';
  /**
   * Honest nested selection (not in nilearn): when set, each outer fold's grid point is the one
   * with the best mean score over these inner splits of its training part, refitted on the whole
   * training part. Default `undefined`: nilearn 0.10.4's selection on the outer fold's own test
   * split (optimistic, nilearn issue #4344), so that scores equal nilearn's.
   */
  innerCv: CvLike | undefined;
  /** Seed of the named `LinearSVC` estimators (default 0; nilearn gives none). */
  randomState: number;
  /**
   * Parallel jobs (nilearn's `n_jobs`, default 1: the calling thread; `-1` one per CPU): the
   * (class, fold) fits run on that many worker threads (Web Workers in browsers), with results
   * identical to `nJobs: 1`. The estimator must then cross into a worker (an `@voxelkit/estimators`
   * class, or one of `workerModules`' registries) and `scoring` be a name.
   */
  nJobs: number;
  /**
   * Where the (class, fold) fits run instead of this machine's threads, e.g. a `RedisExecutor`
   * of `@voxelkit/cluster` (`voxelkit-worker` processes on many machines); `nJobs` is then
   * ignored. Results are identical to `nJobs: 1`. Default: local.
   */
  executor: RunExecutor | undefined;
  /** Modules the workers import for your own estimator classes (see model-selection). */
  workerModules: ReadonlyArray<string | URL> | undefined;
  /** Called after each (class, fold) fit with fits done / total, rate and ETA (and executor news). */
  onProgress: ((progress: RunProgress) => void) | undefined;
}

/** Options of {@link BaseDecoder.fit}. */
export interface DecoderFitOptions extends CancelOptions {
  /** One group label per scan, for group splitters (e.g. `LeaveOneGroupOut`). */
  groups?: ArrayLike<Label>;
}

interface Masked {
  data: Float64Array;
  rows: number;
  cols: number;
}

function isMatrixObject(x: unknown): x is Matrix2D {
  return (
    typeof x === 'object' &&
    x !== null &&
    !(x instanceof URL) &&
    'data' in x &&
    'rows' in x &&
    'cols' in x &&
    !('header' in x)
  );
}

function toFloat64(m: { data: ArrayLike<number>; rows: number; cols: number }): Masked {
  const data = m.data instanceof Float64Array ? m.data : Float64Array.from(m.data);
  return { data, rows: m.rows, cols: m.cols };
}

function meanStd(rows: Float64Array[], cols: number): { mean: Float64Array; std: Float64Array } {
  const mean = new Float64Array(cols);
  const std = new Float64Array(cols);
  for (const r of rows)
    for (let j = 0; j < cols; j++) mean[j] = (mean[j] as number) + (r[j] as number);
  for (let j = 0; j < cols; j++) mean[j] = (mean[j] as number) / rows.length;
  for (const r of rows) {
    for (let j = 0; j < cols; j++)
      std[j] = (std[j] as number) + ((r[j] as number) - (mean[j] as number)) ** 2;
  }
  for (let j = 0; j < cols; j++) std[j] = Math.sqrt((std[j] as number) / rows.length);
  return { mean, std };
}

function wrapGrid(grid: ParamGrid, key: string, rename?: [string, string]): ParamGrid {
  const list = Array.isArray(grid) ? grid : [grid as Record<string, readonly unknown[]>];
  const out = list.map((item) => {
    const g: Record<string, readonly unknown[]> = { ...item };
    if (rename && rename[0] in g) {
      warn(
        new DecoderWarning(
          `The "${rename[0]}" parameter in "paramGrid" is being replaced by "${rename[1]}" due to the choice of the underlying estimator.`,
        ),
      );
      g[rename[1]] = g[rename[0]] as readonly unknown[];
      delete g[rename[0]];
    }
    const v = g[key];
    if (Array.isArray(v) && v.length > 0 && !Array.isArray(v[0]) && !ArrayBuffer.isView(v[0])) {
      warn(
        new DecoderWarning(
          `parameter '${key}' should be a sequence of lists (e.g. { ${key}: [[1, 10, 100]] }) to benefit from the built-in cross-validation of the estimator; wrapping it in an outer list.`,
        ),
      );
      g[key] = [v];
    }
    return g;
  });
  return Array.isArray(grid) ? out : (out[0] as ParamGrid);
}

/**
 * What nilearn's `_BaseDecoder` does, shared by {@link Decoder} and {@link DecoderRegressor}.
 * Learned state (nilearn's names, camelCase) is set only by a successful `fit`.
 */
export abstract class BaseDecoder extends BaseEstimator<DecoderParams> {
  /** Classification (Decoder) or regression (DecoderRegressor). */
  protected abstract readonly isClassification: boolean;
  /** The fitted masker. */
  masker_?: NiftiMasker;
  /** The mask image the masker used. */
  maskImg_?: NiftiImage;
  /** Classes (sorted) for `Decoder`; `['beta']` for the regressor, as nilearn. */
  classes_?: Label[];
  /** The screening percentile after the mask-volume correction (100 without screening). */
  screeningPercentile_?: number;
  /** Mean over folds of the chosen weights: one row for two classes and for the regressor. */
  coef_?: Matrix2D;
  /** Population standard deviation over folds of the weights, one row per class (as nilearn). */
  stdCoef_?: Matrix2D;
  /** Mean over folds of the intercepts, one per row of `coef_`. */
  intercept_?: Float64Array;
  /**
   * Per class, the weights as an image. For two classes `coefImg_[classes_[0]]` holds the
   * weights of the `classes_[1]`-vs-`classes_[0]` problem and `coefImg_[classes_[1]]` their
   * negation, exactly as nilearn 0.10.4 stores them.
   */
  coefImg_?: Record<string, NiftiImage>;
  /** Per class, `stdCoef_` as an image. */
  stdCoefImg_?: Record<string, NiftiImage>;
  /** The outer splits. */
  cv_?: Split[];
  /** Per class, one score per outer fold (the chosen grid point's). */
  cvScores_?: Record<string, number[]>;
  /** Per class, the chosen grid point's values per fold (plus `bestC`/`bestAlpha` of `*CV`). */
  cvParams_?: Record<string, Record<string, unknown[]>>;
  /** Dummy estimators only: per class the mean over folds of `classPrior_` / `constant_`. */
  dummyOutput_?: Matrix2D;
  /** Number of features (mask voxels) seen by fit. */
  nFeaturesIn_?: number;
  /** The scorer used on held-out data. */
  scorer_?: ScoringFunction;

  #estimator?: Estimator;

  constructor(defaults: DecoderParams, params: Partial<DecoderParams>) {
    super({ ...defaults, ...params });
  }

  private resolve(): Estimator {
    const e = this.params.estimator;
    if (typeof e === 'string') {
      if (this.isClassification && isRegressorName(e)) {
        throw new ValidationError(
          `Estimator ${JSON.stringify(e)} is a regressor: use DecoderRegressor, or one of the classifiers (svc, svc_l1, svc_l2, logistic, logistic_l1, logistic_l2, ridge_classifier, dummy_classifier).`,
        );
      }
      if (!this.isClassification && isClassifierName(e)) {
        throw new ValidationError(
          `Estimator ${JSON.stringify(e)} is a classifier: use Decoder, or one of the regressors (svr, ridge, ridge_regressor, lasso, lasso_regressor, dummy_regressor).`,
        );
      }
      return resolveEstimator(e, { randomState: this.params.randomState });
    }
    if (
      typeof e !== 'object' ||
      e === null ||
      typeof (e as { fit?: unknown }).fit !== 'function' ||
      typeof (e as { clone?: unknown }).clone !== 'function'
    ) {
      throw new ValidationError(
        `estimator must be a name (svc, logistic, ridge, …) or an estimator instance; got ${String(e)}.`,
      );
    }
    if (this.isClassification && isRegressor(e)) {
      throw new ValidationError('Decoder needs a classifier; use DecoderRegressor for regressors.');
    }
    if (!this.isClassification && isClassifier(e)) {
      throw new ValidationError('DecoderRegressor needs a regressor; use Decoder for classifiers.');
    }
    return e;
  }

  /** The user's grid adapted to the estimator, or null for nilearn's default (data-dependent) one. */
  private checkParamGrid(est: Estimator): ParamGrid | null {
    const grid = this.params.paramGrid;
    if (grid === undefined || grid === null) return null;
    const name =
      (est.constructor as { estimatorName?: string }).estimatorName ?? est.constructor.name;
    if (name === 'RidgeCV' || name === 'RidgeClassifierCV' || name === 'LassoCV') {
      return wrapGrid(grid, 'alphas');
    }
    if (name === 'LogisticRegressionCV') return wrapGrid(grid, 'Cs', ['C', 'Cs']);
    return grid;
  }

  private checkGridNames(est: Estimator): void {
    const grid = this.params.paramGrid;
    if (grid === undefined || grid === null) return;
    if (typeof grid !== 'object') {
      throw new ValidationError(
        `paramGrid must be an object of value lists, or a list of them; got ${String(grid)}.`,
      );
    }
    const have = est.getParams() as Record<string, unknown>;
    const list = Array.isArray(grid) ? grid : [grid];
    for (const g of list as Record<string, unknown>[]) {
      for (const key of Object.keys(g)) {
        const renamed = key === 'C' && 'Cs' in have ? 'Cs' : key;
        if (!(renamed in have)) {
          throw new ValidationError(
            `paramGrid names "${key}", which ${est.constructor.name} does not have. Its parameters: ${Object.keys(have).join(', ')}.`,
          );
        }
      }
    }
  }

  protected async maskInput(func: ImgInput): Promise<Masked> {
    const masker = this.masker_;
    if (masker === undefined) {
      throw new NotFittedError(
        `This ${this.constructor.name} instance is not fitted yet: call fit first.`,
      );
    }
    if (isMatrixObject(func)) {
      const m = toFloat64(func as Matrix2D);
      if (m.cols !== this.nFeaturesIn_) {
        throw new ValidationError(
          `X has ${m.cols} features per sample; expecting ${String(this.nFeaturesIn_)} (the mask's voxels).`,
        );
      }
      return m;
    }
    return toFloat64(await masker.transform(func));
  }

  private clearState(): void {
    for (const key of [
      'masker_',
      'maskImg_',
      'classes_',
      'screeningPercentile_',
      'coef_',
      'stdCoef_',
      'intercept_',
      'coefImg_',
      'stdCoefImg_',
      'cv_',
      'cvScores_',
      'cvParams_',
      'dummyOutput_',
      'nFeaturesIn_',
      'scorer_',
    ] as const) {
      delete this[key];
    }
    this.#estimator = undefined;
  }

  private newMasker(): NiftiMasker {
    const p = this.params;
    if (p.mask instanceof NiftiMasker) return p.mask.clone();
    return new NiftiMasker({
      maskImg: p.mask,
      smoothingFwhm: p.smoothingFwhm,
      standardize: p.standardize,
      lowPass: p.lowPass,
      highPass: p.highPass,
      tR: p.tR,
      maskStrategy: p.maskStrategy,
    });
  }

  /**
   * Masks `func` (fitting the masker once on all images), then fits every binary problem (or the
   * regression) on every outer fold; resolves to `this`.
   *
   * @param func the 4-D image(s), one scan per target
   * @param y one label (Decoder) or number (DecoderRegressor) per scan
   * @param options `groups`: one group per scan, for group splitters; `signal` / `timeout`: stop
   *   the fits (an AbortError / TimeoutError; nothing is left fitted)
   * @throws ValidationError for a `y` whose length is not the number of scans, one class, an
   *   unknown estimator name, a grid parameter the estimator lacks, or other invalid options
   *   (with `nJobs > 1` or an `executor`: a scoring function, an estimator workers cannot
   *   rebuild); AbortError / TimeoutError; the first error of a fit, with its type.
   */
  async fit(func: ImgInput, y: ArrayLike<Label>, options: DecoderFitOptions = {}): Promise<this> {
    this.clearState();
    const p = this.params;
    const proto = this.resolve();
    this.checkGridNames(proto);
    if (!Number.isInteger(p.nJobs) || p.nJobs === 0) {
      throw new ValidationError(`nJobs must be a non-zero integer; got ${String(p.nJobs)}.`);
    }
    if (typeof p.randomState !== 'number' || !Number.isInteger(p.randomState)) {
      throw new ValidationError(`randomState must be an integer; got ${String(p.randomState)}.`);
    }
    const scorer =
      p.scoring === undefined || p.scoring === null
        ? getScorer(this.isClassification ? 'accuracy' : 'r2')
        : getScorer(p.scoring);
    if (y === undefined || y === null || typeof (y as ArrayLike<Label>).length !== 'number') {
      throw new ValidationError('y must be an array with one target per scan.');
    }
    const masker = this.newMasker();
    const X = toFloat64(await masker.fitTransform(func));
    if (y.length !== X.rows) {
      throw new ValidationError(
        `y has ${y.length} entries but the images have ${X.rows} scans: give one target per scan.`,
      );
    }
    const labels = toLabels(y, X.rows);
    const groups = options.groups;
    if (groups !== undefined && groups !== null && groups.length !== X.rows) {
      throw new ValidationError(
        `groups has ${groups.length} entries but the images have ${X.rows} scans: give one group per scan.`,
      );
    }
    let classes: Label[];
    let targets: Float64Array[];
    if (this.isClassification) {
      classes = uniqueLabels(labels);
      if (classes.length < 2) {
        throw new ValidationError(
          `The decoder needs at least 2 classes in y, but y contains only one: ${JSON.stringify(classes[0])}.`,
        );
      }
      const problems = classes.length === 2 ? [classes[1] as Label] : classes;
      targets = problems.map((c) => Float64Array.from(labels, (l) => (l === c ? 1 : -1)));
    } else {
      const t = new Float64Array(X.rows);
      for (let i = 0; i < X.rows; i++) {
        const v = labels[i];
        if (typeof v !== 'number' || !Number.isFinite(v)) {
          throw new ValidationError(
            `DecoderRegressor needs finite numeric targets; y[${i}] is ${JSON.stringify(v)}.`,
          );
        }
        t[i] = v;
      }
      classes = ['beta'];
      targets = [t];
    }

    let splitter = p.cv;
    if ((splitter === undefined || splitter === null || typeof splitter === 'number') && groups) {
      warn(
        new DecoderWarning(
          'groups parameter is specified but cv parameter is not set to custom CV splitter. Using default object LeaveOneGroupOut().',
        ),
      );
      splitter = new LeaveOneGroupOut();
    }
    const cv = checkCv(splitter ?? 10, labels, this.isClassification);
    const folds = Array.from(cv.split(X, labels, groups ?? null));
    if (folds.length === 0) throw new ValidationError('cv produced no splits.');

    const maskImg = masker.maskImg_ as NiftiImage;
    const selector = checkFeatureScreening(p.screeningPercentile, maskImg, this.isClassification);
    const screening = selector ? (selector.getParams().percentile as number) : null;
    const screeningPercentile = selector
      ? (selector.getParams().percentile as number)
      : p.screeningPercentile === undefined || p.screeningPercentile === null
        ? 100
        : p.screeningPercentile;
    const nFinal = Math.trunc((X.cols * screeningPercentile * 100) / 10000);
    if (nFinal < 50) {
      warn(
        new DecoderWarning(
          `After clustering and screening, the decoding model will be trained only on ${nFinal} features. Consider raising clustering_percentile or screeningPercentile.`,
        ),
      );
    }

    const outputs = await this.fitFolds(proto, X, targets, folds, screening, scorer, options);
    this.aggregate(outputs, classes, X.cols, masker, proto);
    this.masker_ = masker;
    this.maskImg_ = maskImg;
    this.classes_ = classes;
    this.screeningPercentile_ = screeningPercentile;
    this.cv_ = folds;
    this.nFeaturesIn_ = X.cols;
    this.scorer_ = scorer;
    this.#estimator = proto;
    return this;
  }

  /**
   * Every (problem, fold) fit as a task of `@voxelkit/model-selection`'s `runJobs`: on this
   * thread, on `nJobs` workers or on the `executor`, with the same handler (`fitDecoderFold`).
   */
  private async fitFolds(
    proto: Estimator,
    X: Masked,
    targets: Float64Array[],
    folds: Split[],
    screeningPercentile: number | null,
    scorer: ScoringFunction,
    options: DecoderFitOptions,
  ): Promise<DecoderFoldOutput[]> {
    const p = this.params;
    const inner = p.innerCv;
    const jobs: FoldJob[] = [];
    for (let problem = 0; problem < targets.length; problem++) {
      const y = targets[problem] as Float64Array;
      for (let f = 0; f < folds.length; f++) {
        const train = (folds[f] as Split).train;
        let innerSplits: Split[] | null = null;
        if (inner !== undefined && inner !== null) {
          const ytr = Array.from(train, (i) => y[i] as number);
          const cls = this.isClassification;
          innerSplits = Array.from(checkCv(inner, cls ? ytr : null, cls).split(ytr.length, ytr));
        }
        const args: DecoderFoldArgs = { problem, fold: f, innerSplits };
        jobs.push({ kind: 'task', task: DECODER_FOLD_TASK, args });
      }
    }
    const shared: DecoderShared = {
      classification: this.isClassification,
      targets,
      folds,
      screeningPercentile,
      paramGrid: this.checkParamGrid(proto),
    };
    const results = await runJobs(
      {
        estimator: proto as unknown as CrossValEstimator,
        X,
        y: undefined,
        scorers: [scorer],
        shared,
        tasks: taskHandlers,
      },
      [p.scoring ?? (this.isClassification ? 'accuracy' : 'r2')],
      jobs,
      {
        nJobs: p.nJobs,
        executor: p.executor,
        onProgress: p.onProgress,
        workerModules: [...(p.workerModules ?? []), tasksModuleUrl()],
        signal: options.signal,
        timeout: options.timeout,
      },
    );
    return results.map((r) => (r as TaskResult).value as DecoderFoldOutput);
  }

  private aggregate(
    outputs: DecoderFoldOutput[],
    classes: Label[],
    nFeatures: number,
    masker: NiftiMasker,
    proto: Estimator,
  ): void {
    const coefs = new Map<Label, (Float64Array | undefined)[]>();
    const intercepts = new Map<Label, (number | undefined)[]>();
    const dummies = new Map<Label, (Float64Array | undefined)[]>();
    const cvScores: Record<string, number[]> = {};
    const cvParams: Record<string, Record<string, unknown[]>> = {};
    const push = <T>(m: Map<Label, T[]>, k: Label, v: T) => {
      const list = m.get(k);
      if (list) list.push(v);
      else m.set(k, [v]);
    };
    const binary = this.isClassification && classes.length === 2;
    for (const o of outputs) {
      const cls = classes[o.problem] as Label;
      const key = String(cls);
      push(coefs, cls, o.coef);
      push(intercepts, cls, o.intercept);
      push(dummies, cls, o.dummy);
      (cvScores[key] ??= []).push(o.score);
      const params = (cvParams[key] ??= {});
      for (const [k, v] of Object.entries(o.params)) (params[k] ??= []).push(v);
      if (binary) {
        const other = classes[1] as Label;
        push(coefs, other, o.coef === undefined ? undefined : o.coef.map((v) => -v));
        push(intercepts, other, o.intercept === undefined ? undefined : -o.intercept);
        push(dummies, other, o.dummy);
        (cvScores[String(other)] ??= []).push(o.score);
        cvParams[String(other)] = params;
      }
    }
    this.cvScores_ = cvScores;
    this.cvParams_ = cvParams;
    const isDummy = proto instanceof DummyClassifier || proto instanceof DummyRegressor;
    if (!isDummy) {
      const rows = classes.length;
      const mean = new Float64Array(rows * nFeatures);
      const std = new Float64Array(rows * nFeatures);
      const intercept = new Float64Array(rows);
      const coefImg: Record<string, NiftiImage> = {};
      const stdImg: Record<string, NiftiImage> = {};
      classes.forEach((cls, r) => {
        const list = coefs.get(cls) ?? [];
        if (list.some((c) => c === undefined)) {
          throw new ValidationError(
            `${proto.constructor.name} has no coef_ after fit: the decoder needs a linear estimator (or a dummy one).`,
          );
        }
        const ms = meanStd(list as Float64Array[], nFeatures);
        mean.set(ms.mean, r * nFeatures);
        std.set(ms.std, r * nFeatures);
        const b = intercepts.get(cls) ?? [];
        let s = 0;
        for (const v of b) s += v as number;
        intercept[r] = s / b.length;
        coefImg[String(cls)] = masker.inverseTransform(ms.mean);
        stdImg[String(cls)] = masker.inverseTransform(ms.std);
      });
      this.stdCoef_ = { data: std, rows, cols: nFeatures };
      this.coefImg_ = coefImg;
      this.stdCoefImg_ = stdImg;
      if (binary) {
        this.coef_ = { data: mean.slice(0, nFeatures), rows: 1, cols: nFeatures };
        this.intercept_ = intercept.slice(0, 1);
      } else {
        this.coef_ = { data: mean, rows, cols: nFeatures };
        this.intercept_ = intercept;
      }
    } else {
      const first = dummies.get(classes[0] as Label) as Float64Array[];
      const firstLen = (first[0] as Float64Array).length;
      const rows = binary ? 1 : classes.length;
      const out = new Float64Array(rows * firstLen);
      for (let r = 0; r < rows; r++) {
        const list = dummies.get(classes[r] as Label) as Float64Array[];
        for (const d of list)
          for (let j = 0; j < firstLen; j++)
            out[r * firstLen + j] += (d[j] as number) / list.length;
      }
      this.dummyOutput_ = { data: out, rows, cols: firstLen };
    }
  }

  /** Decision values of masked rows: X·coefᵀ + intercept (1-D for one row of `coef_`). */
  private decisionOfMasked(X: Masked): Float64Array | Matrix2D {
    const coef = this.coef_;
    if (coef === undefined) {
      throw new ValidationError(
        'Dummy estimators have no decision function: use predict, or a linear estimator.',
      );
    }
    const b = this.intercept_ as Float64Array;
    const k = coef.rows;
    const p = coef.cols;
    const out = new Float64Array(X.rows * k);
    for (let i = 0; i < X.rows; i++) {
      const off = i * p;
      for (let c = 0; c < k; c++) {
        let s = 0;
        const w = c * p;
        for (let j = 0; j < p; j++) s += (X.data[off + j] as number) * (coef.data[w + j] as number);
        out[i * k + c] = s + (b[c] as number);
      }
    }
    return k === 1 ? out : { data: out, rows: X.rows, cols: k };
  }

  private predictDummy(n: number): Float64Array | Matrix2D {
    const d = this.dummyOutput_ as Matrix2D;
    // nilearn: dummy_output_[0] for one row, else the column of P(class) of each problem.
    let probs: Float64Array;
    if (d.rows === 1) probs = Float64Array.from(d.data.subarray(0, d.cols));
    else probs = Float64Array.from({ length: d.rows }, (_, r) => d.data[r * d.cols + 1] as number);
    if (!this.isClassification) {
      return Float64Array.from({ length: n }, () => probs[0] as number);
    }
    const strategy = (this.#estimator as Estimator).getParams() as { strategy?: string };
    const k = probs.length;
    const out = new Float64Array(n * k);
    if (strategy.strategy === 'stratified') {
      // One draw per sample from the class probabilities (nilearn draws with numpy's
      // default_rng(0); the draws here come from RandomState(0), so single predictions differ).
      const rng = new RandomState(0);
      let total = 0;
      for (const v of probs) total += v;
      for (let i = 0; i < n; i++) {
        const u = rng.randomSample() * total;
        let acc = 0;
        let c = 0;
        for (; c < k - 1; c++) {
          acc += probs[c] as number;
          if (u < acc) break;
        }
        out[i * k + c] = 1;
      }
    } else {
      for (let i = 0; i < n; i++) out.set(probs, i * k);
    }
    return k === 1 ? out : { data: out, rows: n, cols: k };
  }

  /** Predictions of masked rows (labels, or numbers for the regressor). */
  protected predictMasked(X: Masked): Label[] | Float64Array {
    const isDummy = this.coef_ === undefined;
    const scores = isDummy ? this.predictDummy(X.rows) : this.decisionOfMasked(X);
    if (!this.isClassification) return scores instanceof Float64Array ? scores : scores.data;
    const classes = this.classes_ as Label[];
    const out: Label[] = new Array(X.rows);
    if (scores instanceof Float64Array) {
      for (let i = 0; i < X.rows; i++) out[i] = classes[(scores[i] as number) > 0 ? 1 : 0] as Label;
      return out;
    }
    for (let i = 0; i < X.rows; i++) {
      let best = 0;
      for (let c = 1; c < scores.cols; c++) {
        if (
          (scores.data[i * scores.cols + c] as number) >
          (scores.data[i * scores.cols + best] as number)
        )
          best = c;
      }
      out[i] = classes[best] as Label;
    }
    return out;
  }

  protected checkFitted(): void {
    if (this.masker_ === undefined || this.classes_ === undefined) {
      throw new NotFittedError(
        `This ${this.constructor.name} instance is not fitted yet. Call 'fit' with appropriate arguments before using this estimator.`,
      );
    }
  }

  /**
   * Decision values of new images (or already-masked rows): X·coef_ᵀ + intercept_, 1-D for two
   * classes (positive = `classes_[1]`) and for the regressor.
   *
   * @throws NotFittedError before fit; ValidationError for images off the mask's grid, or a
   *   dummy estimator (no weights).
   */
  async decisionFunction(func: ImgInput | Matrix2D): Promise<Float64Array | Matrix2D> {
    this.checkFitted();
    return this.decisionOfMasked(await this.maskInput(func as ImgInput));
  }

  /**
   * The score (`scoring`, default `'roc_auc'` / `'r2'`) of the averaged model on new images.
   *
   * @throws NotFittedError before fit; ValidationError when `y` does not have one entry per scan.
   */
  async score(func: ImgInput | Matrix2D, y: ArrayLike<Label>): Promise<number> {
    this.checkFitted();
    const X = await this.maskInput(func as ImgInput);
    const labels = toLabels(y, X.rows);
    const view: ScorableEstimator = {
      classes_: this.isClassification ? this.classes_ : undefined,
      predict: (Xm: Matrix2D) => this.predictMasked(toFloat64(Xm)),
      ...(this.coef_ !== undefined
        ? { decisionFunction: (Xm: Matrix2D) => this.decisionOfMasked(toFloat64(Xm)) }
        : {}),
    };
    return (this.scorer_ as ScoringFunction)(view, X, labels);
  }
}

const CLASSIFIER_DEFAULTS: DecoderParams = {
  estimator: 'svc',
  mask: undefined,
  cv: 10,
  paramGrid: undefined,
  screeningPercentile: 20,
  scoring: 'roc_auc',
  smoothingFwhm: undefined,
  standardize: true,
  lowPass: undefined,
  highPass: undefined,
  tR: undefined,
  maskStrategy: 'background',
  innerCv: undefined,
  randomState: 0,
  nJobs: 1,
  executor: undefined,
  workerModules: undefined,
  onProgress: undefined,
};

/**
 * nilearn 0.10.4's `Decoder` (classification): masks the images with a `NiftiMasker` (the
 * decoder's masking options), solves two classes once and more classes one-vs-rest, picks per
 * outer fold the grid point that scores best on that fold's own test split (as nilearn; see
 * `innerCv` for honest nested selection), and averages the chosen models: `coef_` is the mean
 * over folds, `cvScores_` the fold scores per class.
 *
 * Differences from nilearn: `randomState` (default 0) seeds the `'svc'` solvers (nilearn's drift
 * by ~0.01 between runs); `intercept_` is always a Float64Array; a regressor name raises; the
 * `'stratified'` dummy's predictions draw from `RandomState(0)`, not numpy's `default_rng(0)`;
 * `nJobs` runs the (class, fold) fits on worker threads and `executor` on a cluster (nilearn:
 * joblib), both with results identical to `nJobs: 1`; `onProgress`, `signal` and `timeout` are
 * voxelkit's.
 *
 * @example
 * ```ts
 * const decoder = new Decoder({ estimator: 'svc', mask, standardize: true, cv: new LeaveOneGroupOut() });
 * await decoder.fit(func, y, { groups: runs });
 * decoder.cvScores_; // { cat: number[], face: number[] }
 * ```
 */
export class Decoder extends BaseDecoder {
  readonly estimatorType = 'classifier' as const;
  protected readonly isClassification = true;
  /** The name this class is rebuilt under elsewhere. */
  static readonly estimatorName: string = 'Decoder';

  constructor(params: Partial<DecoderParams> = {}) {
    super(CLASSIFIER_DEFAULTS, params);
  }

  /**
   * The predicted class of each scan.
   *
   * @throws NotFittedError before fit; ValidationError for images off the mask's grid.
   */
  async predict(func: ImgInput | Matrix2D): Promise<Label[]> {
    this.checkFitted();
    const X = await this.maskInput(func as ImgInput);
    return this.predictMasked(X) as Label[];
  }
}

/**
 * nilearn 0.10.4's `DecoderRegressor`: as {@link Decoder} for one numeric target (default
 * estimator `'svr'`, scoring `'r2'`, `cv: 10` = `KFold(10)`); results are keyed `'beta'`.
 *
 * @example
 * ```ts
 * const reg = new DecoderRegressor({ estimator: 'ridge', mask });
 * await reg.fit(func, age);
 * reg.cvScores_?.beta; // one r2 per fold
 * ```
 */
export class DecoderRegressor extends BaseDecoder {
  readonly estimatorType = 'regressor' as const;
  protected readonly isClassification = false;
  /** The name this class is rebuilt under elsewhere. */
  static readonly estimatorName: string = 'DecoderRegressor';

  constructor(params: Partial<DecoderParams> = {}) {
    super({ ...CLASSIFIER_DEFAULTS, estimator: 'svr', scoring: 'r2' }, params);
  }

  /**
   * The predicted target of each scan.
   *
   * @throws NotFittedError before fit; ValidationError for images off the mask's grid.
   */
  async predict(func: ImgInput | Matrix2D): Promise<Float64Array> {
    this.checkFitted();
    const X = await this.maskInput(func as ImgInput);
    return this.predictMasked(X) as Float64Array;
  }
}
