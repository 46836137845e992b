/**
 * The estimators of `@voxelkit/masking` by name, for whoever rebuilds estimators from a name
 * and parameters (e.g. a worker entry: `mergeRegistries([estimatorRegistry, …])`).
 *
 * @module
 */
import { defineRegistry } from '@voxelkit/core';
import { NiftiMasker } from './nifti-masker.js';

/** `@voxelkit/masking`'s estimator classes by their `estimatorName`. */
export const estimatorRegistry = /* @__PURE__ */ defineRegistry([NiftiMasker]);
