"""nilearn's decoding tutorial (Haxby 2001, face vs cat) as the voxelkit-haxby app runs it, for
bench/haxby-e2e.mjs: the same steps, the same 8-category extra and the same plots (PNG + SVG).

    PYTHONPATH=/tmp/nilearn-0.10.4 /usr/bin/python3 haxby-e2e.py SUBJECT_DIR OUT_DIR

SUBJECT_DIR holds bold.nii.gz, labels.txt, mask4_vt.nii.gz (anat.nii.gz optional).
"""
import os
import sys
import warnings

import matplotlib

matplotlib.use("Agg")
warnings.simplefilter("ignore")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from nilearn.image import load_img, mean_img  # noqa: E402
from nilearn.maskers import NiftiMasker  # noqa: E402
from nilearn.plotting import plot_roi, plot_stat_map  # noqa: E402
from sklearn.model_selection import KFold, LeaveOneGroupOut, cross_val_score  # noqa: E402
from sklearn.svm import SVC  # noqa: E402

subj, out = sys.argv[1].rstrip("/"), sys.argv[2]
os.makedirs(out, exist_ok=True)
func, mask = f"{subj}/bold.nii.gz", f"{subj}/mask4_vt.nii.gz"
anat = f"{subj}/anat.nii.gz" if os.path.exists(f"{subj}/anat.nii.gz") else None

masker = NiftiMasker(mask_img=mask, standardize=True)
fmri_masked = masker.fit_transform(func)
print(fmri_masked)
print(fmri_masked.shape)
behavioral = pd.read_csv(f"{subj}/labels.txt", delimiter=" ")
print(behavioral)
conditions = behavioral["labels"]
condition_mask = conditions.isin(["face", "cat"])
X = fmri_masked[condition_mask]
y = conditions[condition_mask]
groups = behavioral[condition_mask]["chunks"]
svc = SVC(kernel="linear")
svc.fit(X, y)
prediction = svc.predict(X)
print((prediction == y).sum() / float(len(y)))
svc.fit(X[:-30], y[:-30])
print((svc.predict(X[-30:]) == y[-30:]).sum() / float(len(y[-30:])))
cv = KFold(n_splits=5)
for train, test in cv.split(X=X):
    svc.fit(X[train], y.values[train])
    print((svc.predict(X[test]) == y.values[test]).sum() / float(len(y.values[test])))
print(cross_val_score(svc, X, y))
print(cross_val_score(svc, X, y, cv=cv))
print(cross_val_score(svc, X, y, cv=LeaveOneGroupOut(), groups=groups))
svc.fit(X, y)
coef_img = masker.inverse_transform(svc.coef_)
print(coef_img)
coef_img.to_filename(f"{out}/haxby_svc_weights.nii.gz")
bg = load_img(anat) if anat else mean_img(func)
flat = [a for a, s in zip("xyz", load_img(mask).shape) if s == 1]
mode = flat[0] if len(flat) == 1 else None
roi = plot_roi(mask, bg_img=bg, title="ROI", cmap="Paired", **({"display_mode": mode} if mode else {}))
weights = plot_stat_map(coef_img, bg_img=bg, title="SVM weights", display_mode=mode or "yx")
for fig, name in ((roi, "roi"), (weights, "svm_weights")):
    for ext in ("png", "svg"):
        fig.savefig(f"{out}/{name}.{ext}")
keep = conditions != "rest"
scores = cross_val_score(
    SVC(kernel="linear"),
    fmri_masked[keep],
    conditions[keep],
    cv=LeaveOneGroupOut(),
    groups=behavioral["chunks"][keep],
    n_jobs=-1,
)
print(scores, scores.mean())
