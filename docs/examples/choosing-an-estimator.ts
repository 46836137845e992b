// "Choosing an estimator": every classifier of @voxelkit/estimators on the real Haxby 2001 slice
// set (one axial slice, 530 ventral-temporal voxels), face vs cat, leave-one-run-out.
// The slice set is found as the tests find it (VOXELKIT_TEST_DATA, or shared/data beside the
// project); without it this page prints why and stops — except under CI=true, where it fails.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setWarningHandler, takeRows } from '@voxelkit/core';
import { testDataRoot } from '@voxelkit/core/testing';
import {
  DummyClassifier,
  fClassif,
  LinearSVC,
  LogisticRegression,
  makePipeline,
  RidgeClassifier,
  RidgeClassifierCV,
  SelectPercentile,
  SVC,
} from '@voxelkit/estimators';
import { NiftiMasker } from '@voxelkit/masking';
import { crossValScore, LeaveOneGroupOut } from '@voxelkit/model-selection';

// #region data
const root = testDataRoot(fileURLToPath(new URL('.', import.meta.url)));
const dir = root && `${root}/haxby-slice/haxby2001-slice/subj1/`;
let labelsText: string | undefined;
try {
  labelsText = dir ? readFileSync(`${dir}labels.txt`, 'utf8') : undefined;
} catch {
  labelsText = undefined;
}
if (dir === undefined || labelsText === undefined) {
  const reason = 'the Haxby slice set (shared/data/haxby-slice) was not found';
  if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(`${reason} under CI`);
  console.log(`Skipped: ${reason}; set VOXELKIT_TEST_DATA to the shared data directory.`);
  process.exit(0);
}
// Mask the 4-D run with the ventral-temporal mask; z-score each voxel over all 1452 volumes
// (nilearn's standardize=True), then keep the face and cat volumes.
const masker = new NiftiMasker({ maskImg: `${dir}mask4_vt.nii.gz`, standardize: true });
const all = await masker.fitTransform(`${dir}bold.nii.gz`);
const rows = labelsText
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.trim().split(/\s+/));
const keep = rows.flatMap(([label], i) => (label === 'face' || label === 'cat' ? [i] : []));
const X = takeRows(all, keep);
const y = keep.map((i) => rows[i]![0]!);
const runs = keep.map((i) => Number(rows[i]![1]));
console.log(`X: ${X.rows} volumes x ${X.cols} voxels; ${new Set(runs).size} runs`);
// #endregion data

// #region scores
// One fit per left-out run; each score is the accuracy on that run's 18 volumes.
const candidates = {
  'SVC (linear)': () => new SVC({ kernel: 'linear' }),
  'LinearSVC (L2)': () => new LinearSVC(),
  'LinearSVC (L1)': () => new LinearSVC({ penalty: 'l1', dual: false }),
  'LogisticRegression (L2)': () => new LogisticRegression(),
  'LogisticRegression (L1)': () => new LogisticRegression({ penalty: 'l1' }),
  RidgeClassifier: () => new RidgeClassifier(),
  'RidgeClassifierCV (8 alphas)': () =>
    new RidgeClassifierCV({ alphas: [0.01, 0.1, 1, 10, 100, 1000, 1e4, 1e5] }),
  'ANOVA 10% + SVC': () =>
    makePipeline(
      new SelectPercentile({ scoreFunc: fClassif, percentile: 10 }),
      new SVC({ kernel: 'linear' }),
    ),
  'DummyClassifier (chance)': () => new DummyClassifier(),
};
const cv = new LeaveOneGroupOut();
const fmt = (s: ArrayLike<number>) => Array.from(s, (v) => v.toFixed(3)).join(' ');
// Count the warnings of each classifier's 12 fits instead of printing each one.
let warnings: string[] = [];
setWarningHandler((w) => warnings.push(w.name));
for (const [name, make] of Object.entries(candidates)) {
  warnings = [];
  const scores = await crossValScore(make(), X, y, { cv, groups: runs });
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  console.log(`${name.padEnd(29)} mean ${mean.toFixed(3)}  runs: ${fmt(scores)}`);
  if (warnings.length > 0)
    console.log(`${''.padEnd(29)} (${warnings[0]} in ${warnings.length} fits)`);
}
// #endregion scores
