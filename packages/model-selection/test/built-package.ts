/**
 * The tests that run the built package (its dist, with the self-contained worker bundles) need
 * it built. Under `npm test` turbo builds it first (this package's turbo.json); a bare `vitest`
 * run builds it here, once, when the worker bundle is missing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's root directory. */
export const pkgDir = fileURLToPath(new URL('..', import.meta.url));

/** Builds dist (tsc, then the worker bundles) unless the browser worker bundle is there. */
export function ensureBuilt(): void {
  if (existsSync(join(pkgDir, 'dist/workers/fold-worker.web.js'))) return;
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: pkgDir, stdio: 'pipe' });
  // The published worker entries are the self-contained bundles, not tsc's output.
  execFileSync(process.execPath, ['scripts/bundle-workers.mjs'], { cwd: pkgDir, stdio: 'pipe' });
}
