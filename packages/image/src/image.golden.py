"""Goldens for @voxelkit/image from nilearn 0.10.4 / nibabel on the real Haxby slice.

Run: PYTHONPATH=/tmp/nilearn-0.10.4 /usr/bin/python3 image.golden.py > image.golden.json
(from this directory, with the shared data at ../../../../shared/data).
"""
import hashlib
import json
import os

import numpy as np
from nilearn import image

here = os.path.dirname(os.path.abspath(__file__))
bold = os.path.join(here, '../../../../shared/data/haxby-slice/haxby2001-slice/subj1/bold.nii.gz')

mean = image.mean_img(bold)
m = mean.get_fdata()
assert mean.get_data_dtype() == np.float64 or m.dtype == np.float64
picks = [[0, 0, 0], [12, 7, 0], [20, 10, 0], [39, 19, 0], [25, 3, 0]]

sm = image.smooth_img(bold, 6)
s = sm.get_fdata(dtype=np.float64)
sm_vox = [[12, 7, 0, 0], [20, 10, 0, 5], [25, 3, 0, 100], [0, 0, 0, 1451], [33, 15, 0, 700]]

mean_sm = image.smooth_img(mean, [4, 5, 6])
ms = mean_sm.get_fdata()

idx = image.index_img(bold, [3, 1451, 3, 700])
d = np.asanyarray(idx.dataobj)

out = {
    'mean': {
        'shape': list(m.shape),
        'dtype': str(np.asanyarray(mean.dataobj).dtype),
        'sha256': hashlib.sha256(np.asarray(m, dtype='<f8').tobytes(order='F')).hexdigest(),
        'sum': float(m.sum()),
        'values': [[*p, float(m[tuple(p)])] for p in picks],
    },
    'smooth6': {
        'shape': list(s.shape),
        'dtype': str(np.asanyarray(sm.dataobj).dtype),
        'sum': float(s.sum(dtype=np.float64)),
        'values': [[*p, float(s[tuple(p)])] for p in sm_vox],
    },
    'smoothMean456': {
        'dtype': str(np.asanyarray(mean_sm.dataobj).dtype),
        'sum': float(ms.sum()),
        'values': [[*p, float(ms[tuple(p)])] for p in picks],
    },
    'index': {
        'indices': [3, 1451, 3, 700],
        'shape': list(d.shape),
        'dtype': str(d.dtype),
        'volumeSums': [float(d[..., t].astype(np.float64).sum()) for t in range(d.shape[3])],
    },
}
print(json.dumps(out, indent=2))
