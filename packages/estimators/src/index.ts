/**
 * `@voxelkit/estimators`: a libsvm-equivalent `SVC`, `LinearSVC`, `DummyClassifier`,
 * `StandardScaler` and `Pipeline` (the metrics are in `@voxelkit/metrics`).
 *
 * @packageDocumentation
 */
export { BaseClassifier } from './base-classifier.js';
export { computeClassWeight } from './class-weight.js';
export {
  DummyClassifier,
  type DummyClassifierParams,
  type DummyStrategy,
} from './dummy/dummy-classifier.js';
export {
  DummyRegressor,
  type DummyRegressorParams,
  type DummyRegressorStrategy,
} from './dummy-regressor.js';
export {
  betaIncomplete,
  fSurvival,
  logBeta,
  logGamma,
} from './feature-selection/f-distribution.js';
export {
  numpyPercentile,
  type ScoreFunc,
  type ScoreResult,
  SelectKBest,
  type SelectKBestParams,
  SelectPercentile,
  type SelectPercentileParams,
} from './feature-selection/select.js';
export {
  type FRegressionOptions,
  type FTestResult,
  fClassif,
  fRegression,
} from './feature-selection/univariate.js';
export {
  type CdOptions,
  type CdResult,
  cdDense,
  cdGram,
} from './linear-model/coordinate-descent.js';
export { type CvSplit, type CvSplitter, kFoldSplits } from './linear-model/k-fold.js';
export { Lasso, type LassoParams } from './linear-model/lasso.js';
export {
  LassoCV,
  type LassoCVParams,
  lassoAlphaGrid,
} from './linear-model/lasso-cv.js';
export {
  LogisticRegression,
  type LogisticRegressionParams,
} from './linear-model/logistic-regression.js';
export {
  type Array3D,
  LogisticRegressionCV,
  type LogisticRegressionCVParams,
} from './linear-model/logistic-regression-cv.js';
export type { Targets } from './linear-model/preprocess-data.js';
export {
  Ridge,
  RidgeClassifier,
  type RidgeClassifierParams,
  type RidgeParams,
} from './linear-model/ridge.js';
export {
  type GcvMode,
  RidgeClassifierCV,
  type RidgeClassifierCVParams,
  RidgeCV,
  type RidgeCVParams,
  type RidgeScoring,
} from './linear-model/ridge-cv.js';
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
export { estimatorRegistry } from './registry.js';
export type { KernelName } from './svm/kernels.js';
export { type L1MinCOptions, l1MinC } from './svm/l1-min-c.js';
export { LinearSVC, type LinearSVCParams } from './svm/linear-svc.js';
export { type ClassWeight, SVC, type SVCParams } from './svm/svc.js';
export { SVR, type SVRParams } from './svm/svr.js';
