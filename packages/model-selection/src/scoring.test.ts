import { ValidationError } from '@voxelkit/core';
import { DummyClassifier, SVC } from '@voxelkit/estimators';
import { getScorer, SCORER_NAMES } from '@voxelkit/metrics';
import { describe, expect, it } from 'vitest';
import { sklearnCv } from '../test/sklearn-cv.js';

const { X, y } = sklearnCv;
const Xm = { data: Float64Array.from(X.flat()), rows: X.length, cols: 4 };

describe('getScorer', () => {
  const svc = new SVC({ kernel: 'linear' }).fit(Xm, y);
  const pred = svc.predict(Xm);
  const tp = pred.filter((p, i) => p === 'face' && y[i] === 'face').length;
  const fp = pred.filter((p, i) => p === 'face' && y[i] === 'cat').length;
  const fn = pred.filter((p, i) => p === 'cat' && y[i] === 'face').length;

  it('knows scikit-learn’s names', () => {
    for (const name of [
      'accuracy',
      'balanced_accuracy',
      'roc_auc',
      'f1',
      'precision',
      'recall',
      'r2',
      'f1_macro',
    ]) {
      expect(SCORER_NAMES).toContain(name);
    }
  });

  it('accuracy equals the estimator’s score; default scoring is score()', () => {
    expect(getScorer('accuracy')(svc, Xm, y)).toBe(svc.score(Xm, y));
    expect(getScorer(undefined)(svc, Xm, y)).toBe(svc.score(Xm, y));
  });

  it('binary precision / recall / f1 take face (classes_[1]) as positive for string labels', () => {
    expect(getScorer('precision')(svc, Xm, y)).toBeCloseTo(tp / (tp + fp), 15);
    expect(getScorer('recall')(svc, Xm, y)).toBeCloseTo(tp / (tp + fn), 15);
    expect(getScorer('f1')(svc, Xm, y)).toBeCloseTo((2 * tp) / (2 * tp + fp + fn), 15);
  });

  it('roc_auc ranks the decision function (face positive)', () => {
    const scores = svc.decisionFunction(Xm) as Float64Array;
    let pairs = 0;
    let wins = 0;
    for (let i = 0; i < y.length; i++) {
      for (let j = 0; j < y.length; j++) {
        if (y[i] === 'face' && y[j] === 'cat') {
          pairs++;
          wins +=
            (scores[i] as number) > (scores[j] as number) ? 1 : scores[i] === scores[j] ? 0.5 : 0;
        }
      }
    }
    expect(getScorer('roc_auc')(svc, Xm, y)).toBeCloseTo(wins / pairs, 12);
    // Without decisionFunction, predictProba is used: a constant prior gives 0.5.
    const dummy = new DummyClassifier().fit(Xm, y);
    expect(getScorer('roc_auc')(dummy, Xm, y)).toBe(0.5);
  });

  it('passes functions through and rejects unknown names', () => {
    const f = () => 0.25;
    expect(getScorer(f)).toBe(f);
    expect(() => getScorer('accurasy')).toThrow(ValidationError);
    expect(() => getScorer('accurasy')).toThrow(/Use one of accuracy, balanced_accuracy/);
    expect(() => getScorer('toString')).toThrow(ValidationError);
    expect(() => getScorer('r2')(svc, Xm, y)).toThrow(/numeric/);
  });
});
