"""Goldens for search-light.test.ts: nilearn 0.10.4 SearchLight (scikit-learn 1.2.1) on the real
Haxby 2001 slice set (../shared/data/haxby-slice, subject 1), face vs cat (216 scans), the VT
mask (530 voxels), radius 5.6 mm.

- "raw*": the scans as they are (int16 values 53…2569). libsvm's SVC(kernel='linear') takes
  seconds per fit on such unscaled data, so only a few seeds (processMask) are scored.
- "z*": every voxel z-scored over the 216 scans first (float64, population std, per column
  with numpy's pairwise mean), then the whole mask is scored.

Run from a directory without stray .py files:
  PYTHONPATH=/tmp/nilearn-0.10.4 /usr/bin/python3 search-light.golden.py > search-light.golden.json
"""
import json
import os
import sys
import time
import warnings

import numpy as np
import nibabel as nib
from nilearn import masking
from nilearn.decoding import SearchLight
from nilearn.image import index_img, load_img, new_img_like
from nilearn.image.resampling import coord_transform
from nilearn.maskers.nifti_spheres_masker import _apply_mask_and_get_affinity
from sklearn.model_selection import KFold, LeaveOneGroupOut
from sklearn.svm import SVC

root = os.environ.get("VOXELKIT_TEST_DATA", "/work/shared/data")
subj = os.path.join(root, "haxby-slice/haxby2001-slice/subj1")
labels = np.genfromtxt(os.path.join(subj, "labels.txt"), dtype=str, skip_header=1)
y_all, runs_all = labels[:, 0], labels[:, 1].astype(int)
keep = np.isin(y_all, ["face", "cat"])
func = index_img(load_img(os.path.join(subj, "bold.nii.gz")), keep)
y, runs = y_all[keep], runs_all[keep]
mask_img = load_img(os.path.join(subj, "mask4_vt.nii.gz"))
mask, affine = masking.load_mask_img(mask_img)

out = {"radius": 5.6, "nSamples": int(keep.sum())}

# The sphere adjacency nilearn builds (rows: process voxels in C order; columns: mask voxels).
coords = np.asarray(coord_transform(*np.where(mask != 0), affine)).T
for radius, key in [(5.6, "adjacency"), (2.0, "adjacencyRadius2"), (9.0, "adjacencyRadius9")]:
    _, A = _apply_mask_and_get_affinity(coords, func, radius, True, mask_img=mask_img)
    A = A.tocsr()
    A.sort_indices()
    out[key] = {"indptr": A.indptr.tolist(), "indices": A.indices.tolist()}

# A few seeds for the raw-data cases (columns of the mask, C order).
seeds = [0, 177, 354, 529]
process = np.zeros(mask.shape, dtype=np.uint8)
ii, jj, kk = np.where(mask != 0)
for s in seeds:
    process[ii[s], jj[s], kk[s]] = 1
process_img = new_img_like(mask_img, process)
out["rawSeeds"] = seeds

# z-scored image.
X = masking.apply_mask(func, mask_img).astype(np.float64)
Xt = np.ascontiguousarray(X.T)
mu = Xt.mean(axis=1)
D = Xt - mu[:, None]
sd = np.sqrt((D * D).mean(axis=1))
Z = np.ascontiguousarray((D / sd[:, None]).T)
z_img = masking.unmask(Z, mask_img)

cases = {
    "rawSvcLinearKFold4": (func, dict(estimator=SVC(kernel="linear"), cv=KFold(n_splits=4),
                                      process_mask_img=process_img), None),
    "rawLinearSvcKFold4": (func, dict(estimator="svc", cv=KFold(n_splits=4),
                                      process_mask_img=process_img), None),
    "zSvcLinearKFold4": (z_img, dict(estimator=SVC(kernel="linear"), cv=KFold(n_splits=4)), None),
    "zLinearSvcKFold4": (z_img, dict(estimator="svc", cv=KFold(n_splits=4)), None),
    "zSvcLinearDefaultCv": (z_img, dict(estimator=SVC(kernel="linear")), None),
    "zSvcLinearLogo": (z_img, dict(estimator=SVC(kernel="linear"), cv=LeaveOneGroupOut()), runs),
}
for name, (img, kw, groups) in cases.items():
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sl = SearchLight(mask_img, radius=5.6, n_jobs=1, **kw).fit(img, y, groups=groups)
    pm = process if "process_mask_img" in kw else mask
    out[name] = {"seconds": time.perf_counter() - t0, "scores": sl.scores_[pm != 0].tolist()}
    print(name, out[name]["seconds"], file=sys.stderr, flush=True)

json.dump(out, sys.stdout)
