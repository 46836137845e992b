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
  registerEstimator,
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
 * `uniform` draws the same classes as scikit-learn for the same `randomState`; `stratified`
 * follows the same distribution but not numpy's multinomial stream.
 */
export class DummyClassifier
  extends BaseClassifier<DummyClassifierParams>
  implements Classifier<DummyClassifierParams>
{
  readonly estimatorType = 'classifier' as const;
  classes_?: Label[];
  classPrior_?: Float64Array;
  nFeaturesIn_?: number;

  static {
    registerEstimator('DummyClassifier', DummyClassifier as never);
  }

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
      const prior = this.classPrior_ as Float64Array;
      for (let i = 0; i < Xm.rows; i++) {
        const u = rng.randomSample();
        let acc = 0;
        let k = 0;
        for (; k < prior.length - 1; k++) {
          acc += prior[k] as number;
          if (u < acc) break;
        }
        out[i] = classes[k] as Label;
      }
    } else {
      const label =
        strategy === 'constant' ? (constant as Label) : (classes[this.mostFrequent()] as Label);
      out.fill(label);
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
