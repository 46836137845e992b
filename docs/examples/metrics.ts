// scikit-learn's metrics on a small three-class prediction and a regression.
import {
  accuracyScore,
  balancedAccuracyScore,
  confusionMatrix,
  f1Score,
  r2Score,
  rocAucScore,
} from '@voxelkit/metrics';

// #region classification
const yTrue = ['a', 'b', 'c', 'a', 'b', 'c', 'a', 'a', 'c', 'b'];
const yPred = ['a', 'c', 'c', 'a', 'b', 'b', 'b', 'a', 'c', 'c'];
console.log('accuracy:', accuracyScore(yTrue, yPred)); // sklearn: 0.6
console.log('balanced accuracy:', balancedAccuracyScore(yTrue, yPred).toFixed(4)); // sklearn: 0.5833
console.log('f1 (macro):', f1Score(yTrue, yPred, { average: 'macro' }).toFixed(4)); // sklearn: 0.5873
const C = confusionMatrix(yTrue, yPred);
console.log('confusion matrix', C.labels, Array.from(C.data));
// #endregion classification

// #region scores
// ROC AUC from decision values: the positive class is the second of the sorted labels.
console.log('roc auc:', rocAucScore(['cat', 'face', 'face', 'cat'], [-0.5, 0.8, 0.1, 0.3])); // sklearn: 0.75
console.log('r2:', r2Score([3, -0.5, 2, 7], [2.5, 0, 2, 8]).toFixed(4)); // sklearn: 0.9486
// #endregion scores
