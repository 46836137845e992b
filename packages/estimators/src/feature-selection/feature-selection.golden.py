"""Produces feature-selection.golden.json: scikit-learn 1.2.1 f_classif, f_regression,
SelectPercentile, SelectKBest; scipy's fdtrc on a grid.

Run from a directory without stray .py files:
  PYTHONPATH=<this dir>/../linear-model:/tmp/nilearn-0.10.4 /usr/bin/python3 <this dir>/feature-selection.golden.py
"""
import json
import os
import warnings

import numpy as np
import sklearn
from scipy import special
from sklearn.datasets import load_iris
from sklearn.feature_selection import SelectKBest, SelectPercentile, f_classif, f_regression

import haxby_slice

assert sklearn.__version__ == '1.2.1'
warnings.simplefilter('ignore')
out = {}
grid = []
for dfn, dfd in [(1, 10), (1, 214), (2, 147), (7, 856), (3, 5), (1, 1450), (40, 3)]:
    for f in [1e-6, 0.01, 0.5, 1.0, 2.5, 10.0, 50.0, 300.0]:
        grid.append([f, dfn, dfd, float(special.fdtrc(dfn, dfd, f))])
out['fdtrc'] = grid

Xi, yi = load_iris(return_X_y=True)
F, p = f_classif(Xi, yi)
out['iris'] = {'F': F.tolist(), 'p': p.tolist()}
rng = np.random.RandomState(0)
Xr = rng.standard_normal((30, 6))
yr = Xr[:, 0] * 2 + Xr[:, 3] + rng.standard_normal(30)
Xr[:, 5] = 1.0  # constant feature
Xr[:, 4] = yr * 3  # perfect correlation
out['regression'] = {'X': Xr.tolist(), 'y': yr.tolist()}
F, p = f_regression(Xr, yr)
out['fRegression'] = {'F': F.tolist(), 'p': p.tolist()}
F, p = f_regression(Xr, yr, center=False)
out['fRegressionNoCenter'] = {'F': F.tolist(), 'p': p.tolist()}
F, p = f_regression(Xr, yr, force_finite=False)
out['fRegressionRaw'] = {'F': [None if not np.isfinite(v) else v for v in F.tolist()],
                         'Finf': [bool(np.isinf(v)) for v in F], 'Fnan': [bool(np.isnan(v)) for v in F]}

# Ties and NaN: a score function returning fixed scores.
tie_scores = [3.0, 1.0, 3.0, 3.0, 2.0, float('nan'), 3.0, 0.5, 2.0, 3.0]
Xt = np.zeros((4, 10))
yt = [0, 1, 0, 1]
out['ties'] = {'scores': [None if np.isnan(v) else v for v in tie_scores], 'percentile': {}, 'k': {}}
for q in [0, 5, 10, 20, 25, 30, 45, 50, 75, 90, 99, 100]:
    s = SelectPercentile(lambda X, y: np.array(tie_scores), percentile=q).fit(Xt, yt)
    out['ties']['percentile'][str(q)] = np.flatnonzero(s.get_support()).tolist()
for k in [0, 1, 2, 3, 4, 5, 6, 9, 10]:
    s = SelectKBest(lambda X, y: np.array(tie_scores), k=k).fit(Xt, yt)
    out['ties']['k'][str(k)] = np.flatnonzero(s.get_support()).tolist()


def haxby(X, y):
    F, p = f_classif(X, y)
    o = {'Fhead': F[:10].tolist(), 'phead': p[:10].tolist(), 'Fsum': float(np.nansum(F)),
         'pmin': float(np.nanmin(p)), 'argmaxF': int(np.nanargmax(F))}
    for q in [5, 10, 20]:
        o['percentile%d' % q] = np.flatnonzero(SelectPercentile(f_classif, percentile=q).fit(X, y).get_support()).tolist()
    o['k50'] = np.flatnonzero(SelectKBest(f_classif, k=50).fit(X, y).get_support()).tolist()
    idx = np.argsort(F)
    o['pOfTop'] = p[idx[-5:]].tolist()
    o['FOfTop'] = F[idx[-5:]].tolist()
    o['topIdx'] = idx[-5:].tolist()
    return o


X, y, _ = haxby_slice.face_cat()
out['haxbyFaceCat'] = haxby(X, y)
X, y, _ = haxby_slice.eight()
out['haxbyEight'] = haxby(X, y)
yreg = (y == "face").astype(float) + (0.1 * np.arange(len(y))) % 3
F, p = f_regression(X, yreg)
out['haxbyRegression'] = {'Fhead': F[:10].tolist(), 'phead': p[:10].tolist(), 'Fsum': float(F.sum())}
json.dump(out, open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'feature-selection.golden.json'), 'w'))
