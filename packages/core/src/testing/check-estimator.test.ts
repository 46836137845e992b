import { describe, expect, it } from 'vitest';
import type { AsyncClassifier } from '../estimator.js';
import { BaseEstimator } from '../estimator.js';
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

// An async classifier (as a decoder reading images would be): same checks, awaited.
class AsyncMajority
  extends BaseEstimator<{ smoothing: number }>
  implements AsyncClassifier<{ smoothing: number }>
{
  readonly estimatorType = 'classifier' as const;
  classes_?: Label[];
  nFeaturesIn_?: number;
  inner_?: MajorityClassifier;
  constructor(p: Partial<{ smoothing: number }> = {}) {
    super({ smoothing: 0, ...p });
  }
  async fit(X: MatrixLike, y: ArrayLike<Label>): Promise<this> {
    await Promise.resolve();
    const inner = new MajorityClassifier(this.getParams()).fit(X, y);
    this.inner_ = inner;
    this.classes_ = inner.classes_;
    this.nFeaturesIn_ = inner.nFeaturesIn_;
    return this;
  }
  async predict(X: MatrixLike): Promise<Label[]> {
    await Promise.resolve();
    if (!this.inner_) return new MajorityClassifier().predict(X); // throws NotFittedError
    return this.inner_.predict(X);
  }
  async score(X: MatrixLike, y: ArrayLike<Label>): Promise<number> {
    await Promise.resolve();
    return (this.inner_ ?? new MajorityClassifier()).score(X, y);
  }
}
class AsyncNoFitCheck extends AsyncMajority {
  override async predict(X: MatrixLike): Promise<Label[]> {
    if (!this.inner_) return Array.from({ length: (X as unknown[]).length }, () => 'alpha');
    return super.predict(X);
  }
}
class AsyncResolvesOther extends AsyncMajority {
  override async fit(X: MatrixLike, y: ArrayLike<Label>): Promise<this> {
    await super.fit(X, y);
    return this.clone();
  }
}
// A sync estimator whose predict rejects a promise instead of throwing.
class RejectsInsteadOfThrowing extends MajorityClassifier {
  override predict(X: MatrixLike): Label[] {
    try {
      return super.predict(X);
    } catch (e) {
      return Promise.reject(e) as never;
    }
  }
}

async function failed(pending: ReturnType<typeof runEstimatorChecks>): Promise<string[]> {
  return (await pending).filter((r) => !r.passed).map((r) => r.name);
}

describe('checkEstimator catches broken estimators', () => {
  it('a conforming estimator passes every check', async () => {
    expect(await failed(runEstimatorChecks(() => new MajorityClassifier()))).toEqual([]);
  });
  it('fit not returning this', async () => {
    expect(await failed(runEstimatorChecks(() => new ReturnsNothing()))).toContain(
      'fit returns this',
    );
  });
  it('fit mutating X', async () => {
    expect(await failed(runEstimatorChecks(() => new MutatesInput()))).toContain(
      'fit leaves params and input untouched',
    );
  });
  it('predict before fit not raising NotFittedError', async () => {
    expect(await failed(runEstimatorChecks(() => new NoFitCheck()))).toContain(
      'unfitted use throws NotFittedError',
    );
  });
  it('nFeaturesIn_ not set', async () => {
    expect(await failed(runEstimatorChecks(() => new ForgetsFeatures()))).toContain(
      'nFeaturesIn_ is set and checked at predict',
    );
  });
  it('constructor that changes params (clone differs)', async () => {
    const f = await failed(
      runEstimatorChecks(() => new LossyClone({ smoothing: 0 }).setParams({ smoothing: 0 })),
    );
    expect(f).toContain('clone has equal params and is a distinct, unfitted object');
  });
  it('non-deterministic fit', async () => {
    const f = await failed(runEstimatorChecks(() => new Drifting()));
    expect(f).toContain('fit twice on the same data gives the same result');
    expect(f).toContain('deterministic output across instances');
  });
});

describe('checkEstimator on async estimators', () => {
  it('a conforming async classifier passes every check', async () => {
    expect(await failed(runEstimatorChecks(() => new AsyncMajority()))).toEqual([]);
  });
  it('an async predict before fit that resolves', async () => {
    expect(await failed(runEstimatorChecks(() => new AsyncNoFitCheck()))).toContain(
      'unfitted use throws NotFittedError',
    );
  });
  it('an async fit resolving to another object', async () => {
    expect(await failed(runEstimatorChecks(() => new AsyncResolvesOther()))).toContain(
      'fit returns this',
    );
  });
  it('a sync method must throw, not return a rejected promise', async () => {
    const results = await runEstimatorChecks(() => new RejectsInsteadOfThrowing());
    const unfitted = results.find((r) => r.name === 'unfitted use throws NotFittedError');
    expect(unfitted?.passed).toBe(false);
    expect(String(unfitted?.error)).toMatch(/synchronous estimator returned a Promise/);
  });
});
