/**
 * The estimators of `@voxelkit/estimators` by name, for whoever rebuilds estimators from a name
 * and parameters — `@voxelkit/model-selection`'s fold workers (`nJobs > 1`) build their lookup
 * from this value. Nothing registers itself on import.
 *
 * To add an estimator: give its class `static readonly estimatorName: string = 'Name'` and add
 * it to the list below (one line).
 *
 * @module
 */
import { defineRegistry } from '@voxelkit/core';
import { DummyClassifier } from './dummy/dummy-classifier.js';
import { DummyRegressor } from './dummy-regressor.js';
import { SelectKBest, SelectPercentile } from './feature-selection/select.js';
import { Lasso } from './linear-model/lasso.js';
import { LassoCV } from './linear-model/lasso-cv.js';
import { LogisticRegression } from './linear-model/logistic-regression.js';
import { LogisticRegressionCV } from './linear-model/logistic-regression-cv.js';
import { Ridge, RidgeClassifier } from './linear-model/ridge.js';
import { RidgeClassifierCV, RidgeCV } from './linear-model/ridge-cv.js';
import { Pipeline } from './pipeline.js';
import { StandardScaler } from './preprocessing/standard-scaler.js';
import { LinearSVC } from './svm/linear-svc.js';
import { SVC } from './svm/svc.js';
import { SVR } from './svm/svr.js';

/** `@voxelkit/estimators`' estimator classes by their `estimatorName`. */
export const estimatorRegistry = /* @__PURE__ */ defineRegistry([
  DummyClassifier,
  DummyRegressor,
  Lasso,
  LassoCV,
  LinearSVC,
  LogisticRegression,
  LogisticRegressionCV,
  Pipeline,
  Ridge,
  RidgeClassifier,
  RidgeClassifierCV,
  RidgeCV,
  SelectKBest,
  SelectPercentile,
  StandardScaler,
  SVC,
  SVR,
]);
