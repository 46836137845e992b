/**
 * `Pipeline` and `makePipeline`: transformers chained in front of a final estimator.
 *
 * @module
 */
import {
  BaseEstimator,
  checkIsFitted,
  type Estimator,
  type Label,
  type Matrix2D,
  type MatrixLike,
  registerEstimator,
  toMatrix,
  ValidationError,
} from '@voxelkit/core';

/** Any estimator a pipeline step can hold (the last step needs only `fit`). */
export type PipelineStep = Estimator & {
  fit(X: MatrixLike, y?: ArrayLike<Label>): unknown;
  transform?(X: MatrixLike): Matrix2D;
  fitTransform?(X: MatrixLike, y?: ArrayLike<Label>): Matrix2D;
  predict?(X: MatrixLike): Label[] | Float64Array;
  decisionFunction?(X: MatrixLike): Float64Array | Matrix2D;
  predictProba?(X: MatrixLike): Matrix2D;
  score?(X: MatrixLike, y: ArrayLike<Label>): number;
  estimatorType?: string;
};

type Returns<M> = M extends (...args: never[]) => infer R ? R : never;

/**
 * The type of a delegated method `K` of a pipeline whose final step is `F`: a function when `F`
 * always has it, possibly undefined when `F` may lack it, undefined when it cannot have it.
 */
export type Delegated<F, K extends keyof PipelineStep> = K extends keyof F
  ? undefined extends F[K]
    ? ((X: MatrixLike) => Returns<NonNullable<F[K]>>) | undefined
    : (X: MatrixLike) => Returns<F[K]>
  : undefined;

/** The last element of a tuple of steps. */
type LastOf<T extends readonly PipelineStep[]> = T extends readonly [...PipelineStep[], infer L]
  ? L
  : PipelineStep;

/** Hyper-parameters of {@link Pipeline}. */
export interface PipelineParams {
  /** `[name, estimator]` pairs; every step but the last must have `transform`. */
  steps: [string, PipelineStep][];
}

/**
 * A sequence of transforms followed by a final estimator (scikit-learn's `Pipeline`): `fit`
 * fits each transform on the output of the previous one, then the final estimator; `predict`,
 * `decisionFunction`, `predictProba`, `score` and `transform` pass data through the fitted
 * transforms first. Nested parameters are set with `setParams({ 'svc__C': 10 })`.
 *
 * @example
 * ```ts
 * const pipe = makePipeline(new StandardScaler(), new SVC({ kernel: 'linear' }));
 * pipe.fit(X, y).predict(Xtest); // typed from the final step: Label[] for an SVC
 * ```
 *
 * @typeParam F the final step's type (inferred by {@link makePipeline}), which types
 *   `predict`, `decisionFunction`, `predictProba` and `transform`.
 */
export class Pipeline<F extends PipelineStep = PipelineStep> extends BaseEstimator<PipelineParams> {
  /** Number of features the first step saw, set by `fit`. */
  nFeaturesIn_?: number;
  /** The final estimator's classes (when it has them), set by `fit`. */
  classes_?: Label[];

  static {
    registerEstimator('Pipeline', Pipeline as never);
  }

  constructor(params: Partial<PipelineParams> = {}) {
    super({ steps: [], ...params });
  }

  private checkSteps(): [string, PipelineStep][] {
    const { steps } = this.params;
    if (!Array.isArray(steps) || steps.length === 0) {
      throw new ValidationError(
        'A Pipeline needs at least one step: steps = [[name, estimator], …].',
      );
    }
    const names = new Set<string>();
    steps.forEach((step, i) => {
      if (
        !Array.isArray(step) ||
        typeof step[0] !== 'string' ||
        typeof step[1]?.fit !== 'function'
      ) {
        throw new ValidationError(`Pipeline step ${i} must be [name, estimator with fit()].`);
      }
      if (names.has(step[0]))
        throw new ValidationError(`Pipeline step names must be unique; "${step[0]}" repeats.`);
      if (step[0].includes('__'))
        throw new ValidationError(`Pipeline step name "${step[0]}" must not contain "__".`);
      names.add(step[0]);
      if (i < steps.length - 1 && typeof step[1].transform !== 'function') {
        throw new ValidationError(
          `Pipeline step "${step[0]}" is not last, so it must be a transformer (have transform()).`,
        );
      }
    });
    return steps;
  }

  /** The named steps, as an object. */
  get namedSteps(): Record<string, PipelineStep> {
    return Object.fromEntries(this.params.steps);
  }

  /** The final estimator. */
  get finalEstimator(): PipelineStep {
    const steps = this.params.steps;
    const last = steps[steps.length - 1];
    if (last === undefined) throw new ValidationError('This Pipeline has no steps.');
    return last[1];
  }

  /** The final estimator's `estimatorType` ('classifier', 'regressor', …). */
  get estimatorType(): string | undefined {
    return this.params.steps[this.params.steps.length - 1]?.[1].estimatorType;
  }

  /**
   * Sets parameters; `step__param` names reach into a step, a bare step name replaces it.
   * Returns `this`.
   */
  override setParams(params: Partial<PipelineParams> & Record<string, unknown>): this {
    const own: Partial<PipelineParams> = {};
    for (const [key, value] of Object.entries(params)) {
      const split = key.indexOf('__');
      if (key === 'steps') own.steps = value as PipelineParams['steps'];
      else if (split > 0) {
        const name = key.slice(0, split);
        const step = this.params.steps.find(([n]) => n === name);
        if (!step)
          throw new ValidationError(
            `Invalid parameter "${key}": this Pipeline has no step "${name}".`,
          );
        step[1].setParams({ [key.slice(split + 2)]: value });
      } else {
        const index = this.params.steps.findIndex(([n]) => n === key);
        if (index < 0) {
          throw new ValidationError(
            `Invalid parameter "${key}" for Pipeline. Valid: steps, a step name, or step__param.`,
          );
        }
        const steps = this.params.steps.slice();
        steps[index] = [key, value as PipelineStep];
        own.steps = steps;
      }
    }
    return super.setParams(own);
  }

  private transformThrough(X: MatrixLike): MatrixLike {
    checkIsFitted(this, 'nFeaturesIn_');
    let Xt: MatrixLike = X;
    const steps = this.params.steps;
    for (let i = 0; i < steps.length - 1; i++)
      Xt = (steps[i]![1].transform as (x: MatrixLike) => Matrix2D).call(steps[i]![1], Xt);
    return Xt;
  }

  /** Fits every transform in turn and then the final estimator; returns `this`. */
  fit(X: MatrixLike, y?: ArrayLike<Label>): this {
    const steps = this.checkSteps();
    let Xt: MatrixLike = X;
    for (let i = 0; i < steps.length - 1; i++) {
      const est = steps[i]![1];
      if (est.fitTransform) Xt = est.fitTransform(Xt, y);
      else {
        est.fit(Xt, y);
        Xt = (est.transform as (x: MatrixLike) => Matrix2D).call(est, Xt);
      }
    }
    const last = steps[steps.length - 1]![1];
    last.fit(Xt, y);
    const first = steps[0]![1] as { nFeaturesIn_?: number };
    this.nFeaturesIn_ = first.nFeaturesIn_ ?? toMatrix(X).cols;
    this.classes_ = (last as { classes_?: Label[] }).classes_;
    return this;
  }

  private delegate<R>(
    name: 'predict' | 'decisionFunction' | 'predictProba' | 'transform',
  ): ((X: MatrixLike) => R) | undefined {
    const est = this.params.steps[this.params.steps.length - 1]?.[1];
    const fn = est?.[name] as ((X: MatrixLike) => R) | undefined;
    if (typeof fn !== 'function') return undefined;
    return (X: MatrixLike) => fn.call(est, this.transformThrough(X));
  }

  /**
   * Transforms `X` through the fitted transforms, then predicts with the final estimator.
   * Undefined when the final estimator cannot predict (as scikit-learn's `available_if`).
   */
  get predict(): Delegated<F, 'predict'> {
    return this.delegate('predict') as Delegated<F, 'predict'>;
  }

  /** The final estimator's decision function on transformed `X` (when it has one). */
  get decisionFunction(): Delegated<F, 'decisionFunction'> {
    return this.delegate('decisionFunction') as Delegated<F, 'decisionFunction'>;
  }

  /** The final estimator's class probabilities on transformed `X` (when it has them). */
  get predictProba(): Delegated<F, 'predictProba'> {
    return this.delegate('predictProba') as Delegated<F, 'predictProba'>;
  }

  /** Applies every step's `transform`, the final one included (when the final step has one). */
  get transform(): Delegated<F, 'transform'> {
    return this.delegate('transform') as Delegated<F, 'transform'>;
  }

  /** The final estimator's score on transformed `X`. */
  score(X: MatrixLike, y: ArrayLike<Label>): number {
    const est = this.finalEstimator;
    if (typeof est.score !== 'function')
      throw new ValidationError('The final step of this Pipeline has no score().');
    return est.score(this.transformThrough(X), y);
  }
}

/**
 * Builds a {@link Pipeline} naming each step after its class in lower case (`'standardscaler'`,
 * `'svc'`), with `-1`, `-2`, … appended to repeated names — as scikit-learn's `make_pipeline`.
 */
export function makePipeline<const T extends readonly PipelineStep[]>(
  ...estimators: T
): Pipeline<LastOf<T>> {
  const base = estimators.map((e) => e.constructor.name.toLowerCase());
  const steps = estimators.map((e, i): [string, PipelineStep] => {
    const name = base[i] as string;
    if (base.filter((b) => b === name).length === 1) return [name, e];
    return [`${name}-${base.slice(0, i + 1).filter((b) => b === name).length}`, e];
  });
  return new Pipeline<LastOf<T>>({ steps });
}
