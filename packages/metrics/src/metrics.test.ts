import { setWarningHandler, ValidationError, VoxelkitWarning } from '@voxelkit/core';
import { describe, expect, it } from 'vitest';
import { accuracyScore } from './accuracy.js';
import { balancedAccuracyScore } from './balanced-accuracy.js';
import { confusionMatrix } from './confusion-matrix.js';
import { MetricWarning } from './metric-warning.js';
import { f1Score, precisionScore, recallScore } from './precision-recall-f1.js';
import { r2Score } from './r2.js';
import { rocAucScore } from './roc-auc.js';

// Golden values from scikit-learn 1.2 (/usr/bin/python3, sklearn.metrics) on these exact arrays.
const yt = ['a', 'b', 'c', 'a', 'b', 'c', 'a', 'a', 'c', 'b'];
const yp = ['a', 'c', 'c', 'a', 'b', 'b', 'b', 'a', 'c', 'c'];
const bt = [0, 1, 1, 0, 1, 0, 0, 1];
const bp = [0, 1, 0, 0, 1, 1, 0, 1];

describe('accuracyScore', () => {
  it('counts exact matches', () => {
    expect(accuracyScore(yt, yp)).toBeCloseTo(0.6, 15);
    expect(accuracyScore(yt, yp, { normalize: false })).toBe(6);
  });
  it('rejects mismatched or empty input', () => {
    expect(() => accuracyScore(['a'], ['a', 'b'])).toThrow(ValidationError);
    expect(() => accuracyScore([], [])).toThrow(ValidationError);
    expect(() => accuracyScore([Number.NaN], [1])).toThrow(ValidationError);
  });
});

describe('confusionMatrix', () => {
  it('matches sklearn', () => {
    const C = confusionMatrix(yt, yp);
    expect(C.labels).toEqual(['a', 'b', 'c']);
    expect(Array.from(C.data)).toEqual([3, 1, 0, 0, 1, 2, 0, 1, 2]);
  });
  it('honours labels order and ignores others', () => {
    const C = confusionMatrix(yt, yp, { labels: ['c', 'a'] });
    expect(Array.from(C.data)).toEqual([2, 0, 0, 3]);
    expect(() => confusionMatrix(yt, yp, { labels: ['a', 'a'] })).toThrow(ValidationError);
  });
});

describe('balancedAccuracyScore', () => {
  it('matches sklearn', () => {
    expect(balancedAccuracyScore(yt, yp)).toBeCloseTo(0.5833333333333334, 14);
  });
  it('warns with a MetricWarning when yPred has classes yTrue lacks (sklearn: 0.75)', () => {
    const seen: unknown[] = [];
    const previous = setWarningHandler((w) => seen.push(w));
    try {
      expect(balancedAccuracyScore(['a', 'a', 'b'], ['a', 'c', 'b'])).toBeCloseTo(0.75, 15);
    } finally {
      setWarningHandler(previous);
    }
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(MetricWarning);
    expect(seen[0]).toBeInstanceOf(VoxelkitWarning);
  });
});

describe('precision / recall / f1', () => {
  it('multiclass averages match sklearn', () => {
    const golden = {
      macro: [0.611111111111111, 0.5833333333333334, 0.5873015873015873],
      micro: [0.6, 0.6, 0.6],
      weighted: [0.65, 0.6, 0.6142857142857143],
    } as const;
    for (const [average, [p, r, f]] of Object.entries(golden)) {
      const opts = { average: average as 'macro' };
      expect(precisionScore(yt, yp, opts)).toBeCloseTo(p, 14);
      expect(recallScore(yt, yp, opts)).toBeCloseTo(r, 14);
      expect(f1Score(yt, yp, opts)).toBeCloseTo(f, 14);
    }
  });
  it('binary uses posLabel (default 1)', () => {
    expect(precisionScore(bt, bp)).toBeCloseTo(0.75, 15);
    expect(recallScore(bt, bp)).toBeCloseTo(0.75, 15);
    expect(f1Score(bt, bp)).toBeCloseTo(0.75, 15);
    expect(precisionScore(bt, bp, { posLabel: 0 })).toBeCloseTo(0.75, 15);
    expect(precisionScore(['x', 'y', 'y'], ['y', 'y', 'x'], { posLabel: 'y' })).toBeCloseTo(0.5);
  });
  it('returns 0 on zero division', () => {
    expect(precisionScore([0, 1], [0, 0])).toBe(0);
  });
  it('rejects multiclass binary and unknown posLabel', () => {
    expect(() => f1Score(yt, yp)).toThrow(ValidationError);
    expect(() => f1Score(['x', 'y'], ['x', 'y'])).toThrow(/posLabel/);
    expect(() => f1Score(yt, yp, { average: 'samples' as never })).toThrow(ValidationError);
  });
});

describe('rocAucScore', () => {
  it('matches sklearn with ties', () => {
    expect(rocAucScore(bt, [0.1, 0.9, 0.4, 0.4, 0.8, 0.4, -1, 2])).toBeCloseTo(0.9375, 15);
  });
  it('is 1 for a perfect ranking and 0 for a reversed one; uses column 1 of 2-column scores', () => {
    expect(rocAucScore(['n', 'p', 'p'], [0, 1, 2])).toBe(1);
    expect(rocAucScore(['n', 'p', 'p'], [0, 1, 2], { posLabel: 'n' })).toBe(0);
    const m = { data: Float64Array.of(0, 0.1, 0, 0.9, 0, 0.5), rows: 3, cols: 2 };
    expect(rocAucScore([0, 1, 0], m)).toBe(1);
  });
  it('rejects a single class and bad scores', () => {
    expect(() => rocAucScore([1, 1], [0.1, 0.2])).toThrow(ValidationError);
    expect(() => rocAucScore([0, 1], [0.1, Number.NaN])).toThrow(ValidationError);
    expect(() => rocAucScore([0, 1], [0.1])).toThrow(ValidationError);
  });
});

describe('r2Score', () => {
  it('matches sklearn', () => {
    expect(r2Score([3, -0.5, 2, 7], [2.5, 0.0, 2, 8])).toBeCloseTo(0.9486081370449679, 14);
  });
  it('handles a constant target like force_finite', () => {
    expect(r2Score([1, 1], [1, 1])).toBe(1);
    expect(r2Score([1, 1], [1, 2])).toBe(0);
    expect(() => r2Score([1], [1])).toThrow(ValidationError);
  });
});
