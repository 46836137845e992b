// Splitters and cross-validation with scikit-learn's folds.
import { RandomState } from '@voxelkit/core';
import { SVC } from '@voxelkit/estimators';
import {
  crossValScore,
  KFold,
  LeaveOneGroupOut,
  StratifiedKFold,
  trainTestSplit,
} from '@voxelkit/model-selection';

// #region splitters
const y = ['cat', 'cat', 'cat', 'face', 'face', 'face', 'face', 'cat', 'face', 'cat'];
const groups = [0, 0, 0, 1, 1, 1, 2, 2, 2, 2];
const show = (name: string, it: Iterable<{ train: Int32Array; test: Int32Array }>) => {
  console.log(name);
  for (const { train, test } of it)
    console.log(`  train ${train.join(',')}  test ${test.join(',')}`);
};
show('KFold(3)', new KFold({ nSplits: 3 }).split(y));
show('StratifiedKFold(3)', new StratifiedKFold({ nSplits: 3 }).split(y, y));
show('LeaveOneGroupOut', new LeaveOneGroupOut().split(y, y, groups));
show(
  'KFold(3, shuffle, randomState 0)',
  new KFold({ nSplits: 3, shuffle: true, randomState: 0 }).split(y),
);
// #endregion splitters

// #region cross-val
// A toy decoding problem: 60 samples, 5 features, 6 runs of 10 samples.
const rng = new RandomState(0);
const X: number[][] = [];
const labels: string[] = [];
const runs: number[] = [];
for (let i = 0; i < 60; i++) {
  const label = i % 2 === 0 ? 'face' : 'cat';
  const shift = label === 'face' ? 0.8 : -0.8;
  X.push(Array.from({ length: 5 }, (_, j) => (j < 2 ? shift : 0) + rng.standardNormal()));
  labels.push(label);
  runs.push(Math.floor(i / 10));
}
const svc = new SVC({ kernel: 'linear' });
const fmt = (s: Float64Array) => Array.from(s, (v) => v.toFixed(4)).join(' ');
// No cv: 5 folds, stratified for a classifier (scikit-learn >= 0.22).
console.log('default cv:     ', fmt(await crossValScore(svc, X, labels)));
console.log(
  'KFold(5):       ',
  fmt(await crossValScore(svc, X, labels, { cv: new KFold({ nSplits: 5 }) })),
);
const logo = await crossValScore(svc, X, labels, { cv: new LeaveOneGroupOut(), groups: runs });
console.log('LeaveOneGroupOut:', fmt(logo));
// The same folds on 2 worker threads: the same scores, in the same order.
const parallel = await crossValScore(svc, X, labels, {
  cv: new LeaveOneGroupOut(),
  groups: runs,
  nJobs: 2,
});
console.log('nJobs 2 equal:  ', fmt(parallel) === fmt(logo));
console.log('svc fitted by cross-validation?', svc.coef_ !== undefined);
// #endregion cross-val

// #region train-test-split
const { XTrain, XTest, yTrain, yTest } = trainTestSplit(X, labels, {
  testSize: 0.25,
  randomState: 0,
  stratify: labels,
});
console.log(`train ${XTrain.rows} x ${XTrain.cols}, test ${XTest.rows} x ${XTest.cols}`);
console.log(
  'held-out accuracy:',
  new SVC({ kernel: 'linear' }).fit(XTrain, yTrain).score(XTest, yTest),
);
// #endregion train-test-split
