/**
 * Collecting warnings in tests.
 *
 * @module
 */
import { afterEach, beforeEach } from 'vitest';
import { setWarningHandler, type VoxelkitWarning, type WarningHandler } from '../errors.js';

/**
 * Routes every voxelkit warning into the returned array for the tests of the calling file (or
 * `describe` block): the array is emptied before each test and the previous handler is restored
 * after it. Call it once at the top level of a test file or inside a `describe`.
 *
 * ```ts
 * const warnings = captureWarnings();
 * it('warns', () => { fitSomething(); expect(warnings[0]).toBeInstanceOf(ConvergenceWarning); });
 * ```
 */
export function captureWarnings(): VoxelkitWarning[] {
  const warnings: VoxelkitWarning[] = [];
  let previous: WarningHandler | undefined;
  beforeEach(() => {
    warnings.length = 0;
    previous = setWarningHandler((w) => warnings.push(w));
  });
  afterEach(() => {
    if (previous) setWarningHandler(previous);
  });
  return warnings;
}
