/**
 * Test helpers for voxelkit packages and for anyone writing an estimator: the conformance suite
 * and the shared test-data locator. Node only; needs vitest.
 *
 * @packageDocumentation
 */

export { captureWarnings } from './capture-warnings.js';
export {
  type CheckableEstimator,
  type CheckData,
  type CheckEstimatorOptions,
  type CheckResult,
  checkEstimator,
  deepEqual,
  ESTIMATOR_CHECKS,
  type EstimatorCheck,
  type InvalidInput,
  learnedState,
  makeCheckData,
  runEstimatorChecks,
} from './check-estimator.js';
export { type TestDataFile, testData, testDataRoot } from './test-data.js';
