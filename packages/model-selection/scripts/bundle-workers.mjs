#!/usr/bin/env node
// Bundles the fold-worker entries into self-contained files over tsc's output: a module worker
// sees no import map and a bundler may copy the file as is, so the worker must have no bare
// imports. The bundles carry @voxelkit/core, @voxelkit/metrics and the estimators of
// `estimatorRegistry` (a build-time dependency), hence no runtime dependency on
// @voxelkit/estimators.
// The entries are the TypeScript sources, not tsc's dist/workers/fold-worker*.js: those files are
// replaced by the bundles, and an incremental `tsc -b` does not emit them again when only another
// module (serve.ts, tasks.ts, …) changed — bundling them would re-bundle the previous build.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const common = {
  absWorkingDir: root,
  bundle: true,
  format: 'esm',
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  // Built packages (dist), not their sources.
  conditions: [],
};
await Promise.all([
  build({
    ...common,
    entryPoints: ['src/workers/fold-worker.web.ts'],
    outfile: 'dist/workers/fold-worker.web.js',
    allowOverwrite: true,
    platform: 'browser',
    target: ['es2022'],
  }),
  build({
    ...common,
    entryPoints: ['src/workers/fold-worker.ts'],
    outfile: 'dist/workers/fold-worker.js',
    allowOverwrite: true,
    platform: 'node',
    target: ['node20'],
  }),
]);
// tsc's source maps describe the unbundled files the bundles replaced.
for (const map of ['dist/workers/fold-worker.web.js.map', 'dist/workers/fold-worker.js.map']) {
  rmSync(join(root, map), { force: true });
}
