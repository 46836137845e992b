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
  uniqueLabels,
  ValidationError,
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
  Cancellation,
  type CancelOptions,
  type CrossValEstimator,
  type CvLike,
  checkCv,
  type FoldJob,
  getScorer,
  type RunExecutor,
  type RunProgress,
  resolveNJobs,
  runJobs,
  runTask,
  type Scoring,
  type TaskResult,
  type TaskRunContext,
} from '@voxelkit/model-selection';
import { NiftiImage, readNifti } from '@voxelkit/nifti-io';
import { tasksModuleUrl } from '../task-module.js';
import { taskHandlers } from '../tasks.js';
import { type SearchLightEstimatorName, searchLightEstimator } from './estimator-names.js';
import {
  type FitEstimator,
  type SearchLightShared,
  SPHERE_CHUNK_TASK,
  type SphereChunkArgs,
  type SphereChunkResult,
} from './score-spheres.js';
import { sphereAdjacency } from './spheres.js';

/**
 * Progress of a {@link SearchLight.fit}: spheres scored so far out of the total, and — on
 * workers or an executor — the seconds elapsed, spheres per second, ETA and the executor's news
 * (e.g. `workers: 0`).
 */
export interface SearchLightProgress {
  done: number;
  total: number;
  /** Seconds since the spheres started (workers / executor runs). */
  elapsed?: number;
  /** Spheres per second so far. */
  rate?: number;
  /** Estimated seconds left at that rate. */
  eta?: number;
  /** Workers serving the run, when the executor knows. */
  workers?: number;
  /** The executor's latest news. */
  message?: string;
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
   * is free; scores are identical to `nJobs: 1`. The estimator must cross into a worker (an
   * `@voxelkit/estimators` class, or one of `workerModules`' registries) and `scoring` be a name.
   */
  nJobs: number;
  /**
   * Where the chunks of spheres run instead of this machine's threads, e.g. a `RedisExecutor` of
   * `@voxelkit/cluster`: X, y, the folds and the sphere adjacency are stored once per run, each
   * task carries only its range of spheres. `nJobs` is then ignored; scores are identical to
   * `nJobs: 1`. Default: local.
   */
  executor: RunExecutor | undefined;
  /** Modules the workers import for your own estimator classes (see model-selection). */
  workerModules: ReadonlyArray<string | URL> | undefined;
  /** A scorer name or function (default: the estimator's `score`, as `cross_val_score`). */
  scoring: Scoring | undefined;
  /** Folds (default: 5, stratified for classifiers — scikit-learn's `cross_val_score`). */
  cv: CvLike | undefined;
  /** Called after every chunk of spheres with how many are done. */
  onProgress: ((progress: SearchLightProgress) => void) | undefined;
}

/** Options of {@link SearchLight.fit}: `signal` / `timeout` stop it (nothing is left fitted). */
export interface SearchLightFitOptions extends CancelOptions {
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
 *   blocks), through `@voxelkit/model-selection`'s one executor seam: each chunk is a task whose
 *   X, y, folds and sphere adjacency are sent once per worker (X shared, not copied). With
 *   `executor` (e.g. `RedisExecutor` of `@voxelkit/cluster`) the same tasks run on
 *   `voxelkit-worker` processes; scores are identical to `nJobs: 1` either way. `onProgress`
 *   replaces nilearn's `verbose` printing; `signal` / `timeout` of `fit` stop a run.
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
      executor: undefined,
      workerModules: undefined,
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
   *   an unknown estimator name or scorer, an invalid `nJobs`, or (for `nJobs > 1` or an
   *   `executor`) a scoring function or an estimator the workers cannot rebuild; AbortError /
   *   TimeoutError for `signal` / `timeout`.
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
    const shared: SearchLightShared = {
      indptr: adjacency.indptr,
      indices: adjacency.indices,
      nSeeds: adjacency.nSeeds,
      maxSize: adjacency.maxSize,
      folds,
    };
    const X = { data: masked.data as Float64Array, rows: nSamples, cols: masked.cols };
    const total = adjacency.nSeeds;
    const sphereScores = new Float64Array(total);
    let notConverged = 0;
    const chunks: SphereChunkArgs[] = [];
    for (let from = 0; from < total; from += CHUNK) {
      chunks.push({ from, to: Math.min(total, from + CHUNK) });
    }
    if (p.executor !== undefined || (nJobs > 1 && chunks.length > 1)) {
      // Chunks of spheres as tasks on the workers or the executor (the same handler as below).
      let done = 0;
      const onProgress = p.onProgress;
      const results = await runJobs(
        {
          estimator: base as unknown as CrossValEstimator,
          X,
          y: targets,
          scorers: [scorer],
          shared,
          tasks: taskHandlers,
        },
        [p.scoring],
        chunks.map((args): FoldJob => ({ kind: 'task', task: SPHERE_CHUNK_TASK, args })),
        {
          nJobs,
          executor: p.executor,
          workerModules: [...(p.workerModules ?? []), tasksModuleUrl()],
          signal: options.signal,
          timeout: options.timeout,
          onProgress:
            onProgress === undefined
              ? undefined
              : (r: RunProgress) => {
                  if (r.task !== undefined) {
                    const c = chunks[r.task] as SphereChunkArgs;
                    done += c.to - c.from;
                  }
                  const rate = r.elapsed > 0 ? done / r.elapsed : 0;
                  const progress: SearchLightProgress = {
                    done,
                    total,
                    elapsed: r.elapsed,
                    rate,
                    eta:
                      rate > 0
                        ? (total - done) / rate
                        : done === total
                          ? 0
                          : Number.POSITIVE_INFINITY,
                  };
                  if (r.workers !== undefined) progress.workers = r.workers;
                  if (r.message !== undefined) progress.message = r.message;
                  onProgress(progress);
                },
        },
      );
      for (let c = 0; c < chunks.length; c++) {
        const value = (results[c] as TaskResult).value as SphereChunkResult;
        sphereScores.set(value.scores, (chunks[c] as SphereChunkArgs).from);
        notConverged += value.notConverged;
      }
    } else {
      // The calling thread, one chunk at a time (yielding between chunks), with the same handler.
      const ctx: TaskRunContext = {
        estimator: base as unknown as CrossValEstimator,
        X,
        y: targets,
        scorers: [scorer],
        shared,
        tasks: taskHandlers,
      };
      const cancellation = new Cancellation(options);
      try {
        for (const chunk of chunks) {
          cancellation.throwIfAborted();
          const job: FoldJob = { kind: 'task', task: SPHERE_CHUNK_TASK, args: chunk };
          const value = runTask(ctx, job).value as SphereChunkResult;
          sphereScores.set(value.scores, chunk.from);
          notConverged += value.notConverged;
          p.onProgress?.({ done: chunk.to, total });
          if (chunk.to < total) await nextTick();
        }
        cancellation.throwIfAborted();
      } finally {
        cancellation.dispose();
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
