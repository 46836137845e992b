/**
 * The estimator contract, scikit-learn's in TypeScript: hyper-parameters are given to the
 * constructor and stored unchanged; learned state lives in fields ending in `_` and is set only by
 * `fit`; `fit` returns `this`; `getParams`/`setParams`/`clone` come from {@link BaseEstimator}.
 *
 * @module
 */
import { NotFittedError, ValidationError } from './errors.js';
import type { FloatArray, Label, Matrix2D, MatrixLike } from './matrix.js';
import { RandomState } from './random.js';
import { estimatorRepr } from './repr.js';

/** What every estimator offers. */
export interface Estimator<P extends object = object> {
  /** A shallow copy of the hyper-parameters. */
  getParams(): P;
  /** Sets some hyper-parameters (unknown names raise a ValidationError); returns `this`. */
  setParams(params: Partial<P>): this;
  /** An unfitted copy with equal hyper-parameters. */
  clone(): this;
}

/** A supervised classifier (`estimatorType === 'classifier'`). */
export interface Classifier<P extends object = object> extends Estimator<P> {
  readonly estimatorType: 'classifier';
  /** Sorted class labels, set by `fit`. */
  classes_?: Label[];
  /** Number of features seen by `fit`. */
  nFeaturesIn_?: number;
  fit(X: MatrixLike, y: ArrayLike<Label>): this;
  predict(X: MatrixLike): Label[];
  /** Mean accuracy of `predict(X)` against `y`. */
  score(X: MatrixLike, y: ArrayLike<Label>): number;
  /** Signed distances / confidence scores; 1-D for two classes, (n × k) otherwise. */
  decisionFunction?(X: MatrixLike): Float64Array | Matrix2D;
  /** Class probabilities, (n × k) with columns in `classes_` order. */
  predictProba?(X: MatrixLike): Matrix2D;
}

/** A supervised regressor (`estimatorType === 'regressor'`). */
export interface Regressor<P extends object = object> extends Estimator<P> {
  readonly estimatorType: 'regressor';
  nFeaturesIn_?: number;
  fit(X: MatrixLike, y: ArrayLike<number>): this;
  predict(X: MatrixLike): Float64Array;
  /** Coefficient of determination R² of `predict(X)` against `y`. */
  score(X: MatrixLike, y: ArrayLike<number>): number;
}

/** A transformer: learns from `X` (and optionally `y`), then maps inputs to a matrix. */
export interface Transformer<P extends object = object, In = MatrixLike, Out = Matrix2D>
  extends Estimator<P> {
  fit(X: In, y?: ArrayLike<Label>): this;
  transform(X: In): Out;
  fitTransform(X: In, y?: ArrayLike<Label>): Out;
  inverseTransform?(X: Out | MatrixLike): unknown;
}

/**
 * The async side of the contract, for estimators whose work may wait on I/O (a masker reading
 * files, a decoder that masks then fits): the same rules as {@link Estimator}, but `fit`
 * resolves to `this`. `getParams`/`setParams`/`clone` stay synchronous. The conformance suite
 * (`checkEstimator`) runs the same checks on both kinds, awaiting where needed.
 */
export interface AsyncEstimator<P extends object = object, In = MatrixLike> extends Estimator<P> {
  fit(X: In, y?: ArrayLike<Label> | ArrayLike<number>): Promise<this>;
}

/** An async transformer: `fit`, `transform` and `fitTransform` return promises. */
export interface AsyncTransformer<P extends object = object, In = MatrixLike, Out = Matrix2D>
  extends AsyncEstimator<P, In> {
  fit(X?: In, y?: ArrayLike<Label>): Promise<this>;
  transform(X: In): Promise<Out>;
  fitTransform(X: In, y?: ArrayLike<Label>): Promise<Out>;
  /** Maps outputs back to inputs (synchronous: no I/O). */
  inverseTransform?(X: Out): unknown;
}

/** An async classifier (`estimatorType === 'classifier'`), e.g. a decoder that reads images. */
export interface AsyncClassifier<P extends object = object, In = MatrixLike>
  extends AsyncEstimator<P, In> {
  readonly estimatorType: 'classifier';
  classes_?: Label[];
  fit(X: In, y: ArrayLike<Label>): Promise<this>;
  predict(X: In): Promise<Label[]>;
  /** Mean accuracy of `predict(X)` against `y`. */
  score(X: In, y: ArrayLike<Label>): Promise<number>;
  decisionFunction?(X: In): Promise<Float64Array | Matrix2D>;
  predictProba?(X: In): Promise<Matrix2D>;
}

/** An async regressor (`estimatorType === 'regressor'`). */
export interface AsyncRegressor<P extends object = object, In = MatrixLike>
  extends AsyncEstimator<P, In> {
  readonly estimatorType: 'regressor';
  fit(X: In, y: ArrayLike<number>): Promise<this>;
  predict(X: In): Promise<Float64Array>;
  /** Coefficient of determination R² of `predict(X)` against `y`. */
  score(X: In, y: ArrayLike<number>): Promise<number>;
}

/** True for estimators that declare themselves classifiers (sklearn's `is_classifier`). */
export function isClassifier(estimator: unknown): estimator is Classifier {
  return (
    typeof estimator === 'object' &&
    estimator !== null &&
    (estimator as { estimatorType?: string }).estimatorType === 'classifier'
  );
}

/** True for estimators that declare themselves regressors (sklearn's `is_regressor`). */
export function isRegressor(estimator: unknown): estimator is Regressor {
  return (
    typeof estimator === 'object' &&
    estimator !== null &&
    (estimator as { estimatorType?: string }).estimatorType === 'regressor'
  );
}

function cloneParamValue(value: unknown): unknown {
  if (value instanceof BaseEstimator) return value.clone();
  // As scikit-learn's clone (a deep copy): each clone draws from its own generator.
  if (value instanceof RandomState) return value.copy();
  if (Array.isArray(value)) return value.map(cloneParamValue);
  if (ArrayBuffer.isView(value)) return (value as unknown as { slice(): unknown }).slice();
  if (
    value !== null &&
    typeof value === 'object' &&
    Object.getPrototypeOf(value) === Object.prototype
  ) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = cloneParamValue(v);
    return out;
  }
  return value;
}

/**
 * Base class of every voxelkit estimator. Subclasses pass their full parameter object (defaults
 * merged with what the user gave) to `super`, and read hyper-parameters from `this.params`.
 *
 * @example
 * ```ts
 * class MyClassifier extends BaseEstimator<{ alpha: number }> {
 *   constructor(params: Partial<{ alpha: number }> = {}) { super({ alpha: 1, ...params }); }
 * }
 * ```
 */
export abstract class BaseEstimator<P extends object> implements Estimator<P> {
  /** The hyper-parameters, stored exactly as given (validated in `fit`, not here). */
  protected params: P;

  constructor(params: P) {
    this.params = { ...params };
  }

  /** A shallow copy of the hyper-parameters. */
  getParams(): P {
    return { ...this.params };
  }

  /**
   * Sets hyper-parameters by name and returns `this`. Learned state is left alone (as in sklearn);
   * refit to use the new values.
   *
   * @throws ValidationError for a name this estimator does not have.
   */
  setParams(params: Partial<P>): this {
    for (const key of Object.keys(params)) {
      if (!(key in this.params)) {
        throw new ValidationError(
          `Invalid parameter "${key}" for ${this.constructor.name}. Valid parameters: ${Object.keys(this.params).join(', ')}.`,
        );
      }
    }
    this.params = { ...this.params, ...params };
    return this;
  }

  /**
   * scikit-learn's repr: the class name and the hyper-parameters that differ from the defaults
   * (a `new` instance's), sorted, with scikit-learn's snake_case names and Python literals —
   * `String(new SVC({ kernel: 'linear' }))` is `"SVC(kernel='linear')"`.
   */
  toString(): string {
    let defaults: Record<string, unknown> | undefined;
    try {
      const Ctor = this.constructor as new () => BaseEstimator<P>;
      defaults = new Ctor().getParams() as Record<string, unknown>;
    } catch {
      defaults = undefined; // no default construction: print every parameter
    }
    return estimatorRepr(
      this.constructor.name,
      this.getParams() as Record<string, unknown>,
      defaults,
    );
  }

  /**
   * An unfitted copy with equal hyper-parameters: nested estimators are cloned, arrays and plain
   * objects copied, and a `RandomState` copied in its current state (so each clone has its own
   * generator, as after scikit-learn's `clone`).
   */
  clone(): this {
    const Ctor = this.constructor as new (params: P) => this;
    return new Ctor(cloneParamValue(this.getParams()) as P);
  }
}

/**
 * Throws {@link NotFittedError} unless every named learned attribute is set.
 *
 * @param estimator the estimator to check
 * @param attributes learned fields that `fit` sets (default: `nFeaturesIn_`)
 */
export function checkIsFitted(
  estimator: object,
  attributes: string | string[] = 'nFeaturesIn_',
): void {
  const names = Array.isArray(attributes) ? attributes : [attributes];
  for (const name of names) {
    if ((estimator as Record<string, unknown>)[name] === undefined) {
      throw new NotFittedError(
        `This ${estimator.constructor.name} instance is not fitted yet. Call fit() with appropriate arguments before using this estimator.`,
      );
    }
  }
}

/**
 * Throws a ValidationError when `X` does not have the number of features the estimator was
 * fitted with.
 */
export function checkNFeatures(
  estimator: { nFeaturesIn_?: number },
  X: Matrix2D<FloatArray>,
): void {
  const expected = estimator.nFeaturesIn_;
  if (expected !== undefined && X.cols !== expected) {
    throw new ValidationError(
      `X has ${X.cols} features, but ${estimator.constructor.name} was fitted with ${expected} features. ` +
        'Use data prepared the same way (e.g. the same mask) for fitting and prediction.',
    );
  }
}

type EstimatorCtor = new (params?: never) => Estimator;
const registry = new Map<string, EstimatorCtor>();

/**
 * Registers an estimator class under a stable name, so that it can be rebuilt elsewhere (for
 * instance in a worker thread) from its name and `getParams()`.
 */
export function registerEstimator(name: string, ctor: EstimatorCtor): void {
  const existing = registry.get(name);
  if (existing !== undefined && existing !== ctor) {
    throw new ValidationError(`An estimator is already registered as "${name}".`);
  }
  registry.set(name, ctor);
}

/** The class registered under `name`, or undefined. */
export function getRegisteredEstimator(name: string): EstimatorCtor | undefined {
  return registry.get(name);
}

/** The name under which `estimator`'s class was registered, or undefined. */
export function registeredNameOf(estimator: object): string | undefined {
  for (const [name, ctor] of registry) if (estimator.constructor === ctor) return name;
  return undefined;
}
