/**
 * `@voxelkit/estimators`: a libsvm-equivalent `SVC`, `LinearSVC`, `DummyClassifier`,
 * `StandardScaler` and `Pipeline` (the metrics are in `@voxelkit/metrics`).
 *
 * @packageDocumentation
 */
export { BaseClassifier } from './base-classifier.js';
export {
  DummyClassifier,
  type DummyClassifierParams,
  type DummyStrategy,
} from './dummy/dummy-classifier.js';
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
export { LinearSVC, type LinearSVCParams } from './svm/linear-svc.js';
export { type ClassWeight, SVC, type SVCParams } from './svm/svc.js';
export { SVR, type SVRParams } from './svm/svr.js';
