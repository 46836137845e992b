/**
 * nJobs > 1 on the BUILT package, in a plain Node process (no vitest, no tsx): the worker script
 * is dist/workers/fold-worker.js, estimators come from the dependencies' dist. Builds this
 * package first (`tsc -p tsconfig.json`; the dependencies must be built, as turbo does before
 * tests).
 */
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';

import { ensureBuilt, pkgDir } from '../../test/built-package.js';

const script = `
import { crossValScore, permutationTestScore, LeaveOneGroupOut, KFold } from './dist/index.js';
import { DummyClassifier, SVC } from '@voxelkit/estimators';
import { RandomState } from '@voxelkit/core';
const rng = new RandomState(7);
const n = 60, p = 25;
const data = new Float64Array(n * p);
const y = Array.from({ length: n }, (_, i) => (i % 3 ? 'face' : 'cat'));
for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) data[i * p + j] = rng.standardNormal() + (y[i] === 'face' && j < 5 ? 0.7 : 0);
const X = { data, rows: n, cols: p };
const groups = Array.from({ length: n }, (_, i) => Math.floor(i / 10));
const out = {};
for (const nJobs of [1, 2]) {
  const logo = await crossValScore(new SVC({ kernel: 'linear' }), X, y, { cv: new LeaveOneGroupOut(), groups, nJobs });
  const kfold = await crossValScore(new DummyClassifier(), X, y, { cv: new KFold({ nSplits: 4 }), nJobs, scoring: 'balanced_accuracy' });
  const perm = await permutationTestScore(new SVC({ kernel: 'linear', C: 0.5 }), X, y, { cv: new LeaveOneGroupOut(), groups, nPermutations: 8, nJobs });
  out[nJobs] = { logo: Array.from(logo), kfold: Array.from(kfold), score: perm.score, perm: Array.from(perm.permutationScores), pvalue: perm.pvalue };
}
let unregistered = '';
class Mine extends DummyClassifier {}
await crossValScore(new Mine(), X, y, { nJobs: 2 }).catch((e) => { unregistered = e.name + ': ' + e.message; });
out.unregistered = unregistered;
console.log(JSON.stringify(out));
`;

describe('nJobs on the built dist (plain Node worker_threads)', () => {
  beforeAll(ensureBuilt);

  it('gives results identical to nJobs 1, and a clear error for unregistered estimators', () => {
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    const stdout = execFileSync(process.execPath, ['--input-type=module'], {
      cwd: pkgDir,
      encoding: 'utf8',
      input: script,
      env,
    });
    const out = JSON.parse(stdout.trim().split('\n').pop() as string);
    expect(out[1].logo).toHaveLength(6);
    expect(out[2]).toEqual(out[1]);
    expect(out[1].perm).toHaveLength(8);
    expect(out.unregistered).toMatch(
      /^ValidationError: Mine .* has no own "static readonly estimatorName"/,
    );
  });
});
