/**
 * nilearn's `SearchLight`: cross-validated scores of an estimator fitted on the voxels of a
 * small sphere around every voxel of a process mask.
 *
 * @module
 */
import {
  BaseEstimator,
  ConvergenceWarning,
  type Estimator,
  isClassifier,
  type Label,
  NotFittedError,
  setWarningHandler,
  uniqueLabels,
  ValidationError,
  type VoxelkitWarning,
  warn,
} from '@voxelkit/core';
import {
  applyMask,
  binarizeMask,
  type ImgInput,
  type ImgLike,
  maskIndices,
} from '@voxelkit/masking';
import {
  type CvLike,
  checkCv,
  getScorer,
  resolveNJobs,
  type Scoring,
} from '@voxelkit/model-selection';
import { NiftiImage, readNifti } from '@voxelkit/nifti-io';
import { type SearchLightEstimatorName, searchLightEstimator } from './estimator-names.js';
import { scoreSpheresParallel } from './parallel.js';
import {
  type FitEstimator,
  type SphereContext,
  scoreSpheres,
  sphereBuffers,
} from './score-spheres.js';
import { sphereAdjacency } from './spheres.js';

/** Progress of a {@link SearchLight.fit}: spheres scored so far out of the total. */
export interface SearchLightProgress {
  done: number;
  total: number;
}

/** Hyper-parameters of {@link SearchLight} (nilearn's names in camelCase, its defaults). */
export interface SearchLightParams {
  /** Mask of the voxels whose signals the spheres use (a path, a URL or a `NiftiImage`). */
  maskImg: ImgLike | undefined;
  /** Voxels to centre a sphere on (default: `maskImg`). Must be on `maskImg`'s grid. */
  processMaskImg: ImgLike | undefined;
  /** Sphere radius in mm (default 2, as nilearn). */
  radius: number;
  /** `'svc'` (`LinearSVC`), `'svr'` (`SVR`) or an estimator instance (default `'svc'`). */
  estimator: SearchLightEstimatorName | Estimator;
  /**
   * Worker threads (default 1: the calling thread; `-1` one per CPU). With more than one, X is
   * shared (SharedArrayBuffer, no copy per worker) and chunks of spheres go to whichever worker
   * is free; scores are identical to `nJobs: 1`. Node only; the estimator must be a registered
   * `@voxelkit/estimators` class and `scoring` a name.
   */
  nJobs: number;
  /** A scorer name or function (default: the estimator's `score`, as `cross_val_score`). */
  scoring: Scoring | undefined;
  /** Folds (default: 5, stratified for classifiers — scikit-learn's `cross_val_score`). */
  cv: CvLike | undefined;
  /** Called after every chunk of spheres with how many are done. */
  onProgress: ((progress: SearchLightProgress) => void) | undefined;
}

/** Options of {@link SearchLight.fit}. */
export interface SearchLightFitOptions {
  /** Group label of every scan, for group-aware splitters (e.g. `LeaveOneGroupOut`). */
  groups?: ArrayLike<Label>;
}

/** Spheres scored between two progress reports (and yields to the event loop). */
const CHUNK = 32;

async function loadImage(img: ImgLike, what: string): Promise<NiftiImage> {
  if (img instanceof NiftiImage) return img;
  if (typeof img === 'string' || img instanceof URL) return readNifti(img);
  throw new ValidationError(
    `${what} must be a file path, a URL or a NiftiImage; got ${img === null ? 'null' : typeof img}.`,
  );
}

interface GridMask {
  image: NiftiImage;
  shape: [number, number, number];
  affine: number[][];
  indices: Int32Array;
}

async function loadGridMask(img: ImgLike, what: string): Promise<GridMask> {
  const image = await loadImage(img, what);
  const shape = image.shape;
  if (shape.length < 3 || shape.slice(3).some((s) => s !== 1)) {
    throw new ValidationError(
      `${what} has shape [${shape.join(', ')}]: a mask must be a 3-D image.`,
    );
  }
  const grid: [number, number, number] = [shape[0]!, shape[1]!, shape[2]!];
  const mask = binarizeMask(image.getFData(), what);
  return { image, shape: grid, affine: image.affine, indices: maskIndices(mask, grid) };
}

function sameGrid(a: GridMask, b: GridMask): boolean {
  if (a.shape.some((s, i) => s !== b.shape[i])) return false;
  for (let r = 0; r < 4; r++) {
    for (let c = 0; c < 4; c++) {
      const x = a.affine[r]![c]!;
      const y = b.affine[r]![c]!;
      if (Math.abs(x - y) > 1e-6 * Math.max(1, Math.abs(x), Math.abs(y))) return false;
    }
  }
  return true;
}

function isEstimator(value: unknown): value is FitEstimator {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as FitEstimator).fit === 'function' &&
    typeof (value as FitEstimator).clone === 'function'
  );
}

/** Targets of the rows `idx`: labels for classifiers, a Float64Array for regressors. */
function gatherTargets(y: Label[] | Float64Array, idx: Int32Array): Label[] | Float64Array {
  if (y instanceof Float64Array) {
    const out = new Float64Array(idx.length);
    for (let i = 0; i < idx.length; i++) out[i] = y[idx[i]!]!;
    return out;
  }
  const out: Label[] = new Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = y[idx[i]!]!;
  return out;
}

const nextTick = (): Promise<void> =>
  new Promise((resolve) => {
    const immediate = (globalThis as { setImmediate?: (f: () => void) => unknown }).setImmediate;
    if (immediate) immediate(resolve);
    else setTimeout(resolve, 0);
  });

/**
 * nilearn's `SearchLight` (0.10.4): for every voxel of `processMaskImg`, the mean
 * cross-validated score of `estimator` on the voxels of `maskImg` within `radius` mm (world
 * coordinates, centre included).
 *
 * ```ts
 * const sl = new SearchLight({ maskImg, radius: 5.6, estimator: new SVC({ kernel: 'linear' }),
 *   cv: new KFold({ nSplits: 4 }) });
 * await sl.fit(func, y);
 * sl.scores_;     // Float64Array over the mask's grid, file order (i fastest); 0 off the process mask
 * sl.scoresImg_;  // the same as a NiftiImage on maskImg's grid
 * ```
 *
 * How it runs: the sphere adjacency is built once (flat CSR), `func` is masked once (float64, as
 * scikit-learn converts nilearn's int16 data), and every fit gathers its sphere's columns into
 * one reused buffer — no per-sphere allocation besides the estimator clone.
 *
 * Differences from nilearn 0.10.4:
 * - `'svc'` is seeded (`LinearSVC` `randomState: 0`): nilearn leaves liblinear unseeded, so its
 *   'svc' maps drift slightly between runs; ours are reproducible. `SVC({ kernel: 'linear' })`
 *   gives libsvm's exact per-sphere scores.
 * - `maskImg` and `processMaskImg` must be on `func`'s grid (nilearn resamples them with
 *   nearest-neighbour interpolation); a different grid is a ValidationError.
 * - `scores_` is flat in NIfTI file order (nilearn: a 3-D numpy array); `scoresImg_` is provided.
 * - Non-converging fits are summarised in one `ConvergenceWarning` (nilearn silences them).
 * - `nJobs` workers take chunks of 32 spheres as they free up (nilearn cuts `n_jobs` equal
 *   blocks); `onProgress` replaces nilearn's `verbose` printing.
 */
export class SearchLight extends BaseEstimator<SearchLightParams> {
  /** Mean cross-validated score per voxel, over the mask grid (file order); 0 off the process mask. */
  scores_?: Float64Array;
  /** {@link scores_} as a float64 image on `maskImg`'s grid. */
  scoresImg_?: NiftiImage;
  /** Number of process-mask voxels (spheres) scored. */
  nSpheres_?: number;

  /** The name this class goes by in registries. */
  static readonly estimatorName: string = 'SearchLight';

  constructor(params: Partial<SearchLightParams> = {}) {
    super({
      maskImg: undefined,
      processMaskImg: undefined,
      radius: 2,
      estimator: 'svc',
      nJobs: 1,
      scoring: undefined,
      cv: undefined,
      onProgress: undefined,
      ...params,
    });
  }

  /**
   * Fits and scores the estimator on every sphere. `func` is a 4-D image (path, URL,
   * `NiftiImage`, or a list concatenated in time) on `maskImg`'s grid; `y` has one label (or
   * target, for a regressor) per scan. Learned state is only set once every sphere is scored.
   *
   * @throws ValidationError for a missing `maskImg`, `radius ≤ 0`, a process mask outside the
   *   mask or off its grid, a `y` whose length differs from the number of scans, a single class,
   *   an unknown estimator name or scorer, an invalid `nJobs`, or (for `nJobs > 1`) a scoring
   *   function or an estimator the workers cannot rebuild.
   */
  async fit(
    func: ImgInput,
    y: ArrayLike<Label>,
    options: SearchLightFitOptions = {},
  ): Promise<this> {
    const p = this.params;
    // A failed refit must not leave the previous fit looking current.
    this.scores_ = undefined;
    this.scoresImg_ = undefined;
    this.nSpheres_ = undefined;
    if (typeof p.radius !== 'number' || !(p.radius > 0) || !Number.isFinite(p.radius)) {
      throw new ValidationError(
        `radius must be a positive finite number of millimetres; got ${String(p.radius)}. nilearn's default is 2, the Haxby example uses 5.6.`,
      );
    }
    const cpus =
      typeof p.nJobs === 'number' && p.nJobs < 0
        ? (await import('node:os')).availableParallelism()
        : 1;
    const nJobs = resolveNJobs(p.nJobs, cpus);
    const base: FitEstimator =
      typeof p.estimator === 'string'
        ? (searchLightEstimator(p.estimator) as FitEstimator)
        : isEstimator(p.estimator)
          ? p.estimator
          : (() => {
              throw new ValidationError(
                "estimator must be 'svc', 'svr' or an estimator instance with fit() and clone().",
              );
            })();
    const scorer = getScorer(p.scoring);
    if (p.maskImg === undefined || p.maskImg === null) {
      throw new ValidationError(
        'SearchLight needs maskImg: the mask of the voxels the spheres use (e.g. the VT mask of the Haxby dataset).',
      );
    }
    if (y === null || y === undefined || typeof (y as ArrayLike<Label>).length !== 'number') {
      throw new ValidationError('y must be an array with one label (or target) per scan.');
    }
    const mask = await loadGridMask(p.maskImg, 'maskImg');
    const process =
      p.processMaskImg === undefined || p.processMaskImg === null
        ? mask
        : await loadGridMask(p.processMaskImg, 'processMaskImg');
    if (process !== mask && !sameGrid(mask, process)) {
      throw new ValidationError(
        `processMaskImg (shape [${process.shape.join(', ')}]) is not on maskImg's grid (shape [${mask.shape.join(', ')}], or another affine). ` +
          'Resample it to the mask first (nearest-neighbour interpolation), as nilearn does.',
      );
    }
    const adjacency = sphereAdjacency(
      {
        shape: mask.shape,
        affine: mask.affine,
        maskIndices: mask.indices,
        seedIndices: process.indices,
      },
      p.radius,
    );
    const masked = await applyMask(func, mask.image, { dtype: 'float64' });
    const nSamples = masked.rows;
    if (y.length !== nSamples) {
      throw new ValidationError(
        `y has ${y.length} entries but func has ${nSamples} scans: give one label per scan (select the same scans from both, e.g. with indexImg).`,
      );
    }
    const classifier = isClassifier(base);
    let targets: Label[] | Float64Array;
    if (classifier) {
      targets = Array.from(y);
      for (const v of targets) {
        if (typeof v !== 'string' && !(typeof v === 'number' && Number.isFinite(v))) {
          throw new ValidationError(
            `y holds ${String(v)}: labels must be strings or finite numbers.`,
          );
        }
      }
      const classes = uniqueLabels(targets);
      if (classes.length < 2) {
        throw new ValidationError(
          `y has a single class (${JSON.stringify(classes[0])}): a searchlight classifier needs at least two. Select scans of two or more conditions.`,
        );
      }
    } else {
      targets = Float64Array.from(y as ArrayLike<number>);
      if (targets.some((v) => !Number.isFinite(v))) {
        throw new ValidationError('y must hold finite numbers for a regressor.');
      }
    }
    const splitter = checkCv(p.cv, classifier ? targets : null, classifier);
    const folds = [
      ...splitter.split(nSamples, classifier ? (targets as Label[]) : null, options.groups ?? null),
    ];
    if (folds.length === 0) {
      throw new ValidationError('cv produced no splits: give at least one train/test split.');
    }
    const ctx: SphereContext = {
      X: masked.data as Float64Array,
      nSamples,
      nColumns: masked.cols,
      adjacency,
      folds,
      yTrain: folds.map((f) => gatherTargets(targets, f.train)),
      yTest: folds.map((f) => gatherTargets(targets, f.test)),
      estimator: base,
      scorer: scorer as SphereContext['scorer'],
    };
    const total = adjacency.nSeeds;
    let sphereScores: Float64Array;
    let notConverged = 0;
    if (nJobs > 1 && total > CHUNK) {
      let done = 0;
      const result = await scoreSpheresParallel(ctx, p.scoring, nJobs, CHUNK, (count) => {
        done += count;
        p.onProgress?.({ done, total });
      });
      sphereScores = result.scores;
      notConverged = result.notConverged;
    } else {
      sphereScores = new Float64Array(total);
      const buffers = sphereBuffers(ctx);
      let firstOther: VoxelkitWarning[] = [];
      for (let from = 0; from < total; from += CHUNK) {
        const to = Math.min(total, from + CHUNK);
        // Synchronous within a chunk: the handler is swapped only while no other code can run.
        const previous = setWarningHandler((w) => {
          if (w instanceof ConvergenceWarning) notConverged++;
          else if (firstOther.length < 5) firstOther.push(w);
        });
        try {
          scoreSpheres(ctx, buffers, from, to, sphereScores);
        } finally {
          setWarningHandler(previous);
        }
        for (const w of firstOther) warn(w);
        firstOther = [];
        p.onProgress?.({ done: to, total });
        if (to < total) await nextTick();
      }
    }
    if (notConverged > 0) {
      warn(
        new ConvergenceWarning(
          `${notConverged} of ${total * folds.length} searchlight fits did not converge (nilearn silences these). ` +
            "Raise the estimator's maxIter, or standardize the data.",
        ),
      );
    }
    const [nx, ny, nz] = mask.shape;
    const scores = new Float64Array(nx * ny * nz);
    for (let s = 0; s < total; s++) scores[process.indices[s]!] = sphereScores[s]!;
    const scoresImg = NiftiImage.fromArray(scores, [nx, ny, nz], mask.affine);
    this.scores_ = scores;
    this.scoresImg_ = scoresImg;
    this.nSpheres_ = total;
    return this;
  }

  /** Throws NotFittedError unless {@link fit} has completed. */
  checkFitted(): void {
    if (this.scores_ === undefined) {
      throw new NotFittedError(
        'This SearchLight is not fitted yet: call await searchLight.fit(func, y) first.',
      );
    }
  }
}
