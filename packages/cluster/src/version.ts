/**
 * The version of `@voxelkit/cluster` that a run and a worker compare (from the package's own
 * package.json, beside `src/` and `dist/` alike).
 *
 * @module
 */
import { readFileSync } from 'node:fs';

/** This package's version, e.g. `'0.1.0'`. */
export const CLUSTER_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;
