"""Golden numbers for src/read.test.ts (run with /usr/bin/python3; nibabel 5.0.0, numpy 1.24.2).

Prints, for every file in ../shared/data/nifti and the Haxby slice, what nibabel reads:
shape, on-disk dtype, best affine, pixdim, xyzt units, raw header scaling, and digests of the raw
data in file order (Fortran order: i fastest).  Tests never run this; the output is pasted in.
"""
import glob
import json
import os
import sys

import nibabel as nib
import numpy as np

root = sys.argv[1] if len(sys.argv) > 1 else '/work/shared/data'
files = sorted(glob.glob(os.path.join(root, 'nifti', '*')))
files = [f for f in files if not f.endswith('.img.gz') and 'not-nifti' not in f]
files.append(os.path.join(root, 'haxby-slice/haxby2001-slice/subj1/bold.nii.gz'))
files.append(os.path.join(root, 'haxby-slice/haxby2001-slice/subj1/mask4_vt.nii.gz'))
out = {}
for f in files:
    img = nib.load(f)
    h = img.header
    raw = np.asanyarray(img.dataobj.get_unscaled())
    flat = raw.ravel(order='F')
    idx = sorted({0, 1, flat.size // 3, flat.size // 2, flat.size - 1, int(np.argmax(flat))})
    with nib.openers.ImageOpener(f) as fobj:
        rawhdr = type(h).from_fileobj(fobj)
    rec = {
        'shape': list(img.shape),
        'dtype': str(img.get_data_dtype().newbyteorder('=')),
        'littleEndian': h.endianness == '<',
        'affine': img.affine.tolist(),
        'pixdim': [float(x) for x in h['pixdim']],
        'xyztUnits': list(h.get_xyzt_units()),
        'zooms': [float(z) for z in h.get_zooms()],
        'sclSlope': float(rawhdr['scl_slope']),
        'sclInter': float(rawhdr['scl_inter']),
        'voxOffset': float(rawhdr['vox_offset']),
        'qformCode': int(h['qform_code']),
        'sformCode': int(h['sform_code']),
        'descrip': h['descrip'].item().decode('latin1'),
        'magic': h['magic'].item().decode('latin1'),
        'extensions': [int(e.get_code()) for e in h.extensions] if hasattr(h, 'extensions') else [],
        'sum': float(flat.astype(np.float64).sum()),
        'sumSq': float((flat.astype(np.float64) ** 2).sum()),
        'index': idx,
        'values': [float(flat[i]) for i in idx],
        'fdataSum': float(img.get_fdata().sum()),
        'qform': h.get_qform().tolist(),
        'sform': h.get_sform().tolist(),
    }
    out[os.path.relpath(f, root)] = rec
print(json.dumps(out, indent=1))
