# Goldens for logistic-regression-cv.test.ts: scikit-learn 1.2.1 (Debian) LogisticRegressionCV(solver='liblinear').
# Run as: cd /tmp/h21-gold && /usr/bin/python3 <this file> > logistic-regression-cv.golden.json
# Haxby: the real slice set (../shared/data/haxby-slice), face vs cat, X built as test/haxby-slice.ts builds it
# (mask voxels in numpy C order, each voxel z-scored over all 1452 volumes). Multi-class: sklearn's iris (raw).
import json, os
import numpy as np
import nibabel as nib
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegressionCV
from sklearn.model_selection import LeaveOneGroupOut, StratifiedKFold

ROOT = os.environ.get('VOXELKIT_TEST_DATA', '/work/shared/data')
D = os.path.join(ROOT, 'haxby-slice/haxby2001-slice/subj1/')
bold = np.asarray(nib.load(D + 'bold.nii.gz').dataobj).astype(np.float64)
mask = np.asarray(nib.load(D + 'mask4_vt.nii.gz').dataobj) != 0
X = bold[mask].T.copy()
X -= X.mean(axis=0)
sd = X.std(axis=0)
sd[sd < np.finfo(np.float64).eps] = 1
X /= sd
rows = [l.split() for l in open(D + 'labels.txt').read().strip().split('\n')[1:]]
labels = np.array([r[0] for r in rows])
chunks = np.array([int(r[1]) for r in rows])
keep = (labels == 'face') | (labels == 'cat')
Xf, yf, gf = X[keep], labels[keep], chunks[keep]

out = {}
def case(name, est, X, y, cv_splits=None):
    if cv_splits is not None:
        est.set_params(cv=cv_splits)
    est.fit(X, y)
    out[name] = {
        'classes': [str(c) for c in est.classes_],
        'Cs': est.Cs_.tolist(),
        'C': est.C_.tolist(),
        'scores': {str(k): v.tolist() for k, v in est.scores_.items()},
        'coef': est.coef_.ravel().tolist(),
        'intercept': np.atleast_1d(est.intercept_).tolist(),
        'pred': [str(v) for v in est.predict(X)],
        'decision': np.asarray(est.decision_function(X[:10])).ravel().tolist(),
        'pathFirst': {str(k): v[0, 0].tolist() for k, v in est.coefs_paths_.items()},
    }

case('haxby_l2_default', LogisticRegressionCV(solver='liblinear'), Xf, yf)
logo = list(LeaveOneGroupOut().split(Xf, yf, gf))
case('haxby_l2_logo_auc', LogisticRegressionCV(solver='liblinear', Cs=[0.01, 0.1, 1.0], scoring='roc_auc'), Xf, yf, logo)
case('haxby_l2_norefit', LogisticRegressionCV(solver='liblinear', Cs=5, refit=False), Xf, yf)
case('haxby_l2_balanced', LogisticRegressionCV(solver='liblinear', Cs=[0.001, 0.01, 0.1, 1.0], class_weight='balanced', fit_intercept=True, intercept_scaling=2.0), Xf[:150], yf[:150])
iris = load_iris()
Xi, yi = iris.data, np.array(['setosa', 'versicolor', 'virginica'])[iris.target]
case('iris_l2', LogisticRegressionCV(solver='liblinear', Cs=6), Xi, yi)
case('iris_l2_nointercept', LogisticRegressionCV(solver='liblinear', Cs=4, fit_intercept=False, refit=False), Xi, yi)
out['iris'] = {'X': Xi.ravel().tolist(), 'y': yi.tolist()}
print(json.dumps(out))
