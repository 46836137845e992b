/**
 * Acceptance on REAL data (issue 5): Haxby 2001 subject 1, one slice, face vs cat (216 × 530),
 * SVC(kernel='linear', C=1). Golden scores from the nilearn decoding tutorial run with nilearn +
 * scikit-learn 1.2 on the same slice (../shared/data/haxby-slice/README.md), 4 decimals.
 */

import { readFileSync } from 'node:fs';
import { takeRows } from '@voxelkit/core';
import { SVC } from '@voxelkit/estimators';
import { beforeAll, describe, expect, it } from 'vitest';
import { type FaceCat, haxbyAvailable, loadFaceCat } from '../test/haxby-slice.js';
import { crossValScore } from './cross-validation.js';
import { permutationTestScore } from './permutation-test.js';
import { KFold } from './splitters/k-fold.js';
import { LeaveOneGroupOut } from './splitters/leave-one-group-out.js';
import { StratifiedKFold } from './splitters/stratified-k-fold.js';

interface PermutationGolden {
  score: number;
  permutationScores: number[];
  pvalue: number;
}

// scikit-learn 1.2.1 permutation_test_score on the same X
// (test/fixtures/make-sklearn-haxby-permutation.py, nibabel + numpy, no nilearn needed).
const permutationGolden: Record<string, PermutationGolden> = JSON.parse(
  readFileSync(new URL('../test/fixtures/sklearn-haxby-permutation.json', import.meta.url), 'utf8'),
);

function expectPermutationGolden(
  r: { score: number; permutationScores: Float64Array; pvalue: number },
  golden: PermutationGolden,
): void {
  expect(r.score).toBeCloseTo(golden.score, 10);
  expect(r.permutationScores.length).toBe(golden.permutationScores.length);
  for (let i = 0; i < golden.permutationScores.length; i++) {
    expect(r.permutationScores[i]).toBeCloseTo(golden.permutationScores[i] as number, 10);
  }
  expect(r.pvalue).toBe(golden.pvalue);
}

function expectGolden(scores: Float64Array, golden: number[]): void {
  expect(scores.length).toBe(golden.length);
  for (let i = 0; i < golden.length; i++) expect(scores[i]).toBeCloseTo(golden[i] as number, 4);
}

describe.skipIf(!haxbyAvailable)(
  'cross-validation on Haxby 2001 face vs cat equals nilearn + sklearn',
  () => {
    let data: FaceCat;
    beforeAll(async () => {
      data = await loadFaceCat();
    });

    it('has the tutorial’s 216 × 530 face/cat matrix', () => {
      expect([data.X.rows, data.X.cols]).toEqual([216, 530]);
      expect(new Set(data.chunks).size).toBe(12);
    });

    it('KFold(5): manual loop and crossValScore', async () => {
      const golden = [0.7955, 0.4419, 0.7907, 0.5581, 0.6977];
      const cv = new KFold({ nSplits: 5 });
      const manual: number[] = [];
      for (const { train, test } of cv.split(data.X)) {
        const svc = new SVC({ kernel: 'linear' });
        svc.fit(
          takeRows(data.X, train),
          Array.from(train, (i) => data.y[i] as string),
        );
        manual.push(
          svc.score(
            takeRows(data.X, test),
            Array.from(test, (i) => data.y[i] as string),
          ),
        );
      }
      expectGolden(Float64Array.from(manual), golden);
      expectGolden(
        await crossValScore(new SVC({ kernel: 'linear' }), data.X, data.y, { cv }),
        golden,
      );
    });

    it('default cv (StratifiedKFold(5))', async () => {
      expectGolden(
        await crossValScore(new SVC({ kernel: 'linear' }), data.X, data.y),
        [0.6591, 0.7907, 0.7907, 0.6512, 0.6744],
      );
    });

    it('LeaveOneGroupOut with the chunks, serial and on 2 worker threads', async () => {
      const golden = [
        0.8889, 0.6111, 0.8333, 0.7778, 0.5556, 1.0, 0.5556, 0.8333, 0.5556, 0.6667, 0.6667, 0.9444,
      ];
      const options = { cv: new LeaveOneGroupOut(), groups: data.chunks };
      const serial = await crossValScore(new SVC({ kernel: 'linear' }), data.X, data.y, options);
      expectGolden(serial, golden);
      const mean = serial.reduce((a, b) => a + b, 0) / serial.length;
      expect(mean).toBeCloseTo(0.7407, 4);
      const parallel = await crossValScore(new SVC({ kernel: 'linear' }), data.X, data.y, {
        ...options,
        nJobs: 2,
      });
      expect(parallel).toEqual(serial);
    });

    it('permutationTestScore equals scikit-learn (LOGO within chunks; StratifiedKFold, roc_auc)', async () => {
      expectPermutationGolden(
        await permutationTestScore(new SVC({ kernel: 'linear' }), data.X, data.y, {
          cv: new LeaveOneGroupOut(),
          groups: data.chunks,
          nPermutations: 6,
          randomState: 0,
          nJobs: 2,
        }),
        permutationGolden.logo as PermutationGolden,
      );
      expectPermutationGolden(
        await permutationTestScore(new SVC({ kernel: 'linear' }), data.X, data.y, {
          cv: new StratifiedKFold({ nSplits: 4 }),
          nPermutations: 4,
          randomState: 11,
          scoring: 'roc_auc',
        }),
        permutationGolden['skf4-rocauc'] as PermutationGolden,
      );
    });
  },
);
