# Goldens for grid-search.test.ts: scikit-learn 1.2.1 (Debian), run from a clean directory:
#   /usr/bin/python3 grid-search.golden.py > grid-search.golden.json
import json, sys
import numpy as np
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, ParameterGrid
X, y = load_iris(return_X_y=True)
gs = GridSearchCV(LogisticRegression(solver='liblinear'), {'penalty': ['l1', 'l2'], 'C': [0.01, 0.1, 1, 10]}, cv=5).fit(X, y)
r = gs.cv_results_
out = {'params': r['params'], 'mean': r['mean_test_score'].tolist(), 'std': r['std_test_score'].tolist(),
       'rank': r['rank_test_score'].tolist(), 'split0': r['split0_test_score'].tolist(),
       'split4': r['split4_test_score'].tolist(), 'bestIndex': int(gs.best_index_),
       'bestParams': gs.best_params_, 'bestScore': gs.best_score_,
       'X': X.ravel().tolist(), 'y': y.tolist(),
       'grid': list(ParameterGrid([{'b': [1, 2], 'a': ['x', 'y']}, {'c': [3]}, {}]))}
json.dump(out, sys.stdout)
