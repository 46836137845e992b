/**
 * Decoder / DecoderRegressor on a small generated image (no data files): the async conformance
 * suite, invariants (binary weights stored per class as nilearn, one-vs-rest shapes, predictions
 * from the averaged model) and every documented bad-input error.
 */
import {
  type Label,
  type Matrix2D,
  NotFittedError,
  RandomState,
  setWarningHandler,
  ValidationError,
  type WarningHandler,
} from '@voxelkit/core';
import { checkEstimator } from '@voxelkit/core/testing';
import { LinearSVC } from '@voxelkit/estimators';
import { NiftiMasker } from '@voxelkit/masking';
import { KFold, StratifiedKFold } from '@voxelkit/model-selection';
import { NiftiImage } from '@voxelkit/nifti-io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decoder, DecoderRegressor } from './decoder.js';
import { DecoderWarning } from './screening.js';

const affine = [
  [3, 0, 0, 0],
  [0, 3, 0, 0],
  [0, 0, 3, 0],
  [0, 0, 0, 1],
];
const shape = [5, 4, 2] as const;
const nVox = 5 * 4 * 2;

/** n scans; voxels 0-5 carry +1 for 'face', voxels 6-11 +1 for 'house', noise N(0, 1). */
function makeImage(labels: Label[], seed: number): NiftiImage {
  const rng = new RandomState(seed);
  const data = new Float32Array(nVox * labels.length);
  labels.forEach((l, t) => {
    for (let v = 0; v < nVox; v++) {
      let s = rng.standardNormal();
      if (l === 'face' && v < 6) s += 1.5;
      if (l === 'house' && v >= 6 && v < 12) s += 1.5;
      data[t * nVox + v] = s;
    }
  });
  return NiftiImage.fromArray(data, [...shape, labels.length], affine);
}

const y2: Label[] = Array.from({ length: 40 }, (_, i) => (i % 2 ? 'face' : 'cat'));
const y3: Label[] = Array.from(
  { length: 45 },
  (_, i) => (['cat', 'face', 'house'] as const)[i % 3],
);
const runs = Array.from({ length: 40 }, (_, i) => Math.floor(i / 10));
const img2 = makeImage(y2, 0);
const img3 = makeImage(y3, 1);
const mask = NiftiImage.fromArray(new Uint8Array(nVox).fill(1), [...shape], affine);
const otherGrid = NiftiImage.fromArray(new Float32Array(4 * 4 * 2 * 3), [4, 4, 2, 3], affine);

let warnings: unknown[] = [];
let previous: WarningHandler;
beforeAll(() => {
  previous = setWarningHandler((w) => warnings.push(w));
});
afterAll(() => setWarningHandler(previous));

describe('Decoder on a generated image', () => {
  it('binary: nilearn stores the classes_[1]-vs-classes_[0] weights under classes_[0], negated under classes_[1]', async () => {
    const dec = new Decoder({ estimator: 'svc', mask, cv: 4 });
    await dec.fit(img2, y2);
    expect(dec.classes_).toEqual(['cat', 'face']);
    expect(dec.coef_?.rows).toBe(1);
    expect(dec.intercept_?.length).toBe(1);
    const cat = dec.coefImg_?.cat as NiftiImage;
    const face = dec.coefImg_?.face as NiftiImage;
    const a = cat.getFData();
    const b = face.getFData();
    const fromCoef = dec.masker_?.inverseTransform((dec.coef_ as Matrix2D).data).getFData() ?? [];
    for (let v = 0; v < nVox; v++) {
      expect(a[v]).toBeCloseTo(fromCoef[v] as number, 6);
      expect(b[v]).toBeCloseTo(-(a[v] as number), 6);
    }
    // The planted face voxels (file order) carry positive weights (positive = 'face').
    for (let v = 0; v < 6; v++) expect(a[v] as number).toBeGreaterThan(0);
    expect(dec.cvScores_?.face).toEqual(dec.cvScores_?.cat);
    expect(dec.cvScores_?.face?.length).toBe(4);
    expect(dec.cvParams_?.face?.C?.length).toBe(4);
    const pred = await dec.predict(img2);
    const d = (await dec.decisionFunction(img2)) as Float64Array;
    pred.forEach((p, i) => {
      expect(p).toBe((d[i] as number) > 0 ? 'face' : 'cat');
    });
    expect(await dec.score(img2, y2)).toBeGreaterThan(0.8); // roc_auc on the training scans
  });

  it('groups with an integer cv: LeaveOneGroupOut, with a DecoderWarning', async () => {
    warnings = [];
    const dec = new Decoder({ estimator: 'ridge_classifier', mask });
    await dec.fit(img2, y2, { groups: runs });
    expect(dec.cv_?.length).toBe(4);
    expect(Array.from(dec.cv_?.[0]?.test ?? [])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(
      warnings.some(
        (w) => w instanceof DecoderWarning && /LeaveOneGroupOut/.test(String((w as Error).message)),
      ),
    ).toBe(true);
    expect(dec.cvParams_?.face?.bestAlpha?.length).toBe(4);
  });

  it('three classes: one-vs-rest, one row per class, argmax predictions', async () => {
    const dec = new Decoder({
      estimator: 'logistic',
      mask,
      cv: new StratifiedKFold({ nSplits: 3 }),
      scoring: 'accuracy',
    });
    await dec.fit(img3, y3);
    expect(dec.coef_?.rows).toBe(3);
    expect(Object.keys(dec.cvScores_ ?? {})).toEqual(['cat', 'face', 'house']);
    expect(dec.cvParams_?.house?.bestC?.length).toBe(3);
    const pred = await dec.predict(img3);
    const acc = pred.filter((p, i) => p === y3[i]).length / y3.length;
    expect(acc).toBeGreaterThan(0.7);
  });

  it('an estimator instance with its own paramGrid; an already-masked matrix for predict', async () => {
    const dec = new Decoder({
      estimator: new LinearSVC({ randomState: 0 }),
      mask,
      cv: 4,
      paramGrid: { C: [0.1, 1] },
    });
    await dec.fit(img2, y2);
    expect(dec.cvParams_?.face?.C?.every((c) => c === 0.1 || c === 1)).toBe(true);
    const m = await new NiftiMasker({ maskImg: mask, standardize: true }).fitTransform(img2);
    const X = { data: Float64Array.from(m.data), rows: m.rows, cols: m.cols };
    expect(await dec.predict(X)).toEqual(await dec.predict(img2));
  });

  it('DecoderRegressor: KFold(10) by default, keyed beta', async () => {
    const target = y2.map((l, i) => (l === 'face' ? 1 : 0) + 0.01 * i);
    const reg = new DecoderRegressor({ estimator: 'ridge', mask });
    await reg.fit(img2, target);
    expect(reg.classes_).toEqual(['beta']);
    expect(reg.cvScores_?.beta?.length).toBe(10);
    expect(Array.from(reg.cv_?.[0]?.test ?? [])).toEqual([0, 1, 2, 3]);
    const p = await reg.predict(img2);
    expect(p).toBeInstanceOf(Float64Array);
    expect(await reg.score(img2, target)).toBeGreaterThan(0.5);
  });
});

describe('Decoder bad input', () => {
  const cases: [string, () => Promise<unknown>, RegExp][] = [
    [
      'y of the wrong length',
      () => new Decoder({ mask, cv: 4 }).fit(img2, y2.slice(1)),
      /y has 39 entries but the images have 40 scans/,
    ],
    [
      'one class',
      () =>
        new Decoder({ mask, cv: 4 }).fit(
          img2,
          y2.map(() => 'cat'),
        ),
      /at least 2 classes/,
    ],
    [
      'an unknown estimator name',
      () => new Decoder({ mask, estimator: 'svm' }).fit(img2, y2),
      /Invalid estimator "svm"/,
    ],
    [
      'a regressor name on Decoder',
      () => new Decoder({ mask, estimator: 'ridge' }).fit(img2, y2),
      /is a regressor/,
    ],
    [
      'a grid parameter the estimator lacks',
      () => new Decoder({ mask, cv: 4, paramGrid: { gamma: [1] } }).fit(img2, y2),
      /paramGrid names "gamma"/,
    ],
    [
      'screeningPercentile > 100',
      () => new Decoder({ mask, cv: 4, screeningPercentile: 120 }).fit(img2, y2),
      /\[0, 100\]/,
    ],
    [
      'groups of the wrong length',
      () => new Decoder({ mask }).fit(img2, y2, { groups: [1, 2] }),
      /groups has 2 entries/,
    ],
    [
      'non-numeric regression targets',
      () => new DecoderRegressor({ mask, cv: 4 }).fit(img2, y2),
      /finite numeric targets/,
    ],
    ['nJobs 0', () => new Decoder({ mask, nJobs: 0 }).fit(img2, y2), /nJobs/],
  ];
  for (const [what, run, message] of cases) {
    it(`rejects ${what} with a ValidationError`, async () => {
      await expect(run()).rejects.toThrow(ValidationError);
      await expect(run()).rejects.toThrow(message);
    });
  }
  it('a failed refit leaves nothing of the earlier fit looking fitted', async () => {
    const dec = new Decoder({ mask, cv: 4 });
    await dec.fit(img2, y2);
    expect(dec.coef_).toBeDefined();
    await expect(dec.fit(img2, y2.slice(2))).rejects.toThrow(ValidationError);
    expect(dec.coef_).toBeUndefined();
    expect(dec.masker_).toBeUndefined();
    await expect(dec.predict(img2)).rejects.toThrow(NotFittedError);
  });
  it('images on another grid at predict', async () => {
    const dec = new Decoder({ mask, cv: 4 });
    await dec.fit(img2, y2);
    await expect(dec.predict(otherGrid)).rejects.toThrow(ValidationError);
  });
});

checkEstimator(
  () => new Decoder({ mask, cv: new KFold({ nSplits: 3 }), estimator: 'ridge_classifier' }),
  {
    name: 'Decoder (async)',
    data: {
      X: img2,
      y: y2 as string[],
      otherFeatures: otherGrid,
      invalidFit: [{ what: 'y one label short', X: img2, y: y2.slice(1) }],
      invalidUse: [{ what: 'an image on another grid', X: otherGrid }],
    },
  },
);
checkEstimator(() => new DecoderRegressor({ mask, cv: 3, estimator: 'ridge' }), {
  name: 'DecoderRegressor (async)',
  kind: 'regressor',
  data: {
    X: img2,
    y: y2.map((l, i) => (l === 'face' ? 1 : 0) + 0.01 * i),
    otherFeatures: otherGrid,
    invalidFit: [{ what: 'y one target short', X: img2, y: y2.slice(1).map(() => 1) }],
    invalidUse: [{ what: 'an image on another grid', X: otherGrid }],
  },
});
