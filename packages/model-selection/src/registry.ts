/**
 * The estimators of `@voxelkit/model-selection` by name (`LogisticRegressionCV`), for whoever
 * rebuilds estimators from a name and parameters — the fold workers merge it with
 * `@voxelkit/estimators`' registry. Nothing registers itself on import.
 *
 * @module
 */
import { defineRegistry } from '@voxelkit/core';
import { LogisticRegressionCV } from './logistic-regression-cv.js';

/** `@voxelkit/model-selection`'s estimator classes by their `estimatorName`. */
export const estimatorRegistry = /* @__PURE__ */ defineRegistry([LogisticRegressionCV]);
