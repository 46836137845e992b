// nilearn's "introduction tutorial to fMRI decoding" (Haxby 2001, face vs cat), in voxelkit.
// The docs run it on the small synthetic Haxby dataset; for the real data, replace
// `fetchHaxbySynthetic({ size: 'small', dataDir })` with `fetchHaxby()`.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { takeRows } from '@voxelkit/core';
import { fetchHaxbySynthetic } from '@voxelkit/datasets';
import { SVC } from '@voxelkit/estimators';
import { NiftiMasker } from '@voxelkit/masking';
import { crossValScore, KFold, LeaveOneGroupOut } from '@voxelkit/model-selection';
import { formatHeader, readNifti, writeNifti } from '@voxelkit/nifti-io';
import { plotRoi, plotStatMap, savefig } from '@voxelkit/plotting';

const fmt = (scores: ArrayLike<number>) => `[${Array.from(scores, (s) => s.toFixed(4)).join(' ')}]`;

// #region fetch
const haxbyDataset = await fetchHaxbySynthetic({ size: 'small', dataDir: 'voxelkit_data' });
// 'func' is a list of filenames: one for each subject
const fmriFilename = haxbyDataset.func[0];
// print basic information on the dataset (relative to the working directory)
console.log(
  `First subject functional nifti images (4D) are at: ${relative(process.cwd(), fmriFilename)}`,
);
// #endregion fetch

// #region plot-roi
const maskFilename = haxbyDataset.maskVt[0];
// Let's visualize it, using the subject's anatomical image as a background
const anat = await readNifti(haxbyDataset.anat[0]!);
const roi = plotRoi(await readNifti(maskFilename), { bgImg: anat });
await savefig(roi, 'roi.png');
// #endregion plot-roi

// #region masker
const masker = new NiftiMasker({ maskImg: maskFilename, standardize: true });
// We give the masker a filename and retrieve a 2D matrix ready for machine learning
const fmriMaskedAll = await masker.fitTransform(fmriFilename);
// #endregion masker

// #region masked-values
const row = (r: number) =>
  Array.from(fmriMaskedAll.data.subarray(r * fmriMaskedAll.cols, r * fmriMaskedAll.cols + 4), (v) =>
    v.toFixed(4),
  ).join(' ');
console.log(`row 0: ${row(0)} ...`);
console.log(`row 1: ${row(1)} ...`);
console.log(`shape: [${fmriMaskedAll.rows}, ${fmriMaskedAll.cols}]`);
// #endregion masked-values

// #region labels
// The behavioral labels: a text file with a "labels chunks" header, separated by spaces
const behavioral = readFileSync(haxbyDataset.sessionTarget[0], 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [label, chunk] = line.trim().split(/\s+/);
    return { label, chunk: Number(chunk) };
  });
console.log('      labels  chunks');
for (const i of [0, 1, 2, 3, 4, 5, 6, 7, 8]) {
  console.log(`${String(i).padStart(4)} ${behavioral[i].label.padStart(9)} ${behavioral[i].chunk}`);
}
console.log(`[${behavioral.length} rows x 2 columns]`);
const conditions = behavioral.map((b) => b.label);
// #endregion labels

// #region restrict
const conditionMask = conditions.flatMap((c, i) => (c === 'face' || c === 'cat' ? [i] : []));
// We apply this mask in the same direction to restrict the classification to face vs cat
// (the masker's float32 output is a Matrix2D: takeRows and the SVC take it as it is)
const fmriMasked = takeRows(fmriMaskedAll, conditionMask);
console.log(`fmriMasked: [${fmriMasked.rows}, ${fmriMasked.cols}]`);
// We apply the same mask to the targets
const y = conditionMask.map((i) => conditions[i]);
console.log(`conditions: [${y.length}]`);
// #endregion restrict

// #region svc
const svc = new SVC({ kernel: 'linear' });
console.log(svc.getParams());
// #endregion svc

// #region fit-predict
svc.fit(fmriMasked, y);
const prediction = svc.predict(fmriMasked);
console.log(prediction.slice(0, 18).join(' '), '...');
// #endregion fit-predict

// #region training-accuracy
const same = (p: readonly unknown[], t: readonly unknown[]) =>
  p.filter((v, i) => v === t[i]).length / t.length;
console.log(same(prediction, y));
// #endregion training-accuracy

// #region holdout
const n = fmriMasked.rows;
const head = Array.from({ length: n - 30 }, (_, i) => i);
const last30 = Array.from({ length: 30 }, (_, i) => n - 30 + i);
svc.fit(takeRows(fmriMasked, head), y.slice(0, -30));
const holdout = svc.predict(takeRows(fmriMasked, last30));
console.log(same(holdout, y.slice(-30)));
// #endregion holdout

// #region kfold-loop
const cv = new KFold({ nSplits: 5 });
// The "cv" object's split method yields { train, test } index arrays
for (const { train, test } of cv.split(fmriMasked)) {
  const conditionsMasked = Array.from(train, (i) => y[i]);
  svc.fit(takeRows(fmriMasked, train), conditionsMasked);
  const predicted = svc.predict(takeRows(fmriMasked, test));
  console.log(
    same(
      predicted,
      Array.from(test, (i) => y[i]),
    ),
  );
}
// #endregion kfold-loop

// #region cross-val-score
const cvScore = await crossValScore(svc, fmriMasked, y);
console.log(fmt(cvScore));
// #endregion cross-val-score

// #region cv-groups
const sessionLabel = conditionMask.map((i) => behavioral[i].chunk);
// By default, crossValScore uses 5 folds, stratified for classifiers (scikit-learn >= 0.22).
// We can control this by passing the "cv" object, here a 5-fold:
console.log(fmt(await crossValScore(svc, fmriMasked, y, { cv })));
// To leave a session out, pass it to the groups option of crossValScore.
const logo = new LeaveOneGroupOut();
const logoScores = await crossValScore(svc, fmriMasked, y, { cv: logo, groups: sessionLabel });
console.log(fmt(logoScores));
console.log(`mean: ${(logoScores.reduce((a, b) => a + b, 0) / logoScores.length).toFixed(4)}`);
// #endregion cv-groups

// #region coef
svc.fit(fmriMasked, y);
const coef_ = svc.coef_!; // a 1 x voxels matrix, as scikit-learn's (1, n_features) array
console.log(`classes_: ${svc.classes_?.join(', ')} (positive weights = ${svc.classes_?.[1]})`);
console.log(`coef_ shape: [${coef_.rows}, ${coef_.cols}]`);
console.log(`coef_[0, :6]: ${fmt(coef_.data.subarray(0, 6))} ...`);
// #endregion coef

// #region inverse-transform
const coefImg = masker.inverseTransform(coef_);
console.log(`data shape (${coefImg.shape.join(', ')})`);
console.log(formatHeader(coefImg.header));
// #endregion inverse-transform

// #region save
await writeNifti(coefImg, 'haxby_svc_weights.nii.gz');
console.log('saved haxby_svc_weights.nii.gz');
// #endregion save

// #region plot-weights
const display = plotStatMap(coefImg, {
  bgImg: anat,
  title: 'SVM weights',
  displayMode: 'yx',
});
await savefig(display, 'svm_weights.png');
// #endregion plot-weights

// #region multiclass
// Beyond the tutorial: all 8 categories (rest removed), one-vs-one SVC, leave one run out.
const stimuli = conditions.flatMap((c, i) => (c !== 'rest' ? [i] : []));
const X8 = takeRows(fmriMaskedAll, stimuli);
const y8 = stimuli.map((i) => conditions[i]);
const runs8 = stimuli.map((i) => behavioral[i].chunk);
const scores8 = await crossValScore(new SVC({ kernel: 'linear' }), X8, y8, {
  cv: new LeaveOneGroupOut(),
  groups: runs8,
});
console.log(`X: [${X8.rows}, ${X8.cols}], ${new Set(y8).size} classes (chance 0.125)`);
console.log(fmt(scores8));
console.log(`mean: ${(scores8.reduce((a, b) => a + b, 0) / scores8.length).toFixed(4)}`);
// #endregion multiclass
