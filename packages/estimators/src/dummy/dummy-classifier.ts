/**
 * `DummyClassifier`: predictions that ignore the features (scikit-learn's baseline classifier).
 *
 * @module
 */
import {
  type Classifier,
  checkIsFitted,
  checkNFeatures,
  encodeLabels,
  type Label,
  type Matrix2D,
  type MatrixLike,
  RandomState,
  toLabels,
  toMatrix,
  uniqueLabels,
  ValidationError,
} from '@voxelkit/core';
import { BaseClassifier } from '../base-classifier.js';

/** Strategies of {@link DummyClassifier}, as in scikit-learn. */
export type DummyStrategy = 'most_frequent' | 'prior' | 'stratified' | 'uniform' | 'constant';

/** Hyper-parameters of {@link DummyClassifier}. */
export interface DummyClassifierParams {
  /** How to predict (default `'prior'`, sklearn ≥ 0.24). */
  strategy: DummyStrategy;
  /** Seed for `'stratified'` and `'uniform'`. */
  randomState: number | undefined;
  /** The label predicted by `'constant'`. */
  constant: Label | undefined;
}

const STRATEGIES: readonly DummyStrategy[] = [
  'most_frequent',
  'prior',
  'stratified',
  'uniform',
  'constant',
];

/**
 * A classifier that predicts from the training labels alone: `most_frequent` and `prior` predict
 * the most frequent class (ties go to the first in sorted order), `uniform` draws classes
 * uniformly, `stratified` draws them with the training frequencies, `constant` predicts
 * `constant`. Useful as the chance level of a decoding analysis.
 *
 * `uniform` and `stratified` draw the same classes as scikit-learn for the same `randomState`
 * (`stratified`: numpy's multinomial stream).
 */
export class DummyClassifier
  extends BaseClassifier<DummyClassifierParams>
  implements Classifier<DummyClassifierParams>
{
  readonly estimatorType = 'classifier' as const;
  classes_?: Label[];
  classPrior_?: Float64Array;
  nFeaturesIn_?: number;

  /** The name this class crosses into worker threads under (see `defineRegistry`). */
  static readonly estimatorName: string = 'DummyClassifier';

  constructor(params: Partial<DummyClassifierParams> = {}) {
    super({ strategy: 'prior', randomState: undefined, constant: undefined, ...params });
  }

  /** Learns the classes and their frequencies; returns `this`. */
  fit(X: MatrixLike, y: ArrayLike<Label>): this {
    const { strategy, constant } = this.params;
    if (!STRATEGIES.includes(strategy)) {
      throw new ValidationError(
        `Unknown strategy "${String(strategy)}": use one of ${STRATEGIES.join(', ')}.`,
      );
    }
    const Xm = toMatrix(X);
    const labels = toLabels(y, Xm.rows);
    const classes = uniqueLabels(labels);
    if (strategy === 'constant') {
      if (constant === undefined) {
        throw new ValidationError('strategy "constant" needs the `constant` parameter (a label).');
      }
      if (!classes.includes(constant)) {
        throw new ValidationError(
          `The constant target value ${JSON.stringify(constant)} is not one of the training labels (${classes.join(', ')}).`,
        );
      }
    }
    const codes = encodeLabels(labels, classes);
    const prior = new Float64Array(classes.length);
    for (const c of codes) prior[c] = (prior[c] as number) + 1;
    for (let k = 0; k < prior.length; k++) prior[k] = (prior[k] as number) / codes.length;
    this.classes_ = classes;
    this.classPrior_ = prior;
    this.nFeaturesIn_ = Xm.cols;
    return this;
  }

  private mostFrequent(): number {
    const prior = this.classPrior_ as Float64Array;
    let best = 0;
    for (let k = 1; k < prior.length; k++)
      if ((prior[k] as number) > (prior[best] as number)) best = k;
    return best;
  }

  private checkX(X: MatrixLike): Matrix2D {
    checkIsFitted(this, 'classes_');
    const Xm = toMatrix(X);
    checkNFeatures(this, Xm);
    return Xm;
  }

  /**
   * Predicts a label per row of `X`. With `stratified`/`uniform`, a fresh generator seeded with
   * `randomState` is used per call, so equal calls give equal answers.
   */
  predict(X: MatrixLike): Label[] {
    const Xm = this.checkX(X);
    const classes = this.classes_ as Label[];
    const { strategy, constant } = this.params;
    const rng = new RandomState(this.params.randomState ?? 0);
    const out: Label[] = new Array(Xm.rows);
    if (strategy === 'uniform') {
      for (let i = 0; i < Xm.rows; i++) out[i] = classes[rng.randint(0, classes.length)] as Label;
    } else if (strategy === 'stratified') {
      const draws = this.stratifiedDraws(Xm.rows);
      for (let i = 0; i < Xm.rows; i++) out[i] = classes[draws[i] as number] as Label;
    } else {
      const label =
        strategy === 'constant' ? (constant as Label) : (classes[this.mostFrequent()] as Label);
      out.fill(label);
    }
    return out;
  }

  /**
   * The class drawn for each of `n` rows by `'stratified'`: numpy's
   * `RandomState(randomState).multinomial(1, classPrior_, size=n)` (scikit-learn's draws),
   * each row a chain of one-trial binomials by inversion, as numpy's `random_multinomial`.
   */
  private stratifiedDraws(n: number): Int32Array {
    const prior = this.classPrior_ as Float64Array;
    const d = prior.length;
    const rng = new RandomState(this.params.randomState ?? 0);
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let remaining = 1;
      let sum = 1;
      let drawn = d - 1;
      for (let j = 0; j < d - 1; j++) {
        const p = (prior[j] as number) / sum;
        let x = 0;
        if (p !== 0) {
          // numpy's random_binomial(p, 1): inversion on p (p ≤ 0.5) or on 1 − p.
          const u = rng.randomSample();
          x = p <= 0.5 ? (u > 1 - p ? 1 : 0) : 1 - (u > p ? 1 : 0);
        }
        remaining -= x;
        if (remaining <= 0) {
          drawn = j;
          break;
        }
        sum -= prior[j] as number;
      }
      out[i] = drawn;
    }
    return out;
  }

  /** Class probabilities (n × k), as sklearn's `predict_proba` for each strategy. */
  predictProba(X: MatrixLike): Matrix2D {
    const Xm = this.checkX(X);
    const k = (this.classes_ as Label[]).length;
    const data = new Float64Array(Xm.rows * k);
    const { strategy } = this.params;
    if (strategy === 'prior') {
      for (let i = 0; i < Xm.rows; i++) data.set(this.classPrior_ as Float64Array, i * k);
    } else {
      const predicted = encodeLabels(this.predict(Xm), this.classes_ as Label[]);
      if (strategy === 'uniform') data.fill(1 / k);
      else for (let i = 0; i < Xm.rows; i++) data[i * k + (predicted[i] as number)] = 1;
    }
    return { data, rows: Xm.rows, cols: k };
  }
}
