/**
 * The warnings of `@voxelkit/masking`, one class per kind so that a warning handler can filter
 * them (`setWarningHandler` from `@voxelkit/core`). All extend core's `VoxelkitWarning`.
 *
 * @module
 */
import { VoxelkitWarning } from '@voxelkit/core';

/** A computed mask is empty (nilearn's `MaskWarning`). */
export class MaskWarning extends VoxelkitWarning {}

/** Non-finite values inside the mask were replaced by 0, as nilearn does. */
export class NonFiniteWarning extends VoxelkitWarning {}

/** A Butterworth cut-off frequency was moved into (0, Nyquist), as nilearn does. */
export class FilterWarning extends VoxelkitWarning {}

/** Standardization was skipped or set series to 0 (a single scan, `'psc'` on a zero mean). */
export class StandardizeWarning extends VoxelkitWarning {}
