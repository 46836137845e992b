/**
 * The estimator conformance suite. `checkEstimator(factory)` registers one vitest test per check;
 * `runEstimatorChecks(factory)` runs the same checks and returns their outcomes (used to prove
 * that the checks can fail).
 *
 * @module
 */
import { describe, it } from 'vitest';
import { NotFittedError, ValidationError } from '../errors.js';
import type { Estimator } from '../estimator.js';
import type { Label } from '../matrix.js';
import { RandomState } from '../random.js';

/** Any estimator the suite can exercise: something with `fit` and at least one way to use it. */
export type CheckableEstimator = Estimator & {
  fit(X: unknown, y?: unknown): unknown;
  predict?(X: unknown): unknown;
  transform?(X: unknown): unknown;
  decisionFunction?(X: unknown): unknown;
  predictProba?(X: unknown): unknown;
  score?(X: unknown, y: unknown): unknown;
  nFeaturesIn_?: number;
};

/** Data the checks fit on. */
export interface CheckData {
  /** Samples as an array of rows. */
  X: number[][];
  /** Labels (classifiers), targets (regressors) or undefined (unsupervised). */
  y: Label[] | number[] | undefined;
}

/** Options of {@link checkEstimator}. */
export interface CheckEstimatorOptions {
  /** Which data to generate: classification labels (default), regression targets, or none. */
  kind?: 'classifier' | 'regressor' | 'transformer';
  /** Fit data to use instead of the generated blobs. */
  data?: CheckData;
  /** Names of checks to skip (each skip should be justified in the calling test). */
  skip?: string[];
  /** Title of the vitest `describe` block (default: the estimator's class name). */
  name?: string;
}

/** One conformance check. It throws (an Error) when the estimator does not conform. */
export interface EstimatorCheck {
  name: string;
  run(factory: () => CheckableEstimator, data: CheckData): void;
}

/** Outcome of one check in {@link runEstimatorChecks}. */
export interface CheckResult {
  name: string;
  passed: boolean;
  error?: unknown;
}

class CheckFailure extends Error {}

function fail(message: string): never {
  throw new CheckFailure(message);
}

/** Deep equality for plain data, typed arrays, Maps of those; NaN equals NaN. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b) || a.constructor !== b.constructor)
      return false;
    const x = a as unknown as ArrayLike<number>;
    const y = b as unknown as ArrayLike<number>;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
    return true;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (typeof (a as { getParams?: unknown }).getParams === 'function') {
    return (
      a.constructor === (b as object).constructor &&
      deepEqual((a as Estimator).getParams(), (b as Estimator).getParams())
    );
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
      return false;
  }
  return true;
}

function snapshot(value: unknown): unknown {
  if (ArrayBuffer.isView(value)) return (value as unknown as { slice(): unknown }).slice();
  if (Array.isArray(value)) return value.map(snapshot);
  if (
    value !== null &&
    typeof value === 'object' &&
    Object.getPrototypeOf(value) === Object.prototype
  ) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = snapshot(v);
    return out;
  }
  return value;
}

/** Learned state: own enumerable fields whose names end in `_`. */
export function learnedState(estimator: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(estimator)) if (k.endsWith('_')) out[k] = v;
  return out;
}

/** Outputs an estimator produces for `X`, by every method it has. */
function outputs(est: CheckableEstimator, X: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const m of ['predict', 'transform', 'decisionFunction', 'predictProba'] as const) {
    const fn = est[m];
    if (typeof fn === 'function') out[m] = snapshot(fn.call(est, X));
  }
  return out;
}

function usageMethods(est: CheckableEstimator): string[] {
  return ['predict', 'transform', 'decisionFunction', 'predictProba'].filter(
    (m) => typeof (est as unknown as Record<string, unknown>)[m] === 'function',
  );
}

function expectThrows(fn: () => unknown, type: new (...a: never[]) => Error, what: string): void {
  try {
    fn();
  } catch (e) {
    if (e instanceof type) return;
    fail(
      `${what}: expected ${type.name} but got ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`,
    );
  }
  fail(`${what}: expected ${type.name} but nothing was thrown`);
}

/**
 * Generated fit data: 3 Gaussian blobs in 6 dimensions, 60 samples, string labels (classifier),
 * a noisy linear target (regressor), or no target (transformer). Seeded, so always the same.
 */
export function makeCheckData(kind: CheckEstimatorOptions['kind'] = 'classifier'): CheckData {
  const rng = new RandomState(42);
  const n = 60;
  const p = 6;
  const X: number[][] = [];
  const labels: Label[] = [];
  const target: number[] = [];
  const names = ['alpha', 'beta', 'gamma'];
  for (let i = 0; i < n; i++) {
    const k = i % 3;
    const row: number[] = [];
    for (let j = 0; j < p; j++) row.push(rng.normal(j % 3 === k ? 2 : 0, 1));
    X.push(row);
    labels.push(names[k] as string);
    target.push(row.reduce((s, v, j) => s + (j + 1) * v, 0) + rng.normal(0, 0.1));
  }
  return { X, y: kind === 'regressor' ? target : kind === 'transformer' ? undefined : labels };
}

/** The checks every estimator must pass, in the order they run. */
export const ESTIMATOR_CHECKS: readonly EstimatorCheck[] = [
  {
    name: 'clone has equal params and is a distinct, unfitted object',
    run(factory, { X, y }) {
      const est = factory();
      const c = est.clone();
      if (c === est) fail('clone() returned the same object');
      if (c.constructor !== est.constructor) fail('clone() returned another class');
      if (!deepEqual(c.getParams(), est.getParams()))
        fail('clone() params differ from the original');
      est.fit(X, y);
      const c2 = est.clone();
      if (Object.values(learnedState(c2)).some((v) => v !== undefined)) {
        fail('clone() of a fitted estimator carries learned state');
      }
    },
  },
  {
    name: 'getParams/setParams round trip',
    run(factory) {
      const est = factory();
      const before = est.getParams();
      const returned = est.setParams(est.getParams());
      if (returned !== est) fail('setParams() must return this');
      if (!deepEqual(est.getParams(), before)) fail('setParams(getParams()) changed the params');
      const copy = est.getParams() as Record<string, unknown>;
      copy.__not_a_param__ = 1;
      if ('__not_a_param__' in (est.getParams() as object))
        fail('getParams() returns the internal object');
      expectThrows(
        () => est.setParams({ __not_a_param__: 1 } as never),
        ValidationError,
        'setParams with an unknown name',
      );
    },
  },
  {
    name: 'fit returns this',
    run(factory, { X, y }) {
      const est = factory();
      if (est.fit(X, y) !== est) fail('fit() must return this');
    },
  },
  {
    name: 'unfitted use throws NotFittedError',
    run(factory, { X }) {
      const est = factory();
      const methods = usageMethods(est);
      if (methods.length === 0)
        fail('the estimator has no predict/transform/decisionFunction/predictProba');
      for (const m of methods) {
        expectThrows(
          () => (est as unknown as Record<string, (x: unknown) => unknown>)[m]!(X),
          NotFittedError,
          `${m}() before fit`,
        );
      }
    },
  },
  {
    name: 'fit leaves params and input untouched',
    run(factory, { X, y }) {
      const est = factory();
      const params = snapshot(est.getParams());
      const X0 = snapshot(X);
      const y0 = snapshot(y);
      est.fit(X, y);
      if (!deepEqual(est.getParams(), params)) fail('fit() changed the hyper-parameters');
      if (!deepEqual(X, X0)) fail('fit() modified X');
      if (!deepEqual(y, y0)) fail('fit() modified y');
      const flat = {
        data: Float64Array.from(X.flat()),
        shape: [X.length, X[0]!.length] as [number, number],
      };
      const flat0 = flat.data.slice();
      est.clone().fit(flat, y);
      if (!deepEqual(flat.data, flat0)) fail('fit() modified a Float64Array input');
    },
  },
  {
    name: 'fit twice on the same data gives the same result',
    run(factory, { X, y }) {
      const est = factory();
      est.fit(X, y);
      const first = { state: snapshot(learnedState(est)), out: outputs(est, X) };
      est.fit(X, y);
      if (!deepEqual(snapshot(learnedState(est)), first.state))
        fail('refitting changed the learned state');
      if (!deepEqual(outputs(est, X), first.out)) fail('refitting changed the outputs');
    },
  },
  {
    name: 'nFeaturesIn_ is set and checked at predict',
    run(factory, { X, y }) {
      const est = factory().fit(X, y) as CheckableEstimator;
      if (est.nFeaturesIn_ !== X[0]!.length)
        fail(`nFeaturesIn_ is ${est.nFeaturesIn_}, expected ${X[0]!.length}`);
      const narrow = X.map((r) => r.slice(0, r.length - 1));
      for (const m of usageMethods(est)) {
        expectThrows(
          () => (est as unknown as Record<string, (x: unknown) => unknown>)[m]!(narrow),
          ValidationError,
          `${m}() with one feature fewer`,
        );
      }
    },
  },
  {
    name: 'NaN, Inf and wrong-shape input raise ValidationError',
    run(factory, { X, y }) {
      const withNaN = X.map((r) => r.slice());
      withNaN[3]![2] = Number.NaN;
      const withInf = X.map((r) => r.slice());
      withInf[5]![0] = Number.POSITIVE_INFINITY;
      const ragged = X.map((r, i) => (i === 4 ? r.slice(1) : r.slice()));
      expectThrows(() => factory().fit(withNaN, y), ValidationError, 'fit() with NaN');
      expectThrows(() => factory().fit(withInf, y), ValidationError, 'fit() with Infinity');
      expectThrows(() => factory().fit(ragged, y), ValidationError, 'fit() with ragged rows');
      expectThrows(
        () => factory().fit([], y === undefined ? undefined : []),
        ValidationError,
        'fit() with no samples',
      );
      if (y !== undefined) {
        expectThrows(
          () => factory().fit(X, y.slice(1)),
          ValidationError,
          'fit() with one label fewer',
        );
      }
      const est = factory().fit(X, y) as CheckableEstimator;
      for (const m of usageMethods(est)) {
        const call = (est as unknown as Record<string, (x: unknown) => unknown>)[m]!;
        expectThrows(() => call.call(est, withNaN), ValidationError, `${m}() with NaN`);
        expectThrows(() => call.call(est, ragged), ValidationError, `${m}() with ragged rows`);
      }
    },
  },
  {
    name: 'deterministic output across instances',
    run(factory, { X, y }) {
      const a = factory().fit(X, y) as CheckableEstimator;
      const b = factory().fit(X, y) as CheckableEstimator;
      if (!deepEqual(outputs(a, X), outputs(b, X)))
        fail('two estimators fitted alike give different outputs');
    },
  },
];

/**
 * Runs every conformance check on estimators made by `factory` and returns the outcomes.
 * Nothing is thrown: inspect `passed` and `error`.
 */
export function runEstimatorChecks(
  factory: () => CheckableEstimator,
  options: CheckEstimatorOptions = {},
): CheckResult[] {
  const data = options.data ?? makeCheckData(options.kind);
  const skip = new Set(options.skip ?? []);
  return ESTIMATOR_CHECKS.filter((c) => !skip.has(c.name)).map((c) => {
    try {
      c.run(factory, snapshot(data) as CheckData);
      return { name: c.name, passed: true };
    } catch (error) {
      return { name: c.name, passed: false, error };
    }
  });
}

/**
 * Registers the conformance suite as vitest tests: one `describe` block named after the
 * estimator with one `it` per check. Call it at the top level of a test file:
 *
 * ```ts
 * checkEstimator(() => new SVC({ kernel: 'linear' }));
 * ```
 */
export function checkEstimator(
  factory: () => CheckableEstimator,
  options: CheckEstimatorOptions = {},
): void {
  const data = options.data ?? makeCheckData(options.kind);
  const skip = new Set(options.skip ?? []);
  describe(`checkEstimator: ${options.name ?? factory().constructor.name}`, () => {
    for (const c of ESTIMATOR_CHECKS) {
      if (skip.has(c.name)) it.skip(c.name, () => {});
      else it(c.name, () => c.run(factory, snapshot(data) as CheckData));
    }
  });
}
