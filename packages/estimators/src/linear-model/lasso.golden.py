"""Produces lasso.golden.json: scikit-learn 1.2.1 Lasso / LassoCV results.

Run from a directory without stray .py files:
  PYTHONPATH=<this dir>:/tmp/nilearn-0.10.4 /usr/bin/python3 <this dir>/lasso.golden.py
Toy data: sklearn's diabetes (first 200 rows, stored in ridge.golden.json). Real data: the Haxby
slice set (haxby_slice.py) with targets = the face indicator; only summaries are stored.
"""
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.datasets import load_diabetes
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import Lasso, LassoCV

import haxby_slice

assert sklearn.__version__ == '1.2.1'
out = {}
Xd, yd = load_diabetes(return_X_y=True)
Xd, yd = Xd[:200], yd[:200]


def lasso(name, X, y, **kw):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        m = Lasso(**kw).fit(X, y)
    out[name] = {'coef': m.coef_.tolist(), 'intercept': float(m.intercept_), 'nIter': int(m.n_iter_),
                 'dualGap': float(m.dual_gap_), 'warned': any(issubclass(x.category, ConvergenceWarning) for x in w),
                 'predict': m.predict(X[:3]).tolist()}


lasso('lassoDiabetes', Xd, yd, alpha=0.1)
lasso('lassoDiabetesStrong', Xd, yd, alpha=2.0)
lasso('lassoPositive', Xd, yd, alpha=0.05, positive=True)
lasso('lassoNoIntercept', Xd, yd, alpha=0.5, fit_intercept=False)
lasso('lassoRandom', Xd, yd, alpha=0.1, selection='random', random_state=3)
lasso('lassoFewIter', Xd, yd, alpha=0.001, max_iter=5)


def lassocv(name, X, y, summary=False, **kw):
    with warnings.catch_warnings(record=True):
        warnings.simplefilter('always')
        m = LassoCV(**kw).fit(X, y)
    o = {'alpha': float(m.alpha_), 'alphas': m.alphas_.tolist(), 'intercept': float(m.intercept_),
         'nIter': int(m.n_iter_), 'msePathShape': list(m.mse_path_.shape)}
    if summary:
        o['coefHead'] = m.coef_[:8].tolist()
        o['coefNonzero'] = int((m.coef_ != 0).sum())
        o['coefL1'] = float(np.abs(m.coef_).sum())
        o['mseMean'] = m.mse_path_.mean(axis=1).tolist()
        o['mseRow0'] = m.mse_path_[0].tolist()
        o['alphaIndex'] = int(np.argmin(m.mse_path_.mean(axis=1)))
    else:
        o['coef'] = m.coef_.tolist()
        o['msePath'] = m.mse_path_.tolist()
    out[name] = o


lassocv('lassoCvDiabetes', Xd, yd)
lassocv('lassoCvDiabetesGrid', Xd, yd, alphas=[0.01, 1.0, 0.1, 3.0], cv=3)
lassocv('lassoCvDiabetesNoGram', Xd, yd, n_alphas=20, precompute=False)
X, y, g = haxby_slice.face_cat()
lassocv('haxbyFaceCat', X, (y == 'face').astype(float), summary=True, n_alphas=10)
X, y, g = haxby_slice.eight()
lassocv('haxbyEight', X, (y == 'face').astype(float), summary=True, n_alphas=10)
json.dump(out, open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'lasso.golden.json'), 'w'))
