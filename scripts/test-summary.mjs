#!/usr/bin/env node
// Totals the per-package vitest JSON summaries (written under CI) into one closing line:
// "Tests: N passed, N failed, N skipped". Exits non-zero when a package wrote none.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
for (const group of ['packages', 'apps', '.']) {
  const dirs = group === '.' ? ['docs'] : readdirSync(join(root, group)).map((d) => join(group, d));
  for (const dir of dirs) {
    const pkg = join(root, dir, 'package.json');
    if (
      !existsSync(pkg) ||
      !JSON.parse(readFileSync(pkg, 'utf8')).scripts?.test?.includes('vitest')
    )
      continue;
    const file = join(root, dir, '.vitest-results.json');
    if (!existsSync(file)) {
      missing.push(dir);
      continue;
    }
    const r = JSON.parse(readFileSync(file, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  }
}
if (missing.length) console.error(`No vitest results from: ${missing.join(', ')}`);
console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || missing.length > 0 ? 1 : 0);
