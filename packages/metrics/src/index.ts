/**
 * `@voxelkit/metrics`: scikit-learn's classification and regression metrics (`sklearn.metrics`).
 *
 * @packageDocumentation
 */
export { type AccuracyOptions, accuracyScore } from './accuracy.js';
export { balancedAccuracyScore } from './balanced-accuracy.js';
export {
  type ConfusionMatrix,
  type ConfusionMatrixOptions,
  confusionMatrix,
} from './confusion-matrix.js';
export { MetricWarning } from './metric-warning.js';
export {
  type Average,
  f1Score,
  type PrecisionRecallOptions,
  precisionScore,
  recallScore,
} from './precision-recall-f1.js';
export { r2Score } from './r2.js';
export { type RocAucOptions, rocAucScore } from './roc-auc.js';
export {
  defaultScore,
  getScorer,
  type MultiScoring,
  type ResolvedScoring,
  resolveScoring,
  SCORER_NAMES,
  type ScorableEstimator,
  type Scoring,
  type ScoringFunction,
} from './scoring.js';
