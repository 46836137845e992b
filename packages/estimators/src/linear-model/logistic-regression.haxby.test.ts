/**
 * Acceptance on real data: Haxby 2001 subject 1, one axial slice (../shared/data/haxby-slice),
 * X from test/haxby-zscored.ts, as svc.haxby.test.ts (mask voxels in C order, z-scored over all volumes).
 * Expected numbers: scikit-learn 1.2.1 (logistic-regression.golden.py haxby): leave-one-run-out
 * scores at the default tolerance, and weights of fits converged to tol 1e-10 (L2) / 1e-8 (L1).
 */
import { readFileSync } from 'node:fs';
import { type Label, type Matrix2D, takeRows } from '@voxelkit/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { available, type Haxby, loadHaxby, select } from '../../test/haxby-zscored.js';
import { LinearSVC } from '../svm/linear-svc.js';
import { LogisticRegression } from './logistic-regression.js';

const golden = JSON.parse(
  readFileSync(new URL('./logistic-regression.haxby.golden.json', import.meta.url), 'utf8'),
) as Record<string, number[]>;

function logo(
  make: () => { fit(X: Matrix2D, y: Label[]): { score(X: Matrix2D, y: Label[]): number } },
  s: ReturnType<typeof select>,
): number[] {
  const runs = [...new Set(s.groups)].sort((a, b) => a - b);
  return runs.map((run) => {
    const train = s.groups.flatMap((g, i) => (g !== run ? [i] : []));
    const test = s.groups.flatMap((g, i) => (g === run ? [i] : []));
    const est = make().fit(
      takeRows(s.X, train),
      train.map((i) => s.y[i] as string),
    );
    return est.score(
      takeRows(s.X, test),
      test.map((i) => s.y[i] as string),
    );
  });
}

const makers = {
  lr_l2: (tol = 1e-4, maxIter = 100) => new LogisticRegression({ tol, maxIter }),
  lr_l1: (tol = 1e-4, maxIter = 100) => new LogisticRegression({ penalty: 'l1', tol, maxIter }),
  svc_l1: (tol = 1e-4, maxIter = 1000) =>
    new LinearSVC({ penalty: 'l1', dual: false, tol, maxIter }),
};

describe.skipIf(!available)(
  'liblinear estimators on Haxby 2001 (real data) equal scikit-learn',
  () => {
    let h: Haxby;
    beforeAll(async () => {
      h = await loadHaxby();
    });
    for (const [name, make] of Object.entries(makers)) {
      it(`${name}: face vs cat leave-one-run-out scores and converged weights`, () => {
        const fc = select(h, (l) => l === 'face' || l === 'cat');
        const scores = logo(() => make(), fc);
        const expected = golden[`${name}_fc_logo`] as number[];
        // The L1 solvers draw their coordinate order from liblinear's generator seeded as
        // scikit-learn seeds it (randomState 0 on both sides), so even the folds stopped at the
        // default tolerance are scikit-learn's; L2 (TRON) is deterministic.
        const slack = 1e-12;
        for (let f = 0; f < expected.length; f++) {
          expect(Math.abs((scores[f] as number) - (expected[f] as number))).toBeLessThanOrEqual(
            slack,
          );
        }
        const tight = make(name === 'lr_l2' ? 1e-10 : 1e-8, 100000).fit(fc.X, fc.y);
        const coef = golden[`${name}_fc_coef`] as number[];
        const scale = Math.max(...coef.map(Math.abs));
        const w = (tight.coef_ as Matrix2D).data;
        let worst = 0;
        for (let j = 0; j < coef.length; j++)
          worst = Math.max(worst, Math.abs((w[j] as number) - (coef[j] as number)));
        // scikit-learn's L1 logistic fit at tol 1e-8 is converged to ~1e-5 of the largest weight
        // (not 1e-6; a tighter tol takes minutes there), so that case is held to 2e-5.
        expect(worst).toBeLessThanOrEqual((name === 'lr_l1' ? 2e-5 : 1e-6) * scale);
      }, 120000);
    }
    it('lr_l2: 8 categories leave-one-run-out scores', () => {
      const all = select(h, (l) => l !== 'rest');
      const scores = logo(() => makers.lr_l2(), all);
      const expected = golden.lr_l2_8_logo as number[];
      for (let f = 0; f < expected.length; f++)
        expect(scores[f]).toBeCloseTo(expected[f] as number, 12);
    }, 120000);
  },
);
