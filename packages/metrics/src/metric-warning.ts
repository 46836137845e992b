/**
 * `MetricWarning`: a metric's value is computed on fewer classes than it was given.
 *
 * @module
 */
import { VoxelkitWarning } from '@voxelkit/core';

/**
 * Emitted (through `warn` from `@voxelkit/core`) when a metric leaves something out, e.g.
 * `balancedAccuracyScore` ignoring classes that occur only in `yPred` (scikit-learn warns there
 * too).
 */
export class MetricWarning extends VoxelkitWarning {}
