/**
 * The estimators of `@voxelkit/estimators` by name, for whoever rebuilds estimators from a name
 * and parameters — `@voxelkit/model-selection`'s fold workers (`nJobs > 1`) build their lookup
 * from this value. Nothing registers itself on import.
 *
 * To add an estimator: give its class `static readonly estimatorName = 'Name'` and add it to
 * the list below (one line).
 *
 * @module
 */
import { DummyClassifier, defineRegistry } from '@voxelkit/core';
import { Pipeline } from './pipeline.js';
import { StandardScaler } from './preprocessing/standard-scaler.js';
import { LinearSVC } from './svm/linear-svc.js';
import { SVC } from './svm/svc.js';

/** `@voxelkit/estimators`' estimator classes by their `estimatorName`. */
export const estimatorRegistry = /* @__PURE__ */ defineRegistry([
  DummyClassifier,
  LinearSVC,
  Pipeline,
  StandardScaler,
  SVC,
]);
