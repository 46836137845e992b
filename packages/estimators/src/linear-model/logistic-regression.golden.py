# The L1 solvers' random coordinate order is seeded (random_state=0, voxelkit's default), so the fits
# are reproducible and voxelkit's take the same order.
# Goldens for logistic-regression.test.ts and logistic-regression.haxby.test.ts: scikit-learn 1.2.1 (Debian),
# run as: cd /tmp/h14a-gold && /usr/bin/python3 <this file> toy > logistic-regression.golden.json
#   and   /usr/bin/python3 <this file> haxby > logistic-regression.haxby.golden.json
# Toy data: sklearn's iris (raw) and breast_cancer (z-scored, rounded to 5 decimals). Haxby: the slice set, built as
# svc.haxby.test.ts builds it (mask voxels in C order, z-score over all 1452 volumes).
import json, sys, os
import numpy as np
import nibabel as nib
from sklearn.datasets import load_iris, load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC, l1_min_c
from sklearn.model_selection import cross_val_score, LeaveOneGroupOut

out = {}
def fit_case(name, est, X, y, tight):
    est.fit(X, y)
    r = {'coef': est.coef_.ravel().tolist(), 'intercept': est.intercept_.tolist(),
         'pred': [str(v) for v in est.predict(X)] if not np.issubdtype(np.asarray(y).dtype, np.number) else est.predict(X).tolist(),
         'nIter': int(np.max(est.n_iter_))}
    if hasattr(est, 'predict_proba'):
        r['proba'] = est.predict_proba(X[:10]).ravel().tolist()
    r['decision'] = np.asarray(est.decision_function(X[:10])).ravel().tolist()
    out[name] = r

iris = load_iris(); Xi, yi = iris.data, iris.target
bc = load_breast_cancer(); Xb = np.round((bc.data - bc.data.mean(0)) / bc.data.std(0), 5); yb = bc.target  # rounded: a smaller table
for tol, tag in [(1e-4, 'default'), (1e-10, 'tight')]:
    mi = 100 if tol == 1e-4 else 100000
    fit_case(f'iris_lr_l2_{tag}', LogisticRegression(solver='liblinear', tol=tol, max_iter=mi), Xi, yi, tag)
    fit_case(f'iris_lr_l1_{tag}', LogisticRegression(solver='liblinear', penalty='l1', tol=tol, max_iter=mi, random_state=0), Xi, yi, tag)
    fit_case(f'bc_lr_l2_{tag}', LogisticRegression(solver='liblinear', C=0.5, tol=tol, max_iter=mi), Xb, yb, tag)
    fit_case(f'bc_lr_l1_{tag}', LogisticRegression(solver='liblinear', penalty='l1', C=0.5, tol=tol, max_iter=mi, random_state=0), Xb, yb, tag)
    fit_case(f'bc_lr_l2_bal_{tag}', LogisticRegression(solver='liblinear', class_weight='balanced', intercept_scaling=2, tol=tol, max_iter=mi), Xb, yb, tag)
    mi2 = 1000 if tol == 1e-4 else 100000
    fit_case(f'iris_svc_l1_{tag}', LinearSVC(penalty='l1', dual=False, tol=tol, max_iter=mi2, random_state=0), Xi, yi, tag)
    fit_case(f'bc_svc_l1_{tag}', LinearSVC(penalty='l1', dual=False, C=0.1, tol=tol, max_iter=mi2, random_state=0), Xb, yb, tag)
out['toy_X'] = {'iris': Xi.ravel().tolist(), 'irisY': yi.tolist(), 'bc': Xb.ravel().tolist(), 'bcY': yb.tolist()}
out['l1minc'] = {'iris_sq': l1_min_c(Xi, yi), 'iris_log': l1_min_c(Xi, yi, loss='log'),
                 'bc_sq_noint': l1_min_c(Xb, yb, fit_intercept=False),
                 'bc_log_is3': l1_min_c(Xb, yb, loss='log', intercept_scaling=3.0)}

if sys.argv[1] == 'toy':
    json.dump(out, sys.stdout); sys.exit(0)
out = {}
d = '/work/shared/data/haxby-slice/haxby2001-slice/subj1/'
img = nib.load(d + 'bold.nii.gz'); data = np.asarray(img.dataobj, dtype=np.float64)
mask = np.asarray(nib.load(d + 'mask4_vt.nii.gz').dataobj) != 0
X = data[mask].T  # (1452, 530), voxels in C order
X = X - X.mean(0); sd = X.std(0); sd[sd < np.finfo(float).eps] = 1; X = X / sd
lab = np.loadtxt(d + 'labels.txt', dtype=str, skiprows=1)
labels, chunks = lab[:, 0], lab[:, 1].astype(int)
fc = np.isin(labels, ['face', 'cat']); X2, y2, g2 = X[fc], labels[fc], chunks[fc]
rest = labels != 'rest'; X8, y8, g8 = X[rest], labels[rest], chunks[rest]
logo = LeaveOneGroupOut()
hx = {}
for name, est in [('lr_l2', LogisticRegression(solver='liblinear')),
                  ('lr_l1', LogisticRegression(solver='liblinear', penalty='l1', random_state=0)),
                  ('svc_l1', LinearSVC(penalty='l1', dual=False, random_state=0))]:
    hx[name + '_fc_logo'] = cross_val_score(est, X2, y2, groups=g2, cv=logo).tolist()
    hx[name + '_8_logo'] = cross_val_score(est, X8, y8, groups=g8, cv=logo).tolist()
for name, est in [('lr_l2', LogisticRegression(solver='liblinear', tol=1e-10, max_iter=100000)),
                  ('lr_l1', LogisticRegression(solver='liblinear', penalty='l1', tol=1e-8, max_iter=100000, random_state=0)),
                  ('svc_l1', LinearSVC(penalty='l1', dual=False, tol=1e-8, max_iter=100000, random_state=0))]:
    est.fit(X2, y2)
    hx[name + '_fc_coef'] = est.coef_.ravel().tolist(); hx[name + '_fc_intercept'] = est.intercept_.tolist()
    hx[name + '_fc_niter'] = int(np.max(est.n_iter_))
hx['l1minc_fc'] = l1_min_c(X2, y2)
out = hx
json.dump(out, sys.stdout)
