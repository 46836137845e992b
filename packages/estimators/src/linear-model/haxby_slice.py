"""Loads the real Haxby 2001 slice set as the TypeScript tests do (../shared/data/haxby-slice):
mask voxels in numpy C order, each voxel z-scored over all 1452 volumes (nilearn's 'zscore')."""
import os

import nibabel as nib
import numpy as np

ROOT = os.environ.get('VOXELKIT_TEST_DATA', os.path.join(os.path.dirname(__file__), '../../../../../shared/data'))
D = os.path.join(ROOT, 'haxby-slice/haxby2001-slice/subj1/')


def load():
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
    return X, labels, chunks


def face_cat():
    X, labels, chunks = load()
    keep = (labels == 'face') | (labels == 'cat')
    return X[keep], labels[keep], chunks[keep]


def eight():
    X, labels, chunks = load()
    keep = labels != 'rest'
    return X[keep], labels[keep], chunks[keep]
