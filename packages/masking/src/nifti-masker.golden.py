"""Golden digest of nilearn 0.10.4's masked Haxby slice (NiftiMasker(mask_img, standardize=True)),
for nifti-masker.test.ts. Run from a directory without stray .py files:

    PYTHONPATH=/tmp/nilearn-0.10.4 /usr/bin/python3 nifti-masker.golden.py ../shared/data/haxby-slice/haxby2001-slice/subj1

Prints the shape, the dtype and the sha256 of the float32 matrix's C-ordered little-endian bytes.
"""
import hashlib
import sys
import warnings

import numpy as np
from nilearn.maskers import NiftiMasker

warnings.simplefilter("ignore")  # nilearn 0.10's 'zscore' DeprecationWarning
subj = sys.argv[1].rstrip("/")
X = NiftiMasker(mask_img=f"{subj}/mask4_vt.nii.gz", standardize=True).fit_transform(
    f"{subj}/bold.nii.gz"
)
X = np.ascontiguousarray(X, dtype="<f4") if X.dtype == np.float32 else X
print(X.shape, X.dtype)
print(hashlib.sha256(X.tobytes()).hexdigest())
