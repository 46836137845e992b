/**
 * nilearn's Haxby decoding tutorial in the page, step by step as `voxelkit-haxby` runs it
 * (`apps/haxby-decoding`'s `runTutorial`), on images held in memory or in `Blob`s, reporting
 * each step's progress and returning the CLI's `--json` report plus the images to show.
 *
 * @module
 */
import { type Label, type Matrix2D, takeRows, ValidationError } from '@voxelkit/core';
import { SVC } from '@voxelkit/estimators';
import type { TutorialReport } from '@voxelkit/haxby-decoding/report';
import { NiftiMasker } from '@voxelkit/masking';
import { accuracyScore } from '@voxelkit/metrics';
import { crossValScore, KFold, LeaveOneGroupOut } from '@voxelkit/model-selection';
import type { NiftiImage } from '@voxelkit/nifti-io';
import { type Behavioral, conditionMask, labelCounts } from './labels.js';
import { nextFrame } from './synthetic.js';

/** The inputs of a run: the 4-D series as a Blob (a dropped file or the synthetic one). */
export interface WebDataset {
  source: 'synthetic' | 'local';
  func: Blob;
  funcName: string;
  mask: NiftiImage;
  maskName: string;
  labels: Behavioral;
  labelsName: string;
  anat?: NiftiImage;
  anatName?: string;
}

/** The steps of a run, in order, with the label the page shows for each. */
export const STEPS = [
  ['mask', 'Masking and standardizing (NiftiMasker)'],
  ['fit', 'Fitting the linear SVC on face/cat'],
  ['holdout', 'Hold-out: leave out the last 30'],
  ['kfoldManual', 'KFold(5) loop'],
  ['cvDefault', 'crossValScore — StratifiedKFold(5)'],
  ['cvKFold', 'crossValScore — KFold(5)'],
  ['cvLogo', 'crossValScore — LeaveOneGroupOut'],
  ['weights', 'Weights back to a NIfTI image'],
  ['multiclassLogo', 'All 8 categories, LeaveOneGroupOut'],
] as const;

/** One of {@link STEPS}' ids. */
export type StepId = (typeof STEPS)[number][0];

/** Progress of a step: `done` of `total` (total 0: started, size unknown). */
export type StepListener = (step: StepId, done: number, total: number) => void;

/** Options of {@link runWebTutorial}. */
export interface WebTutorialOptions {
  /** Web Workers for the cross-validations (default 2; 1 keeps them on the page's thread). */
  nJobs?: number;
  onStep?: StepListener;
}

/** What a run returns: the CLI's report and the images the page shows and offers. */
export interface WebTutorialResult {
  report: TutorialReport;
  coefImg: NiftiImage;
  bgImg: NiftiImage;
  maskImg: NiftiImage;
}

const FACE_CAT = ['face', 'cat'];

function pick<T>(values: readonly T[], rows: ArrayLike<number>): T[] {
  return Array.from(rows, (r) => values[r] as T);
}

function range(start: number, end: number): Int32Array {
  const out = new Int32Array(Math.max(end - start, 0));
  for (let i = 0; i < out.length; i++) out[i] = start + i;
  return out;
}

/**
 * Runs the tutorial on `dataset`: mask and standardize, keep face and cat, fit a linear SVC,
 * score it the tutorial's ways (the same numbers as `voxelkit-haxby --json` on the same data),
 * put the weights back into an image, then the 8-category leave-one-run-out decoding.
 *
 * @throws ValidationError for a mask that does not fit the series, labels whose row count
 *   differs from the scan count, or labels without face/cat rows; NiftiError for a bad series.
 */
export async function runWebTutorial(
  dataset: WebDataset,
  options: WebTutorialOptions = {},
): Promise<WebTutorialResult> {
  const nJobs = options.nJobs ?? 2;
  const onStep = options.onStep ?? (() => {});
  const timings: Record<string, number> = {};
  let t0 = performance.now();
  const begin = async (step: StepId, total = 0) => {
    onStep(step, 0, total);
    await nextFrame();
    t0 = performance.now();
  };
  const end = (step: StepId, total = 1) => {
    timings[step] = Math.round((performance.now() - t0) * 10) / 10;
    onStep(step, total, total);
  };

  const maskImg = dataset.mask;
  const behavioral = dataset.labels;
  await begin('mask');
  const masker = new NiftiMasker({ maskImg, standardize: true });
  const url = URL.createObjectURL(dataset.func);
  let masked: Awaited<ReturnType<typeof masker.fitTransform>> & { meanImg?: NiftiImage };
  try {
    masked = await masker.fitTransform(new URL(url), { meanImg: !dataset.anat });
  } catch (error) {
    if (error instanceof ValidationError && /^The mask has (shape|affine)/.test(error.message)) {
      throw new ValidationError(
        `The mask ${dataset.maskName} (${maskImg.shape.join('×')}) does not fit the functional ` +
          `image ${dataset.funcName}: ${error.message.replace(/^The mask/, 'it')} ` +
          'Choose the mask that belongs to this bold.nii.gz.',
      );
    }
    throw error;
  } finally {
    URL.revokeObjectURL(url);
  }
  const nScans = masked.rows;
  if (behavioral.labels.length !== nScans) {
    throw new ValidationError(
      `The labels file ${dataset.labelsName} has ${behavioral.labels.length} rows but the ` +
        `functional image ${dataset.funcName} has ${nScans} scans: they must match one to one. ` +
        'Use the labels.txt that belongs to this bold.nii.gz.',
    );
  }
  end('mask');
  const X = masked;

  const rows = conditionMask(behavioral, FACE_CAT);
  if (rows.length === 0) {
    throw new ValidationError(
      `The labels file ${dataset.labelsName} has no 'face' or 'cat' rows: nothing to decode.`,
    );
  }
  const Xs = takeRows(X, rows);
  const y = pick(behavioral.labels, rows);
  const groups = Int32Array.from(rows, (r) => behavioral.chunks[r] as number);

  await begin('fit');
  const svc = new SVC({ kernel: 'linear' });
  svc.fit(Xs, y);
  const trainingAccuracy = accuracyScore(y, svc.predict(Xs));
  end('fit');

  await begin('holdout');
  const n = Xs.rows;
  const head = range(0, n - 30);
  const tail = range(Math.max(n - 30, 0), n);
  const holdoutSvc = svc.clone();
  holdoutSvc.fit(takeRows(Xs, head), pick(y, head));
  const holdoutLast30 = accuracyScore(pick(y, tail), holdoutSvc.predict(takeRows(Xs, tail)));
  end('holdout');

  await begin('kfoldManual', 5);
  const kfoldManual: number[] = [];
  const kfold = new KFold({ nSplits: 5 });
  const loopSvc = svc.clone();
  for (const { train, test } of kfold.split(Xs)) {
    loopSvc.fit(takeRows(Xs, train), pick(y, train));
    kfoldManual.push(accuracyScore(pick(y, test), loopSvc.predict(takeRows(Xs, test))));
    onStep('kfoldManual', kfoldManual.length, 5);
    await nextFrame();
  }
  end('kfoldManual', 5);

  await begin('cvDefault');
  const cvDefault = Array.from(await crossValScore(svc, Xs, y, { nJobs }));
  end('cvDefault');
  await begin('cvKFold');
  const cvKFold = Array.from(await crossValScore(svc, Xs, y, { cv: kfold, nJobs }));
  end('cvKFold');
  await begin('cvLogo');
  const logo = new LeaveOneGroupOut();
  const cvLogo = Array.from(await crossValScore(svc, Xs, y, { cv: logo, groups, nJobs }));
  end('cvLogo');

  await begin('weights');
  const coef = svc.coef_ as Matrix2D;
  const coefImg = masker.inverseTransform(coef);
  if (dataset.source === 'synthetic') {
    coefImg.header.descrip = 'voxelkit-haxby SVC weights (synthetic data)';
  }
  end('weights');

  await begin('multiclassLogo');
  const categories = [...new Set(behavioral.labels)].filter((l) => l !== 'rest').sort();
  const rowsAll = conditionMask(behavioral, categories);
  const yAll = pick(behavioral.labels, rowsAll);
  const groupsAll = Int32Array.from(rowsAll, (r) => behavioral.chunks[r] as number);
  const multiclassLogo = Array.from(
    await crossValScore(new SVC({ kernel: 'linear' }), takeRows(X, rowsAll), yAll, {
      cv: logo,
      groups: groupsAll,
      nJobs,
    }),
  );
  end('multiclassLogo');

  const bgImg = dataset.anat ?? (masked.meanImg as NiftiImage);
  const report: TutorialReport = {
    dataset: {
      source: dataset.source,
      func: dataset.funcName,
      mask: dataset.maskName,
      labels: dataset.labelsName,
      anat: dataset.anatName ?? null,
    },
    maskedShape: [masked.rows, masked.cols],
    selectedShape: [Xs.rows, Xs.cols],
    labelCounts: labelCounts(behavioral),
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
    weights: { path: 'haxby_svc_weights.nii.gz', shape: [...coefImg.shape] },
    plots: ['roi', 'svm_weights'],
    timingsMs: timings,
  };
  return { report, coefImg, bgImg, maskImg };
}
