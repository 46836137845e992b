"""nilearn 0.10.4's Decoder on the real Haxby slice, for bench/decoding.mjs (same data, same run).

    PYTHONPATH=/tmp/nilearn-0.10.4 /usr/bin/python3 decoding.py SUBJECT_DIR CASE

CASE is 'facecat' (Decoder('svc') face vs cat) or 'eight' (the 8 categories), both leave-one-run-out
through groups. Prints one JSON line: the first fit's and a second (warm) fit's seconds, and the
mean fold score.
"""
import json
import sys
import time
import warnings

warnings.simplefilter("ignore")
import numpy as np  # noqa: E402
from nilearn.decoding import Decoder  # noqa: E402
from nilearn.image import index_img  # noqa: E402

subj, case = sys.argv[1].rstrip("/"), sys.argv[2]
rows = [line.split() for line in open(f"{subj}/labels.txt").read().strip().split("\n")[1:]]
labels = np.array([r[0] for r in rows])
runs = np.array([int(r[1]) for r in rows])
keep = (labels == "face") | (labels == "cat") if case == "facecat" else labels != "rest"
func = index_img(f"{subj}/bold.nii.gz", np.where(keep)[0])
times, score = [], None
for _ in range(2):
    t0 = time.perf_counter()
    dec = Decoder(estimator="svc", mask=f"{subj}/mask4_vt.nii.gz", standardize=True)
    dec.fit(func, labels[keep], groups=runs[keep])
    times.append(time.perf_counter() - t0)
    score = float(np.mean([np.mean(v) for v in dec.cv_scores_.values()]))
print(json.dumps({"cold": times[0], "warm": times[1], "score": score}))
