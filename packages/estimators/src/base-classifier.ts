/**
 * `BaseClassifier`: what every voxelkit classifier shares (scikit-learn's `ClassifierMixin`) —
 * `estimatorType = 'classifier'` and one `score`, the mean accuracy of `predict`.
 *
 * @module
 */
import { BaseEstimator, type Label, type MatrixLike, toLabels } from '@voxelkit/core';
import { accuracyScore } from '@voxelkit/metrics';

/**
 * Base class of the classifiers: subclasses declare `estimatorType = 'classifier'` and implement
 * `fit` and `predict`; `score` is scikit-learn's `ClassifierMixin.score`,
 * `accuracyScore(y, this.predict(X))`.
 *
 * @example
 * ```ts
 * class Majority extends BaseClassifier<{}> implements Classifier<{}> {
 *   readonly estimatorType = 'classifier' as const;
 *   fit(X: MatrixLike, y: ArrayLike<Label>): this { … }
 *   predict(X: MatrixLike): Label[] { … }
 * }
 * ```
 */
export abstract class BaseClassifier<P extends object> extends BaseEstimator<P> {
  /**
   * Mean accuracy of `predict(X)` against `y` (scikit-learn's `score` of every classifier).
   *
   * @throws NotFittedError before `fit`; ValidationError when `y` does not have one label per
   *   row of `X`.
   */
  score(this: BaseClassifier<P> & Predicts, X: MatrixLike, y: ArrayLike<Label>): number {
    const predicted = this.predict(X);
    return accuracyScore(toLabels(y, predicted.length), predicted);
  }
}

interface Predicts {
  predict(X: MatrixLike): Label[];
}
