// The estimator contract of @voxelkit/core, on a baseline classifier.
import { NotFittedError, RandomState, toMatrix, ValidationError } from '@voxelkit/core';
import { DummyClassifier } from '@voxelkit/estimators';

// #region random
// numpy's legacy MT19937 generator: the same seed gives numpy's numbers.
const rng = new RandomState(0);
console.log('randomSample():', rng.randomSample()); // numpy: 0.5488135039273248
console.log('permutation(10):', Array.from(rng.permutation(10)).join(' '));
// #endregion random

// #region matrix
// Any 2-D input (number[][], { data, shape }, an ml-matrix Matrix) becomes one flat matrix.
const X = toMatrix({ data: new Float32Array([0, 1, 2, 3, 4, 5]), shape: [3, 2] });
console.log(`rows=${X.rows} cols=${X.cols} data=${Array.from(X.data).join(',')}`);
// #endregion matrix

// #region estimator
const y = ['face', 'cat', 'face'];
const dummy = new DummyClassifier({ strategy: 'most_frequent' });
try {
  dummy.predict(X);
} catch (err) {
  if (err instanceof NotFittedError) console.log(`NotFittedError: ${err.message}`);
}
dummy.fit(X, y);
console.log('classes_:', dummy.classes_);
console.log('predict:', dummy.predict([[10, 11]]));
console.log('score:', dummy.score(X, y).toFixed(4));
console.log('params:', dummy.getParams());
const copy = dummy.clone(); // same hyper-parameters, not fitted
console.log('clone fitted?', copy.classes_ !== undefined);
// #endregion estimator

// #region errors
try {
  new DummyClassifier().fit([[1], [Number.NaN]], ['a', 'b']);
} catch (err) {
  console.log(
    err instanceof ValidationError ? 'ValidationError:' : 'other:',
    (err as Error).message,
  );
}
// #endregion errors
