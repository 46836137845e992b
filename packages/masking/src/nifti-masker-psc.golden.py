"""Golden sample of nilearn 0.10.4's detrended, percent-signal-change masked Haxby slice
(NiftiMasker(mask_img, detrend=True, standardize='psc')), for nifti-masker.test.ts. Run from a
directory without stray .py files:

    PYTHONPATH=/tmp/nilearn-0.10.4 /usr/bin/python3 nifti-masker-psc.golden.py \
        ../shared/data/haxby-slice/haxby2001-slice/subj1 > nifti-masker-psc.golden.json

Writes the shape, the dtype and every 997th element of the C-ordered float32 matrix (as float64
numbers that read back to the same float32).
"""
import json
import sys
import warnings

import numpy as np
from nilearn.maskers import NiftiMasker

warnings.simplefilter("ignore")
subj = sys.argv[1].rstrip("/")
X = NiftiMasker(mask_img=f"{subj}/mask4_vt.nii.gz", detrend=True, standardize="psc").fit_transform(
    f"{subj}/bold.nii.gz"
)
flat = np.ascontiguousarray(X).ravel()
step = 997
json.dump(
    {
        "shape": list(X.shape),
        "dtype": str(X.dtype),
        "step": step,
        "values": [float(v) for v in flat[::step]],
    },
    sys.stdout,
)
