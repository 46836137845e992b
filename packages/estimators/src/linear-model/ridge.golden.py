"""Produces ridge.golden.json: scikit-learn 1.2.1 Ridge / RidgeCV / RidgeClassifier(CV) results.

Run from a directory without stray .py files:
  PYTHONPATH=<this dir>:/tmp/nilearn-0.10.4 /usr/bin/python3 <this dir>/ridge.golden.py
Toy data: sklearn's diabetes (first 200 rows) and iris, stored in the JSON. Real data: the Haxby
slice set (haxby_slice.py), of which only summaries are stored.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.datasets import load_diabetes, load_iris
from sklearn.linear_model import Ridge, RidgeClassifier, RidgeClassifierCV, RidgeCV

import haxby_slice

assert sklearn.__version__ == '1.2.1', sklearn.__version__
out = {}
Xd, yd = load_diabetes(return_X_y=True)
Xd, yd = Xd[:200], yd[:200]
Xi, yi = load_iris(return_X_y=True)
names = np.array(['setosa', 'versicolor', 'virginica'])[yi]
out['diabetes'] = {'X': Xd.tolist(), 'y': yd.tolist()}
out['iris'] = {'X': Xi.tolist(), 'y': names.tolist()}

r = Ridge(alpha=0.5).fit(Xd, yd)
out['ridgeDiabetes'] = {'coef': r.coef_.tolist(), 'intercept': float(r.intercept_), 'score': r.score(Xd, yd)}
r = Ridge(alpha=2.0, fit_intercept=False).fit(Xd[:8], yd[:8])  # p > n: dual system
out['ridgeDualNoIntercept'] = {'coef': r.coef_.tolist(), 'intercept': float(r.intercept_)}
Y2 = np.c_[yd, yd ** 0.5]
r = Ridge(alpha=1.0).fit(Xd, Y2)
out['ridgeMulti'] = {'coef': r.coef_.tolist(), 'intercept': r.intercept_.tolist(), 'score': r.score(Xd, Y2)}

cv = RidgeCV(alphas=[1e-3, 1e-2, 0.1, 1, 10], store_cv_values=True).fit(Xd, yd)
out['ridgeCvDiabetes'] = {'alpha': float(cv.alpha_), 'bestScore': float(cv.best_score_), 'coef': cv.coef_.tolist(),
                          'intercept': float(cv.intercept_), 'cvValues0': cv.cv_values_[0].tolist(),
                          'cvValuesSum': cv.cv_values_.sum(axis=0).tolist()}
cv = RidgeCV(alphas=[1e-3, 1e-2, 0.1, 1, 10], gcv_mode='eigen').fit(Xd, yd)
out['ridgeCvDiabetesEigen'] = {'alpha': float(cv.alpha_), 'bestScore': float(cv.best_score_), 'coef': cv.coef_.tolist()}
cv = RidgeCV(alphas=[1e-3, 1e-2, 0.1, 1, 10], scoring='r2').fit(Xd, yd)
out['ridgeCvDiabetesR2'] = {'alpha': float(cv.alpha_), 'bestScore': float(cv.best_score_)}
cv = RidgeCV(alphas=[1e-3, 1e-2, 0.1, 1, 10], cv=5).fit(Xd, yd)
out['ridgeCvFolds'] = {'alpha': float(cv.alpha_), 'bestScore': float(cv.best_score_), 'coef': cv.coef_.tolist(),
                       'intercept': float(cv.intercept_)}
cv = RidgeCV(alphas=[0.1, 1, 10], fit_intercept=False).fit(Xd[:30], yd[:30])
out['ridgeCvNoIntercept'] = {'alpha': float(cv.alpha_), 'bestScore': float(cv.best_score_), 'coef': cv.coef_.tolist()}

c = RidgeClassifier(alpha=1.0).fit(Xi, names)
out['ridgeClassifierIris'] = {'coef': c.coef_.tolist(), 'intercept': c.intercept_.tolist(),
                              'decision0': c.decision_function(Xi[:3]).tolist(), 'score': c.score(Xi, names)}
c = RidgeClassifierCV(alphas=[0.01, 0.1, 1, 10, 100], store_cv_values=True).fit(Xi, names)
out['ridgeClassifierCvIris'] = {'alpha': float(c.alpha_), 'bestScore': float(c.best_score_), 'coef': c.coef_.tolist(),
                                'intercept': c.intercept_.tolist(), 'cvValuesSum': c.cv_values_.sum(axis=(0, 1)).tolist()}
c = RidgeClassifierCV(alphas=[0.01, 0.1, 1, 10, 100], scoring='accuracy').fit(Xi, names)
out['ridgeClassifierCvIrisAccuracy'] = {'alpha': float(c.alpha_), 'bestScore': float(c.best_score_)}

ALPHAS8 = [0.01, 0.1, 1, 10, 100, 1000, 1e4, 1e5]


def haxby_summary(X, y, groups):
    c = RidgeClassifierCV(alphas=ALPHAS8).fit(X, y)
    s = {'alpha': float(c.alpha_), 'bestScore': float(c.best_score_), 'coefHead': c.coef_[:, :5].tolist(),
         'coefSum': c.coef_.sum(axis=1).tolist(), 'intercept': c.intercept_.tolist(),
         'decisionHead': np.atleast_2d(c.decision_function(X[:3])).tolist(), 'score': c.score(X, y)}
    r = RidgeClassifier(alpha=10.0).fit(X, y)
    s['ridgeClassifier10'] = {'coefHead': r.coef_[:, :5].tolist(), 'coefSum': r.coef_.sum(axis=1).tolist(),
                              'intercept': r.intercept_.tolist()}
    logo = []
    for run in range(12):
        tr, te = groups != run, groups == run
        logo.append(RidgeClassifierCV(alphas=ALPHAS8).fit(X[tr], y[tr]).score(X[te], y[te]))
    s['logo'] = logo
    return s


X, y, g = haxby_slice.face_cat()
out['haxbyFaceCat'] = haxby_summary(X, y, g)
X, y, g = haxby_slice.eight()
out['haxbyEight'] = haxby_summary(X, y, g)
json.dump(out, open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'ridge.golden.json'), 'w'))
