/**
 * Locating the shared real-data test files (`../shared/data` beside the project root, or
 * `VOXELKIT_TEST_DATA`). Outside CI a missing file skips the tests that need it, with a printed
 * reason; under `CI=true` it is a failure.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

/** A test data file and whether it can be used. */
export interface TestDataFile {
  /** Absolute path (where it would be, when missing). */
  path: string;
  /** True when the file exists. */
  available: boolean;
  /** Why it is not available, for the skip message. */
  reason?: string;
}

/** The shared data directory, or undefined when none is found. */
export function testDataRoot(start: string = process.cwd()): string | undefined {
  const env = process.env.VOXELKIT_TEST_DATA;
  if (env) return isAbsolute(env) ? env : resolve(env);
  let dir = resolve(start);
  for (;;) {
    const candidate = join(dir, 'shared', 'data');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Looks up `relPath` (e.g. `'haxby-slice/haxby2001-slice/subj1/bold.nii.gz'`) in the shared
 * data. When it is missing: under `CI=true` this throws (the test file fails); otherwise it
 * prints why and returns `available: false`, so the caller can `describe.skipIf(!f.available)`.
 */
export function testData(relPath: string): TestDataFile {
  const root = testDataRoot();
  const path = root ? join(root, relPath) : resolve('..', 'shared', 'data', relPath);
  if (root && existsSync(path)) return { path, available: true };
  const reason = root
    ? `test data file ${path} does not exist`
    : 'no shared test data directory found (set VOXELKIT_TEST_DATA or put shared/data beside the project)';
  if (process.env.CI === 'true' || process.env.CI === '1') {
    throw new Error(`Required test data is missing under CI: ${reason}.`);
  }
  console.warn(`[voxelkit] skipping tests that need ${relPath}: ${reason}.`);
  return { path, available: false, reason };
}
