"""Produces ridge-class-weight.golden.json: scikit-learn 1.2.1 RidgeClassifier / RidgeClassifierCV
with class_weight, and RidgeClassifierCV with an explicit cv (its inner GridSearchCV).

Run from a directory without stray .py files:
  PYTHONPATH=<this dir>:/tmp/nilearn-0.10.4 /usr/bin/python3 <this dir>/ridge-class-weight.golden.py
Toy data: an unbalanced part of sklearn's iris (rows listed in IRIS_ROWS; the test reads iris from
ridge.golden.json). Real data: the Haxby slice set (haxby_slice.py), only summaries stored.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.datasets import load_iris
from sklearn.linear_model import RidgeClassifier, RidgeClassifierCV
from sklearn.model_selection import LeaveOneGroupOut, StratifiedKFold

import haxby_slice

assert sklearn.__version__ == '1.2.1', sklearn.__version__
out = {}
Xi, yi = load_iris(return_X_y=True)
names = np.array(['setosa', 'versicolor', 'virginica'])[yi]
# Unbalanced and interleaved: 50 setosa, 25 versicolor, 10 virginica, in a shuffled order.
rows = np.r_[0:50, 50:75, 100:110]
rows = rows[np.random.RandomState(0).permutation(len(rows))]
out['IRIS_ROWS'] = rows.tolist()
X, y = Xi[rows], names[rows]


def clf_summary(c, X):
    return {'coef': c.coef_.tolist(), 'intercept': np.atleast_1d(c.intercept_).tolist(),
            'decision0': np.atleast_1d(c.decision_function(X[:3])).tolist()}


out['folds5'] = [te.tolist() for _, te in StratifiedKFold(5).split(X, y)]
out['folds3'] = [te.tolist() for _, te in StratifiedKFold(3).split(X, y)]
out['rcBalanced'] = clf_summary(RidgeClassifier(alpha=1.0, class_weight='balanced').fit(X, y), X)
CW = {'setosa': 0.5, 'virginica': 3.0}
out['rcDict'] = clf_summary(RidgeClassifier(alpha=0.3, class_weight=CW).fit(X, y), X)
two = y != 'virginica'
out['rcBinaryBalanced'] = clf_summary(
    RidgeClassifier(alpha=2.0, class_weight='balanced').fit(X[two], y[two]), X[two])
out['rcBalancedNoIntercept'] = clf_summary(
    RidgeClassifier(alpha=1.0, fit_intercept=False, class_weight='balanced').fit(X, y), X)

ALPHAS = [0.01, 0.1, 1, 10, 100]


def cv_summary(c, X):
    s = clf_summary(c, X)
    s['alpha'] = float(c.alpha_)
    s['bestScore'] = float(c.best_score_)
    if hasattr(c, 'cv_values_'):
        s['cvValuesSum'] = c.cv_values_.sum(axis=(0, 1)).tolist()
        s['cvValues0'] = c.cv_values_[0].ravel().tolist()
    return s


out['rccvBalanced'] = cv_summary(
    RidgeClassifierCV(alphas=ALPHAS, class_weight='balanced', store_cv_values=True).fit(X, y), X)
out['rccvDictAccuracy'] = cv_summary(
    RidgeClassifierCV(alphas=ALPHAS, class_weight=CW, scoring='accuracy').fit(X, y), X)
out['rccvCv5'] = cv_summary(RidgeClassifierCV(alphas=ALPHAS, cv=5).fit(X, y), X)
out['rccvCv3Balanced'] = cv_summary(
    RidgeClassifierCV(alphas=ALPHAS, cv=3, class_weight='balanced').fit(X, y), X)

ALPHAS8 = [0.01, 0.1, 1, 10, 100, 1000, 1e4, 1e5]


def head(c, X):
    return {'alpha': float(c.alpha_), 'bestScore': float(c.best_score_),
            'coefHead': c.coef_[:, :5].tolist(), 'coefSum': c.coef_.sum(axis=1).tolist(),
            'intercept': np.atleast_1d(c.intercept_).tolist(),
            'decisionHead': np.atleast_2d(c.decision_function(X[:3])).tolist()}


Xf, yf, gf = haxby_slice.face_cat()
# Unbalanced: every face, the cats of runs 0-5 only (108 + 54 = 162 rows, n < p: eigen mode).
keep = (yf == 'face') | (gf < 6)
Xu, yu, gu = Xf[keep], yf[keep], gf[keep]
out['haxbyUnbalancedBalanced'] = head(
    RidgeClassifierCV(alphas=ALPHAS8, class_weight='balanced').fit(Xu, yu), Xu)
r = RidgeClassifier(alpha=10.0, class_weight='balanced').fit(Xu, yu)
out['haxbyUnbalancedRc'] = {'coefHead': r.coef_[:, :5].tolist(), 'coefSum': r.coef_.sum(axis=1).tolist(),
                            'intercept': r.intercept_.tolist()}
logo = list(LeaveOneGroupOut().split(Xf, yf, gf))
c = RidgeClassifierCV(alphas=ALPHAS8, cv=logo).fit(Xf, yf)
out['haxbyFaceCatLogoCv'] = head(c, Xf)
Xe, ye, ge = haxby_slice.eight()
CW8 = {'face': 2.0, 'house': 0.5}
out['haxbyEightDict'] = head(RidgeClassifierCV(alphas=ALPHAS8, class_weight=CW8).fit(Xe, ye), Xe)
json.dump(out, open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'ridge-class-weight.golden.json'), 'w'))
