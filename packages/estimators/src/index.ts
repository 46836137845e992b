/**
 * `@voxelkit/estimators`: a libsvm-equivalent `SVC`, `LinearSVC`, `StandardScaler`, `Pipeline`
 * and scikit-learn's classification/regression metrics.
 *
 * @packageDocumentation
 */
export { computeClassWeight } from './class-weight.js';
export {
  LogisticRegression,
  type LogisticRegressionParams,
} from './linear-model/logistic-regression.js';
export { type AccuracyOptions, accuracyScore } from './metrics/accuracy.js';
export { balancedAccuracyScore } from './metrics/balanced-accuracy.js';
export {
  type ConfusionMatrix,
  type ConfusionMatrixOptions,
  confusionMatrix,
} from './metrics/confusion-matrix.js';
export {
  type Average,
  f1Score,
  type PrecisionRecallOptions,
  precisionScore,
  recallScore,
} from './metrics/precision-recall-f1.js';
export { r2Score } from './metrics/r2.js';
export { type RocAucOptions, rocAucScore } from './metrics/roc-auc.js';
export {
  makePipeline,
  Pipeline,
  type PipelineParams,
  type PipelineStep,
} from './pipeline.js';
export {
  StandardScaler,
  type StandardScalerParams,
} from './preprocessing/standard-scaler.js';
export type { KernelName } from './svm/kernels.js';
export { type L1MinCOptions, l1MinC } from './svm/l1-min-c.js';
export { LinearSVC, type LinearSVCParams } from './svm/linear-svc.js';
export { type ClassWeight, SVC, type SVCParams } from './svm/svc.js';
