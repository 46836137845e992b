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

/**
 * Any estimator the suite can exercise: something with `fit` and at least one way to use it.
 * Sync estimators (`Estimator`, `Classifier`, …) and async ones (`AsyncEstimator`,
 * `AsyncTransformer`, …, whose methods return promises) are both accepted: every call is
 * awaited.
 */
export type CheckableEstimator = Estimator & {
  fit(X: unknown, y?: unknown): unknown;
  predict?(X: unknown): unknown;
  transform?(X: unknown): unknown;
  decisionFunction?(X: unknown): unknown;
  predictProba?(X: unknown): unknown;
  score?(X: unknown, y: unknown): unknown;
  nFeaturesIn_?: number;
};

/** An input the estimator must reject with a ValidationError, and what it is. */
export interface InvalidInput {
  /** Shown in the failure message, e.g. `'NaN'`. */
  what: string;
  X: unknown;
  /** Targets to pass along with it (default: the check data's `y`). */
  y?: unknown;
}

/** Data the checks fit on. */
export interface CheckData {
  /**
   * Samples: an array of rows (the default data), or any input the estimator takes (images for
   * a masker). When it is not an array of rows, the input-specific checks use `invalidFit`,
   * `invalidUse` and `otherFeatures` instead of generating NaN/ragged/narrower variants.
   */
  X: unknown;
  /** Labels (classifiers), targets (regressors) or undefined (unsupervised). */
  y: Label[] | number[] | undefined;
  /** Inputs `fit` must reject (default, for rows: NaN, Infinity, ragged, empty, one label fewer). */
  invalidFit?: InvalidInput[];
  /** Inputs every usage method must reject after fit (default, for rows: NaN, ragged). */
  invalidUse?: InvalidInput[];
  /** An input with other features than `X` (default, for rows: the last column dropped). */
  otherFeatures?: unknown;
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

/** One conformance check. It throws or rejects (an Error) when the estimator does not conform. */
export interface EstimatorCheck {
  name: string;
  run(factory: () => CheckableEstimator, data: CheckData): Promise<void>;
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
  if (value === null || typeof value !== 'object') return value;
  // Estimators (compared by params), and objects with internal slots, are kept as they are.
  if (typeof (value as { getParams?: unknown }).getParams === 'function') return value;
  if (
    value instanceof Map ||
    value instanceof Set ||
    value instanceof Date ||
    value instanceof RegExp ||
    value instanceof Promise ||
    value instanceof ArrayBuffer ||
    (typeof SharedArrayBuffer !== 'undefined' && value instanceof SharedArrayBuffer)
  ) {
    return value;
  }
  // Plain objects and class instances with plain fields (a NiftiImage, an ml-matrix Matrix):
  // a deep copy with the same prototype.
  const out = Object.create(Object.getPrototypeOf(value)) as Record<string, unknown>;
  for (const [k, v] of Object.entries(value)) out[k] = snapshot(v);
  return out;
}

/** Learned state: own enumerable fields whose names end in `_`. */
export function learnedState(estimator: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(estimator)) if (k.endsWith('_')) out[k] = v;
  return out;
}

type Method = (this: CheckableEstimator, x: unknown, y?: unknown) => unknown;

const USAGE = ['predict', 'transform', 'decisionFunction', 'predictProba'] as const;

function method(est: CheckableEstimator, name: string): Method {
  return (est as unknown as Record<string, Method>)[name] as Method;
}

/** Outputs an estimator produces for `X`, by every method it has (awaited when async). */
async function outputs(est: CheckableEstimator, X: unknown): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const m of USAGE) {
    const fn = est[m];
    if (typeof fn === 'function') out[m] = snapshot(await fn.call(est, X));
  }
  return out;
}

function usageMethods(est: CheckableEstimator): string[] {
  return USAGE.filter((m) => typeof method(est, m) === 'function');
}

/** `est.fit(X, y)`, awaited when the estimator is async. */
async function fitted(est: CheckableEstimator, X: unknown, y: unknown): Promise<unknown> {
  return await est.fit(X, y);
}

/**
 * Passes when `fn` throws — or returns a promise that rejects — an instance of `type`. A sync
 * method must throw synchronously: a rejected promise from it does not count.
 */
async function expectThrows(
  fn: () => unknown,
  type: new (...a: never[]) => Error,
  what: string,
  async: boolean,
): Promise<void> {
  let error: unknown;
  let thrown = false;
  try {
    const result = fn();
    if (isThenable(result)) {
      if (!async) {
        result.then(undefined, () => {}); // no unhandled rejection
        fail(`${what}: a synchronous estimator returned a Promise`);
      }
      await result;
    }
  } catch (e) {
    thrown = true;
    error = e;
  }
  if (!thrown) fail(`${what}: expected ${type.name} but nothing was thrown`);
  if (error instanceof CheckFailure) throw error;
  if (error instanceof type) return;
  fail(
    `${what}: expected ${type.name} but got ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
  );
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** True when `fit` of a fresh estimator returns a promise (an async estimator). */
async function isAsync(factory: () => CheckableEstimator, data: CheckData): Promise<boolean> {
  const result = factory().fit(snapshot(data.X), snapshot(data.y));
  if (!isThenable(result)) return false;
  await Promise.resolve(result).catch(() => {});
  return true;
}

function isRows(X: unknown): X is number[][] {
  return Array.isArray(X) && X.every((r) => Array.isArray(r));
}

/** `data.invalidFit`, or the NaN / Infinity / ragged / empty / short-y variants of rows. */
function invalidFitInputs({ X, y, invalidFit }: CheckData): InvalidInput[] {
  if (invalidFit) return invalidFit;
  if (!isRows(X)) return [];
  const withNaN = X.map((r) => r.slice());
  withNaN[3]![2] = Number.NaN;
  const withInf = X.map((r) => r.slice());
  withInf[5]![0] = Number.POSITIVE_INFINITY;
  const ragged = X.map((r, i) => (i === 4 ? r.slice(1) : r.slice()));
  const out: InvalidInput[] = [
    { what: 'NaN', X: withNaN },
    { what: 'Infinity', X: withInf },
    { what: 'ragged rows', X: ragged },
    { what: 'no samples', X: [], y: y === undefined ? undefined : [] },
  ];
  if (y !== undefined) out.push({ what: 'one label fewer', X, y: y.slice(1) });
  return out;
}

/** `data.invalidUse`, or the NaN / ragged variants of rows. */
function invalidUseInputs({ X, invalidUse }: CheckData): InvalidInput[] {
  if (invalidUse) return invalidUse;
  if (!isRows(X)) return [];
  const withNaN = X.map((r) => r.slice());
  withNaN[3]![2] = Number.NaN;
  const ragged = X.map((r, i) => (i === 4 ? r.slice(1) : r.slice()));
  return [
    { what: 'NaN', X: withNaN },
    { what: 'ragged rows', X: ragged },
  ];
}

/**
 * Generated fit data: 3 Gaussian blobs in 6 dimensions, 60 samples, string labels (classifier),
 * a noisy linear target (regressor), or no target (transformer). Seeded, so always the same.
 */
export function makeCheckData(
  kind: CheckEstimatorOptions['kind'] = 'classifier',
): CheckData & { X: number[][] } {
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

/** Checks get the estimator factory, the data, and whether the estimator is async. */
type CheckBody = (
  factory: () => CheckableEstimator,
  data: CheckData,
  async: boolean,
) => Promise<void>;

function check(name: string, body: CheckBody): EstimatorCheck {
  return {
    name,
    async run(factory, data) {
      await body(factory, data, await isAsync(factory, data));
    },
  };
}

/** The checks every estimator must pass, in the order they run. */
export const ESTIMATOR_CHECKS: readonly EstimatorCheck[] = [
  check('clone has equal params and is a distinct, unfitted object', async (factory, { X, y }) => {
    const est = factory();
    const c = est.clone();
    if (c === est) fail('clone() returned the same object');
    if (c.constructor !== est.constructor) fail('clone() returned another class');
    if (!deepEqual(c.getParams(), est.getParams())) fail('clone() params differ from the original');
    await fitted(est, X, y);
    const c2 = est.clone();
    if (Object.values(learnedState(c2)).some((v) => v !== undefined)) {
      fail('clone() of a fitted estimator carries learned state');
    }
  }),
  check('getParams/setParams round trip', async (factory) => {
    const est = factory();
    const before = est.getParams();
    const returned = est.setParams(est.getParams());
    if (returned !== est) fail('setParams() must return this');
    if (!deepEqual(est.getParams(), before)) fail('setParams(getParams()) changed the params');
    const copy = est.getParams() as Record<string, unknown>;
    copy.__not_a_param__ = 1;
    if ('__not_a_param__' in (est.getParams() as object))
      fail('getParams() returns the internal object');
    // setParams is synchronous for every estimator, async ones included.
    await expectThrows(
      () => est.setParams({ __not_a_param__: 1 } as never),
      ValidationError,
      'setParams with an unknown name',
      false,
    );
  }),
  check('fit returns this', async (factory, { X, y }, async) => {
    const est = factory();
    const result = est.fit(X, y);
    if (async !== isThenable(result)) fail('fit() is sometimes sync, sometimes async');
    if ((await result) !== est)
      fail(async ? 'fit() must resolve to this' : 'fit() must return this');
  }),
  check('unfitted use throws NotFittedError', async (factory, { X }, async) => {
    const est = factory();
    const methods = usageMethods(est);
    if (methods.length === 0)
      fail('the estimator has no predict/transform/decisionFunction/predictProba');
    for (const m of methods) {
      await expectThrows(
        () => method(est, m).call(est, X),
        NotFittedError,
        `${m}() before fit`,
        async,
      );
    }
  }),
  check('fit leaves params and input untouched', async (factory, { X, y }) => {
    const est = factory();
    const params = snapshot(est.getParams());
    const X0 = snapshot(X);
    const y0 = snapshot(y);
    await fitted(est, X, y);
    if (!deepEqual(est.getParams(), params)) fail('fit() changed the hyper-parameters');
    if (!deepEqual(X, X0)) fail('fit() modified X');
    if (!deepEqual(y, y0)) fail('fit() modified y');
    const after = await outputs(est, X);
    if (!deepEqual(X, X0)) fail(`${Object.keys(after).join('/')}() modified X`);
    if (isRows(X)) {
      const flat = {
        data: Float64Array.from(X.flat()),
        shape: [X.length, X[0]!.length] as [number, number],
      };
      const flat0 = flat.data.slice();
      await fitted(est.clone(), flat, y);
      if (!deepEqual(flat.data, flat0)) fail('fit() modified a Float64Array input');
    }
  }),
  check('fit twice on the same data gives the same result', async (factory, { X, y }) => {
    const est = factory();
    await fitted(est, X, y);
    const first = { state: snapshot(learnedState(est)), out: await outputs(est, X) };
    await fitted(est, X, y);
    if (!deepEqual(snapshot(learnedState(est)), first.state))
      fail('refitting changed the learned state');
    if (!deepEqual(await outputs(est, X), first.out)) fail('refitting changed the outputs');
  }),
  check('nFeaturesIn_ is set and checked at predict', async (factory, data, async) => {
    const { X, y } = data;
    const est = factory();
    await fitted(est, X, y);
    let narrow = data.otherFeatures;
    if (isRows(X)) {
      if (est.nFeaturesIn_ !== X[0]!.length)
        fail(`nFeaturesIn_ is ${est.nFeaturesIn_}, expected ${X[0]!.length}`);
      narrow ??= X.map((r) => r.slice(0, r.length - 1));
    }
    if (narrow === undefined) fail('no input with other features: give data.otherFeatures');
    for (const m of usageMethods(est)) {
      await expectThrows(
        () => method(est, m).call(est, narrow),
        ValidationError,
        `${m}() with other features than fit saw`,
        async,
      );
    }
  }),
  check('NaN, Inf and wrong-shape input raise ValidationError', async (factory, data, async) => {
    const { X, y } = data;
    const fitBad = invalidFitInputs(data);
    const useBad = invalidUseInputs(data);
    if (fitBad.length + useBad.length === 0)
      fail('no invalid inputs to try: give data.invalidFit and/or data.invalidUse');
    for (const bad of fitBad) {
      const yy = 'y' in bad ? bad.y : y;
      await expectThrows(
        () => factory().fit(bad.X, yy),
        ValidationError,
        `fit() with ${bad.what}`,
        async,
      );
    }
    const est = factory();
    await fitted(est, X, y);
    for (const m of usageMethods(est)) {
      for (const bad of useBad) {
        await expectThrows(
          () => method(est, m).call(est, bad.X),
          ValidationError,
          `${m}() with ${bad.what}`,
          async,
        );
      }
    }
  }),
  check('deterministic output across instances', async (factory, { X, y }) => {
    const a = factory();
    const b = factory();
    await fitted(a, X, y);
    await fitted(b, X, y);
    if (!deepEqual(await outputs(a, X), await outputs(b, X)))
      fail('two estimators fitted alike give different outputs');
  }),
];

/**
 * Runs every conformance check on estimators made by `factory` (sync or async) and resolves to
 * the outcomes. Nothing is thrown: inspect `passed` and `error`.
 */
export async function runEstimatorChecks(
  factory: () => CheckableEstimator,
  options: CheckEstimatorOptions = {},
): Promise<CheckResult[]> {
  const data = options.data ?? makeCheckData(options.kind);
  const skip = new Set(options.skip ?? []);
  const results: CheckResult[] = [];
  for (const c of ESTIMATOR_CHECKS) {
    if (skip.has(c.name)) continue;
    try {
      await c.run(factory, snapshot(data) as CheckData);
      results.push({ name: c.name, passed: true });
    } catch (error) {
      results.push({ name: c.name, passed: false, error });
    }
  }
  return results;
}

/**
 * Registers the conformance suite as vitest tests: one `describe` block named after the
 * estimator with one `it` per check. Works for sync and async estimators (a masker whose `fit`
 * and `transform` return promises). Call it at the top level of a test file:
 *
 * ```ts
 * checkEstimator(() => new SVC({ kernel: 'linear' }));
 * checkEstimator(() => new NiftiMasker({ maskImg }), {
 *   kind: 'transformer',
 *   data: { X: img, y: undefined, otherFeatures: imgOnAnotherGrid },
 * });
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
