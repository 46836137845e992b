import { describe, expect, it } from 'vitest';
import type { Label, MatrixLike } from '../matrix.js';
import { runEstimatorChecks } from './check-estimator.js';
import { MajorityClassifier, type MajorityParams } from './majority-classifier.test-helper.js';

// Deliberately broken estimators: each must be caught by the named check.
class ReturnsNothing extends MajorityClassifier {
  override fit(X: MatrixLike, y: ArrayLike<Label>): this {
    super.fit(X, y);
    return undefined as never;
  }
}
class MutatesInput extends MajorityClassifier {
  override fit(X: MatrixLike, y: ArrayLike<Label>): this {
    if (Array.isArray(X)) (X[0] as number[])[0] = 99;
    return super.fit(X, y);
  }
}
class NoFitCheck extends MajorityClassifier {
  override predict(X: MatrixLike): Label[] {
    if (!this.classes_) return Array.from({ length: (X as unknown[]).length }, () => 'alpha');
    return super.predict(X);
  }
}
class ForgetsFeatures extends MajorityClassifier {
  override fit(X: MatrixLike, y: ArrayLike<Label>): this {
    super.fit(X, y);
    this.nFeaturesIn_ = undefined;
    return this;
  }
}
class LossyClone extends MajorityClassifier {
  constructor(p: Partial<MajorityParams> = {}) {
    super({ ...p, smoothing: 1 });
  }
}
let counter = 0;
class Drifting extends MajorityClassifier {
  override fit(X: MatrixLike, y: ArrayLike<Label>): this {
    super.fit(X, y);
    this.classCounts_![0] = counter++;
    return this;
  }
}

function failed(results: ReturnType<typeof runEstimatorChecks>): string[] {
  return results.filter((r) => !r.passed).map((r) => r.name);
}

describe('checkEstimator catches broken estimators', () => {
  it('a conforming estimator passes every check', () => {
    expect(failed(runEstimatorChecks(() => new MajorityClassifier()))).toEqual([]);
  });
  it('fit not returning this', () => {
    expect(failed(runEstimatorChecks(() => new ReturnsNothing()))).toContain('fit returns this');
  });
  it('fit mutating X', () => {
    expect(failed(runEstimatorChecks(() => new MutatesInput()))).toContain(
      'fit leaves params and input untouched',
    );
  });
  it('predict before fit not raising NotFittedError', () => {
    expect(failed(runEstimatorChecks(() => new NoFitCheck()))).toContain(
      'unfitted use throws NotFittedError',
    );
  });
  it('nFeaturesIn_ not set', () => {
    expect(failed(runEstimatorChecks(() => new ForgetsFeatures()))).toContain(
      'nFeaturesIn_ is set and checked at predict',
    );
  });
  it('constructor that changes params (clone differs)', () => {
    const f = failed(
      runEstimatorChecks(() => new LossyClone({ smoothing: 0 }).setParams({ smoothing: 0 })),
    );
    expect(f).toContain('clone has equal params and is a distinct, unfitted object');
  });
  it('non-deterministic fit', () => {
    const f = failed(runEstimatorChecks(() => new Drifting()));
    expect(f).toContain('fit twice on the same data gives the same result');
    expect(f).toContain('deterministic output across instances');
  });
});
