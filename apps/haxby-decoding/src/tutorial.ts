/**
 * nilearn's "A introduction tutorial to fMRI decoding" (Haxby 2001, face vs cat), step by step
 * with voxelkit, printing what the Python tutorial prints and returning every number as a
 * {@link TutorialReport}.
 *
 * @module
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, join, resolve } from 'node:path';
import {
  formatArray,
  type Label,
  type Matrix2D,
  pyFloat,
  pyTuple,
  takeRows,
  ValidationError,
} from '@voxelkit/core';
import { NiftiMasker } from '@voxelkit/masking';
import { formatHeader, type NiftiImage, readNifti, writeNifti } from '@voxelkit/nifti-io';
import { type DatasetOptions, resolveDataset } from './dataset.js';
import { type ExtraWorker, startExtraWorker } from './extra.js';
import { StepProgress, type TextStream } from './progress.js';
import type { TutorialReport } from './report.js';

/**
 * What the steps after the masking need, imported while the 4-D file streams through the zlib
 * thread pool (module loading then costs no wall time): the estimators, the cross-validation,
 * the labels table (arquero) and the printing helpers. The plotting package is imported at the
 * plotting step, the datasets package only to fetch or generate data.
 */
function importSteps() {
  return Promise.all([
    import('@voxelkit/estimators'),
    import('@voxelkit/metrics'),
    import('@voxelkit/model-selection'),
    import('./labels.js'),
    import('./print.js'),
  ]).then(([estimators, metrics, modelSelection, labels, print]) => ({
    ...estimators,
    ...metrics,
    ...modelSelection,
    ...labels,
    ...print,
  }));
}

/** Options of {@link runTutorial}: where the data is, where outputs go, where text goes. */
export interface TutorialOptions extends DatasetOptions {
  /** Output directory for the weight image and the plots (default `./haxby-output`). */
  out?: string;
  /** Print nothing but errors and the offline-fallback line (default false). */
  quiet?: boolean;
  /** The tutorial's printout (default `process.stdout`). */
  stdout?: TextStream;
  /** Progress and messages (default `process.stderr`). */
  stderr?: TextStream;
  /**
   * Threads for the 8-category extra (scikit-learn's `n_jobs`; default -1: one per CPU). With
   * more than one, the extra runs on one worker thread (~30 MB) started before the masking,
   * alongside this thread's face/cat steps and plots, and that worker spreads the folds over
   * `nJobs` − 1 threads (itself alone on 2 CPUs). `1` keeps everything on this thread.
   */
  nJobs?: number;
}

/** The weight image's file name, as in the tutorial. */
export const WEIGHTS_FILE = 'haxby_svc_weights.nii.gz';

const FACE_CAT = ['face', 'cat'];

/**
 * The documented range of the mean face-vs-cat leave-one-run-out accuracy on the full-size
 * synthetic dataset (subject 2, seed 0 gives 0.792): clearly above chance, not perfect.
 */
export const SYNTHETIC_LOGO_RANGE: readonly [number, number] = [0.65, 0.95];

function pick<T>(values: readonly T[], rows: ArrayLike<number>): T[] {
  return Array.from(rows as ArrayLike<number>, (r) => values[r] as T);
}

function range(start: number, end: number): Int32Array {
  const out = new Int32Array(Math.max(end - start, 0));
  for (let i = 0; i < out.length; i++) out[i] = start + i;
  return out;
}

/**
 * For an image that is one voxel thick along an axis (like the single-slice Haxby example), the
 * only informative view is the cut across that axis ('x', 'y' or 'z'); otherwise undefined.
 */
function flatAxisView(shape: readonly number[]): 'x' | 'y' | 'z' | undefined {
  const axes = ['x', 'y', 'z'] as const;
  const flat = axes.filter((_, i) => shape[i] === 1);
  return flat.length === 1 ? flat[0] : undefined;
}

/**
 * Runs the tutorial: load (or fetch, or generate) the data, mask and standardize it, keep the
 * face and cat scans, fit a linear SVC, score it every way the tutorial does, write the weight
 * image and the plots, then the extra 8-category leave-one-run-out decoding.
 *
 * @throws ValidationError for missing files, a labels file whose row count differs from the
 *   image's scan count, or a mask that does not fit the functional image.
 * @throws FetchError when a download fails (other than the offline fallback).
 */
export async function runTutorial(options: TutorialOptions = {}): Promise<TutorialReport> {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const quiet = options.quiet === true;
  const progress = await StepProgress.open(stderr, !quiet);
  const timings: Record<string, number> = {};
  let t0 = performance.now();
  const lap = (step: string) => {
    const t = performance.now();
    timings[step] = Math.round((t - t0) * 10) / 10;
    t0 = t;
  };

  const dataset = await resolveDataset(options, progress, !quiet);
  lap('dataset');
  const synthetic = dataset.source === 'synthetic';
  const tag = synthetic ? ' [synthetic data]' : '';
  const print = (text = '') => {
    if (quiet) return;
    progress.clear();
    stdout.write(`${text}\n`);
  };
  const section = (title: string) => {
    print();
    print(`## ${title}${tag}`);
    print();
  };

  print("voxelkit-haxby: nilearn's decoding tutorial (Haxby 2001, face vs cat) with voxelkit");
  if (synthetic) {
    print("SYNTHETIC DATA: a Haxby-shaped dataset generated offline; the numbers are not Haxby's.");
  }

  section('Retrieve and load the fMRI data');
  print(`First subject functional nifti images (4D) are at: ${dataset.func}`);

  progress.start('Reading the mask');
  const maskImg = await readNifti(dataset.mask);
  lap('load');

  // The 8-category extra goes to a worker thread started now, so that its modules load while
  // the 4-D file streams (see extra.ts); `--n-jobs 1` keeps it on this thread.
  const nJobs = options.nJobs ?? -1;
  const threads =
    Number.isInteger(nJobs) && nJobs !== 0
      ? nJobs > 0
        ? nJobs
        : Math.max(1, availableParallelism() + 1 + nJobs)
      : 1;
  const background: ExtraWorker | undefined = threads > 1 ? startExtraWorker() : undefined;
  const extraAbort = new AbortController();
  try {
    section("Convert the fMRI volume's to a data matrix");
    progress.start('Masking and standardizing the functional image (NiftiMasker)');
    const masker = new NiftiMasker({ maskImg, standardize: true });
    // One read of the 4-D file (its header included): the masker checks the grid, keeps the
    // mask's voxels and, without an anatomical image, accumulates the mean image for the plots.
    // While it streams, the labels are read and the later steps' modules load.
    const maskedP = masker.fitTransform(dataset.func, { meanImg: !dataset.anat });
    const stepsP = importSteps();
    const behavioralP = stepsP.then((m) => m.readLabels(dataset.labels));
    const [maskedR, behavioralR, stepsR] = await Promise.allSettled([maskedP, behavioralP, stepsP]);
    if (behavioralR.status === 'rejected') throw behavioralR.reason;
    if (stepsR.status === 'rejected') throw stepsR.reason;
    if (maskedR.status === 'rejected') {
      const error = maskedR.reason;
      if (error instanceof ValidationError && /^The mask has (shape|affine)/.test(error.message)) {
        throw new ValidationError(
          `The mask ${dataset.mask} (${maskImg.shape.join('×')}) does not fit the functional image ` +
            `${dataset.func}: ${error.message.replace(/^The mask/, 'it')}`,
        );
      }
      throw error;
    }
    const masked = maskedR.value;
    const behavioral = behavioralR.value;
    const m = stepsR.value;
    const nScans = masked.rows;
    if (behavioral.labels.length !== nScans) {
      throw new ValidationError(
        `The labels file ${dataset.labels} has ${behavioral.labels.length} rows but the functional ` +
          `image ${dataset.func} has ${nScans} scans: they must match one to one. Use the labels.txt ` +
          'that belongs to this bold.nii.gz.',
      );
    }
    lap('mask');
    const {
      conditionMask,
      crossValScore,
      formatDataFrame,
      formatSeries,
      KFold,
      LeaveOneGroupOut,
      SVC,
    } = m;
    /** `(prediction == truth).sum() / len(truth)`. */
    const accuracy = (truth: readonly Label[], prediction: readonly Label[]): number =>
      m.accuracyScore(truth, prediction);
    const dtype = masked.data instanceof Float32Array ? 'float32' : 'float64';
    print(formatArray({ data: masked.data, shape: [masked.rows, masked.cols], dtype }));
    print(pyTuple([masked.rows, masked.cols]));
    const X = masked; // a Matrix2D (float32): takeRows and the estimators take it as it is

    section('Load the behavioral labels');
    const columns = [
      { name: 'labels', values: behavioral.labels },
      { name: 'chunks', values: behavioral.chunks },
    ];
    print(formatDataFrame(columns));
    print();
    print(formatSeries(columns[0] as (typeof columns)[0]));

    // The extra (all 8 categories, leave-one-run-out: 12 folds × 28 one-vs-one SVCs) is the
    // longest step and needs nothing from the face/cat steps: with workers it starts now and runs
    // there while this thread goes through the tutorial; its scores are printed at the end.
    const categories = [...new Set(behavioral.labels)].filter((l) => l !== 'rest').sort();
    const rowsAll = conditionMask(behavioral, categories);
    const yAll = pick(behavioral.labels, rowsAll);
    const groupsAll = Int32Array.from(rowsAll, (r) => behavioral.chunks[r] as number);
    let extraMs = 0;
    const runExtra = () => {
      const start = performance.now();
      const scores = crossValScore(new SVC({ kernel: 'linear' }), takeRows(X, rowsAll), yAll, {
        cv: new LeaveOneGroupOut(),
        groups: groupsAll,
        nJobs,
        signal: extraAbort.signal,
      });
      return scores.then((got) => {
        extraMs = performance.now() - start;
        return Array.from(got);
      });
    };
    let extra: Promise<number[]> | undefined;
    if (background !== undefined) {
      const start = performance.now();
      const request = { X: takeRows(X, rowsAll), y: yAll, groups: groupsAll, nJobs: threads - 1 };
      extra = background.run(request, m.deserializeError).then((scores) => {
        extraMs = performance.now() - start;
        return scores;
      });
    } else if (m.resolveNJobs(nJobs, availableParallelism()) > 1) {
      extra = runExtra(); // from the TypeScript sources: model-selection's worker pool
    }
    extra?.catch(() => {}); // awaited (and its error thrown) at the end
    section('Restrict the analysis to cats and faces');
    const rows = conditionMask(behavioral, FACE_CAT);
    const Xs = takeRows(X, rows);
    const y = pick(behavioral.labels, rows);
    const groups = Int32Array.from(rows, (r) => behavioral.chunks[r] as number);
    print(pyTuple([Xs.rows, Xs.cols]));
    print(pyTuple([y.length]));
    if (Xs.rows === 0) {
      throw new ValidationError(
        `The labels file ${dataset.labels} has no 'face' or 'cat' rows: nothing to decode.`,
      );
    }

    section('Decoding with an SVM');
    const svc = new SVC({ kernel: 'linear' });
    print(String(svc)); // scikit-learn's repr: SVC(kernel='linear')
    progress.start('Fitting the SVC on all face/cat samples');
    svc.fit(Xs, y);
    const prediction = svc.predict(Xs);
    lap('fit');
    print(formatArray({ data: prediction.map(String), shape: [prediction.length] }));
    const trainingAccuracy = accuracy(y, prediction);
    print(pyFloat(trainingAccuracy));
    print('(This accuracy is meaningless: the SVC is scored on the data it was trained on.)');

    section('Measuring prediction scores using cross-validation: leave out the last 30');
    const n = Xs.rows;
    const head = range(0, n - 30);
    const tail = range(Math.max(n - 30, 0), n);
    const holdoutSvc = svc.clone();
    holdoutSvc.fit(takeRows(Xs, head), pick(y, head));
    const holdoutLast30 = accuracy(pick(y, tail), holdoutSvc.predict(takeRows(Xs, tail)));
    print(pyFloat(holdoutLast30));
    lap('holdout');

    section('Implementing a KFold loop');
    const kfoldManual: number[] = [];
    const kfold = new KFold({ nSplits: 5 });
    progress.start('KFold(5) loop');
    const loopSvc = svc.clone();
    let fold = 0;
    for (const { train, test } of kfold.split(Xs)) {
      progress.update(fold, 5, 'folds');
      loopSvc.fit(takeRows(Xs, train), pick(y, train));
      const score = accuracy(pick(y, test), loopSvc.predict(takeRows(Xs, test)));
      kfoldManual.push(score);
      print(pyFloat(score));
      fold++;
    }
    lap('kfoldManual');

    section('Cross-validation with scikit-learn (crossValScore)');
    progress.start('crossValScore(svc, X, y) — StratifiedKFold(5)');
    const cvDefault = Array.from(await crossValScore(svc, Xs, y));
    lap('cvDefault');
    print(formatArray({ data: cvDefault, shape: [cvDefault.length] }));
    progress.start('crossValScore(svc, X, y, { cv: KFold(5) })');
    const cvKFold = Array.from(await crossValScore(svc, Xs, y, { cv: kfold }));
    lap('cvKFold');
    print(formatArray({ data: cvKFold, shape: [cvKFold.length] }));
    progress.start('crossValScore(svc, X, y, { cv: LeaveOneGroupOut(), groups: runs })');
    const logo = new LeaveOneGroupOut();
    const cvLogo = Array.from(await crossValScore(svc, Xs, y, { cv: logo, groups }));
    lap('cvLogo');
    print(formatArray({ data: cvLogo, shape: [cvLogo.length] }));
    const meanLogo = cvLogo.reduce((a, b) => a + b, 0) / cvLogo.length;
    print(`Leave-one-run-out face vs cat accuracy: mean ${meanLogo.toFixed(3)}${tag}`);
    if (synthetic) {
      const [lo, hi] = SYNTHETIC_LOGO_RANGE;
      const inRange = meanLogo >= lo && meanLogo <= hi;
      print(
        `Expected on the full-size synthetic dataset: ${lo.toFixed(2)}–${hi.toFixed(2)} ` +
          `(${inRange ? 'within' : 'OUTSIDE'} the documented range).`,
      );
    }

    section('Inspecting the model weights');
    const coef = svc.coef_ as Matrix2D;
    print(formatArray({ data: coef.data, shape: [coef.rows, coef.cols] }));
    print(pyTuple([coef.rows, coef.cols]));

    section('Turning the weights into a nifti image');
    const coefImg = masker.inverseTransform(coef);
    if (synthetic) coefImg.header.descrip = 'voxelkit-haxby SVC weights (synthetic data)';
    print("<class 'nibabel.nifti1.Nifti1Image'>");
    print(`data shape ${pyTuple(coefImg.shape)}`);
    print('affine:');
    print(formatArray({ data: coefImg.affine.flat(), shape: [4, 4] }));
    print('metadata:');
    print(formatHeader(coefImg.header));
    const out = resolve(options.out ?? 'haxby-output');
    await mkdir(out, { recursive: true });
    const weightsPath = join(out, WEIGHTS_FILE);
    await writeNifti(coefImg, weightsPath);
    print();
    print(`coef_img.to_filename('${WEIGHTS_FILE}') -> ${weightsPath}`);
    lap('weights');

    section('Plotting the SVM weights');
    progress.start('Plotting');
    const { plotRoi, plotStatMap, savefig, viewImg } = await import('@voxelkit/plotting');
    const bgImg = dataset.anat ? await readNifti(dataset.anat) : (masked.meanImg as NiftiImage);
    const bgNote = dataset.anat ? 'the anatomical image' : 'the mean functional image (no anat)';
    const suffix = synthetic ? ' (synthetic data)' : '';
    const plots: string[] = [];
    const flat = flatAxisView(maskImg.shape);
    const roi = plotRoi(maskImg, {
      bgImg,
      title: `ROI: ${basename(dataset.mask)}${suffix}`,
      cmap: 'Paired',
      ...(flat ? { displayMode: flat } : {}),
    });
    const weights = plotStatMap(coefImg, {
      bgImg,
      title: `SVM weights${suffix}`,
      displayMode: flat ?? 'yx',
    });
    for (const [fig, name] of [
      [roi, 'roi'],
      [weights, 'svm_weights'],
    ] as const) {
      for (const ext of ['png', 'svg']) {
        const path = join(out, `${name}.${ext}`);
        await savefig(fig, path);
        plots.push(path);
      }
    }
    // The interactive view (niivue inlined: ~10 MB more) is built once the extra's worker has
    // ended, so that the two never add up in the peak RSS; the static plots overlap with it.
    if (background !== undefined && extra !== undefined) {
      await extra.catch(() => {});
      await background.close();
    }
    // nilearn: view_img(coef_img, bg_img=...).save_as_html(...) — the interactive niivue view.
    const view = await viewImg(coefImg, { bgImg, title: `SVM weights${suffix}` });
    const htmlPath = join(out, 'svm_weights.html');
    await writeFile(htmlPath, view.html);
    plots.push(htmlPath);
    lap('plots');
    print(`Background: ${bgNote}`);
    if (flat)
      print(`The image is a single slice: plotted in display mode '${flat}' instead of 'yx'.`);
    for (const p of plots) print(`Saved ${p}`);

    section('Extra: all 8 categories, leave-one-run-out');
    progress.start(
      `crossValScore on ${categories.length} categories, LeaveOneGroupOut` +
        (background !== undefined ? ' (on a worker thread)' : ''),
    );
    const multiclassLogo = await (extra ?? runExtra());
    lap('multiclassLogo');
    timings.multiclassLogoRun = Math.round(extraMs * 10) / 10;
    print(
      `Categories (${categories.length}): ${categories.join(', ')}; samples ${pyTuple([rowsAll.length, X.cols])}`,
    );
    print(formatArray({ data: multiclassLogo, shape: [multiclassLogo.length] }));
    const meanMulti =
      multiclassLogo.reduce((a, b) => a + b, 0) / Math.max(multiclassLogo.length, 1);
    print(
      `Mean accuracy ${meanMulti.toFixed(3)} (chance ${(1 / Math.max(categories.length, 1)).toFixed(3)})${tag}`,
    );
    progress.clear();

    return {
      dataset,
      maskedShape: [masked.rows, masked.cols],
      selectedShape: [Xs.rows, Xs.cols],
      labelCounts: m.labelCounts(behavioral),
      classes: (svc.classes_ as Label[]).map(String),
      trainingAccuracy,
      holdoutLast30,
      kfoldManual,
      cvDefault,
      cvKFold,
      cvLogo,
      multiclassLogo,
      svc: {
        coef: Array.from(coef.data),
        intercept: (svc.intercept_ as Float64Array)[0] as number,
        nSupport: Array.from(svc.nSupport_ as Int32Array),
        support: Array.from(svc.support_ as Int32Array),
      },
      weights: { path: weightsPath, shape: [...coefImg.shape] },
      plots,
      timingsMs: timings,
    };
  } finally {
    extraAbort.abort(); // a no-op once the extra has finished; stops its workers on an error
    await background?.close();
  }
}
