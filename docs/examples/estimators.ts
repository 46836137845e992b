// An SVC with scikit-learn's semantics, on two small Gaussian clouds.
import { RandomState } from '@voxelkit/core';
import { makePipeline, StandardScaler, SVC } from '@voxelkit/estimators';
import { accuracyScore, confusionMatrix } from '@voxelkit/metrics';

// #region data
// 40 samples, 3 features: 'face' around +1, 'cat' around -1 on the first two features.
const rng = new RandomState(42);
const X: number[][] = [];
const y: string[] = [];
for (let i = 0; i < 40; i++) {
  const label = i % 2 === 0 ? 'face' : 'cat';
  const shift = label === 'face' ? 1 : -1;
  X.push([shift + rng.standardNormal(), shift + rng.standardNormal(), 10 * rng.standardNormal()]);
  y.push(label);
}
// #endregion data

// #region svc
const svc = new SVC({ kernel: 'linear', C: 1 }).fit(X, y);
console.log('classes_:', svc.classes_); // sorted: a positive decision means classes_[1]
console.log('nSupport_:', Array.from(svc.nSupport_!));
console.log('coef_:', Array.from(svc.coef_!.data, (w) => w.toFixed(4)).join(' '));
console.log('intercept_:', Array.from(svc.intercept_!, (b) => b.toFixed(4)).join(' '));
const pred = svc.predict(X);
console.log('training accuracy:', accuracyScore(y, pred));
console.log(
  'decisionFunction (first 4):',
  // two classes: one value per sample (a Float64Array); more classes: a matrix
  Array.from(svc.decisionFunction(X.slice(0, 4)) as Float64Array, (d) => d.toFixed(3)).join(' '),
);
console.log('confusion matrix (cat, face):', confusionMatrix(y, pred, { labels: ['cat', 'face'] }));
// #endregion svc

// #region pipeline
// Standardize each feature, then an RBF SVC — like make_pipeline(StandardScaler(), SVC()).
const pipe = makePipeline(new StandardScaler(), new SVC({ kernel: 'rbf', C: 10 }));
pipe.fit(X, y);
console.log('pipeline training accuracy:', pipe.score(X, y));
// #endregion pipeline
