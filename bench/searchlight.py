"""The nilearn side of bench/searchlight.mjs: one fresh process, nilearn 0.10.4 SearchLight on
the Haxby slice set (face vs cat, VT mask, KFold(4)), timed twice (fresh, then warm).

Usage: PYTHONPATH=/tmp/nilearn-0.10.4 /usr/bin/python3 bench/searchlight.py SUBJ_DIR ESTIMATOR RADIUS N_SEEDS N_JOBS
Prints one JSON line: {"fresh": s, "warm": s, "mean": mean score}.
"""
import time

t_start = time.perf_counter()
import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
import warnings  # noqa: E402

import numpy as np  # noqa: E402
from nilearn import masking  # noqa: E402
from nilearn.decoding import SearchLight  # noqa: E402
from nilearn.image import index_img, load_img, new_img_like  # noqa: E402
from sklearn.model_selection import KFold  # noqa: E402
from sklearn.dummy import DummyClassifier  # noqa: E402
from sklearn.svm import SVC  # noqa: E402

subj, est_name, radius, n_seeds, n_jobs = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])


def run():
    labels = np.genfromtxt(os.path.join(subj, "labels.txt"), dtype=str, skip_header=1)
    keep = np.isin(labels[:, 0], ["face", "cat"])
    func = index_img(load_img(os.path.join(subj, "bold.nii.gz")), keep)
    mask_img = load_img(os.path.join(subj, "mask4_vt.nii.gz"))
    mask, _ = masking.load_mask_img(mask_img)
    process = np.zeros(mask.shape, dtype=np.uint8)
    ii, jj, kk = np.where(mask != 0)
    n = len(ii) if n_seeds <= 0 else min(n_seeds, len(ii))
    process[ii[:n], jj[:n], kk[:n]] = 1
    estimator = {"svc-linear": SVC(kernel="linear"), "dummy": DummyClassifier()}.get(est_name, est_name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sl = SearchLight(mask_img, process_mask_img=new_img_like(mask_img, process), radius=radius,
                         estimator=estimator, cv=KFold(n_splits=4), n_jobs=n_jobs)
        sl.fit(func, labels[keep, 0])
    return float(sl.scores_[process != 0].mean())


score = run()
fresh = time.perf_counter() - t_start
t0 = time.perf_counter()
run()
warm = time.perf_counter() - t0
print(json.dumps({"fresh": fresh, "warm": warm, "mean": score}))
