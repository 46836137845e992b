// str(header) from nibabel 5.0.0 / numpy 1.24.2 (/usr/bin/python3), see format.test.ts
const NIBABEL_PRINTS: Record<string, string> = {
  'nifti/5D_small.nii':
    "<class 'nibabel.nifti1.Nifti1Header'> object, endian='<'\nsizeof_hdr      : 348\ndata_type       : b''\ndb_name         : b''\nextents         : 0\nsession_error   : 0\nregular         : b'r'\ndim_info        : 0\ndim             : [5 1 2 3 1 3 1 1]\nintent_p1       : 0.0\nintent_p2       : 0.0\nintent_p3       : 0.0\nintent_code     : vector\ndatatype        : uint8\nbitpix          : 8\nslice_start     : 0\npixdim          : [-1.  1.  1.  1.  0.  0.  1.  1.]\nvox_offset      : 0.0\nscl_slope       : nan\nscl_inter       : nan\nslice_end       : 0\nslice_code      : unknown\nxyzt_units      : 2\ncal_max         : 0.0\ncal_min         : 0.0\nslice_duration  : 0.0\ntoffset         : 0.0\nglmax           : 0\nglmin           : 0\ndescrip         : b''\naux_file        : b''\nqform_code      : aligned\nsform_code      : scanner\nquatern_b       : 0.46728683\nquatern_c       : -0.5314699\nquatern_d       : -0.46641162\nqoffset_x       : -87.89346\nqoffset_y       : 147.39847\nqoffset_z       : -120.61728\nsrow_x          : [-6.9205853e-08 -1.6480153e-03  9.9999863e-01 -8.7893463e+01]\nsrow_y          : [-9.9174750e-01  1.2820645e-01  2.1121785e-04  1.4739847e+02]\nsrow_z          : [ 1.2820661e-01  9.9174613e-01  1.6344240e-03 -1.2061728e+02]\nintent_name     : b''\nmagic           : b'n+1'",
  'nifti/avg152T1_LR_nifti2.nii.gz':
    "<class 'nibabel.nifti2.Nifti2Header'> object, endian='<'\nsizeof_hdr      : 540\nmagic           : b'n+2'\neol_check       : [13 10 26 10]\ndatatype        : float32\nbitpix          : 32\ndim             : [  3  91 109  91   1   1   1   1]\nintent_p1       : 0.0\nintent_p2       : 0.0\nintent_p3       : 0.0\npixdim          : [1. 2. 2. 2. 1. 1. 1. 1.]\nvox_offset      : 0\nscl_slope       : nan\nscl_inter       : nan\ncal_max         : 255.0\ncal_min         : 0.0\nslice_duration  : 0.0\ntoffset         : 0.0\nslice_start     : 0\nslice_end       : 0\ndescrip         : b'FSL3.2beta'\naux_file        : b'none                   '\nqform_code      : unknown\nsform_code      : mni\nquatern_b       : 0.0\nquatern_c       : 0.0\nquatern_d       : 0.0\nqoffset_x       : 0.0\nqoffset_y       : 0.0\nqoffset_z       : 0.0\nsrow_x          : [-2.  0.  0. 90.]\nsrow_y          : [   0.    2.    0. -126.]\nsrow_z          : [  0.   0.   2. -72.]\nslice_code      : unknown\nxyzt_units      : 10\nintent_code     : none\nintent_name     : b''\ndim_info        : 0\nunused_str      : b''",
  'nifti/with_extension.nii.gz':
    "<class 'nibabel.nifti1.Nifti1Header'> object, endian='>'\nsizeof_hdr      : 348\ndata_type       : b''\ndb_name         : b''\nextents         : 16384\nsession_error   : 0\nregular         : b'r'\ndim_info        : 0\ndim             : [  4 161 191 151   1   0   0   0]\nintent_p1       : 0.0\nintent_p2       : 0.0\nintent_p3       : 0.0\nintent_code     : none\ndatatype        : uint8\nbitpix          : 8\nslice_start     : 0\npixdim          : [-1.  1.  1.  1.  0.  0.  0.  0.]\nvox_offset      : 0.0\nscl_slope       : nan\nscl_inter       : nan\nslice_end       : 0\nslice_code      : unknown\nxyzt_units      : 2\ncal_max         : 1.0\ncal_min         : 0.0\nslice_duration  : 0.0\ntoffset         : 0.0\nglmax           : 0\nglmin           : 0\ndescrip         : b'Mango ROI   '\naux_file        : b''\nqform_code      : talairach\nsform_code      : talairach\nquatern_b       : 0.0\nquatern_c       : 0.0\nquatern_d       : 1.0\nqoffset_x       : 80.0\nqoffset_y       : 80.0\nqoffset_z       : 85.0\nsrow_x          : [-1.  0. -0. 80.]\nsrow_y          : [ 0. -1. -0. 80.]\nsrow_z          : [ 0.  0. -1. 85.]\nintent_name     : b''\nmagic           : b'n+1'",
  'nifti/little.nii.gz':
    "<class 'nibabel.nifti1.Nifti1Header'> object, endian='<'\nsizeof_hdr      : 348\ndata_type       : b''\ndb_name         : b''\nextents         : 16384\nsession_error   : 0\nregular         : b'r'\ndim_info        : 0\ndim             : [ 4 64 64 21  1  1  1  1]\nintent_p1       : 0.0\nintent_p2       : 0.0\nintent_p3       : 0.0\nintent_code     : z score\ndatatype        : float32\nbitpix          : 32\nslice_start     : 0\npixdim          : [-1.  4.  4.  6.  1.  1.  1.  1.]\nvox_offset      : 0.0\nscl_slope       : nan\nscl_inter       : nan\nslice_end       : 0\nslice_code      : unknown\nxyzt_units      : 10\ncal_max         : 25500.0\ncal_min         : 3.0\nslice_duration  : 0.0\ntoffset         : 0.0\nglmax           : 0\nglmin           : 0\ndescrip         : b'FSL3.2beta                                                                      '\naux_file        : b''\nqform_code      : scanner\nsform_code      : unknown\nquatern_b       : 0.0\nquatern_c       : 1.0\nquatern_d       : 0.0\nqoffset_x       : 0.0\nqoffset_y       : 0.0\nqoffset_z       : 0.0\nsrow_x          : [0. 0. 0. 0.]\nsrow_y          : [0. 0. 0. 0.]\nsrow_z          : [0. 0. 0. 0.]\nintent_name     : b''\nmagic           : b'n+1'",
  'nifti/big.nii.gz':
    "<class 'nibabel.nifti1.Nifti1Header'> object, endian='>'\nsizeof_hdr      : 348\ndata_type       : b''\ndb_name         : b''\nextents         : 0\nsession_error   : 0\nregular         : b'r'\ndim_info        : 0\ndim             : [ 3 64 64 21  1  1  1  1]\nintent_p1       : 0.0\nintent_p2       : 0.0\nintent_p3       : 0.0\nintent_code     : z score\ndatatype        : float32\nbitpix          : 32\nslice_start     : 0\npixdim          : [-1.  4.  4.  6.  1.  1.  1.  1.]\nvox_offset      : 0.0\nscl_slope       : nan\nscl_inter       : nan\nslice_end       : 0\nslice_code      : unknown\nxyzt_units      : 10\ncal_max         : 25500.0\ncal_min         : 3.0\nslice_duration  : 0.0\ntoffset         : 0.0\nglmax           : 0\nglmin           : 0\ndescrip         : b'FSL3.2beta'\naux_file        : b''\nqform_code      : scanner\nsform_code      : unknown\nquatern_b       : 0.0\nquatern_c       : 1.0\nquatern_d       : 0.0\nqoffset_x       : 0.0\nqoffset_y       : 0.0\nqoffset_z       : 0.0\nsrow_x          : [0. 0. 0. 0.]\nsrow_y          : [0. 0. 0. 0.]\nsrow_z          : [0. 0. 0. 0.]\nintent_name     : b''\nmagic           : b'n+1'",
  'haxby-slice/haxby2001-slice/subj1/bold.nii.gz':
    "<class 'nibabel.nifti1.Nifti1Header'> object, endian='<'\nsizeof_hdr      : 348\ndata_type       : b''\ndb_name         : b''\nextents         : 0\nsession_error   : 0\nregular         : b'r'\ndim_info        : 0\ndim             : [   4   40   20    1 1452    1    1    1]\nintent_p1       : 0.0\nintent_p2       : 0.0\nintent_p3       : 0.0\nintent_code     : none\ndatatype        : int16\nbitpix          : 16\nslice_start     : 0\npixdim          : [-1.    3.1   3.75  3.75  2.5   1.    1.    1.  ]\nvox_offset      : 0.0\nscl_slope       : nan\nscl_inter       : nan\nslice_end       : 0\nslice_code      : unknown\nxyzt_units      : 10\ncal_max         : 2623.0\ncal_min         : 0.0\nslice_duration  : 0.0\ntoffset         : 0.0\nglmax           : 0\nglmin           : 0\ndescrip         : b'FSL4.0'\naux_file        : b''\nqform_code      : scanner\nsform_code      : scanner\nquatern_b       : 0.0\nquatern_c       : 1.0\nquatern_d       : 0.0\nqoffset_x       : 60.449997\nqoffset_y       : -35.625\nqoffset_z       : -0.0\nsrow_x          : [-3.1       0.        0.       60.449997]\nsrow_y          : [  0.      3.75    0.    -35.625]\nsrow_z          : [ 0.    0.    3.75 -0.  ]\nintent_name     : b''\nmagic           : b'n+1'",
  'new-float64':
    "<class 'nibabel.nifti1.Nifti1Header'> object, endian='<'\nsizeof_hdr      : 348\ndata_type       : b''\ndb_name         : b''\nextents         : 0\nsession_error   : 0\nregular         : b''\ndim_info        : 0\ndim             : [ 4 40 64 64  1  1  1  1]\nintent_p1       : 0.0\nintent_p2       : 0.0\nintent_p3       : 0.0\nintent_code     : none\ndatatype        : float64\nbitpix          : 64\nslice_start     : 0\npixdim          : [-1.    3.5   3.75  3.75  1.    1.    1.    1.  ]\nvox_offset      : 0.0\nscl_slope       : nan\nscl_inter       : nan\nslice_end       : 0\nslice_code      : unknown\nxyzt_units      : 0\ncal_max         : 0.0\ncal_min         : 0.0\nslice_duration  : 0.0\ntoffset         : 0.0\nglmax           : 0\nglmin           : 0\ndescrip         : b''\naux_file        : b''\nqform_code      : unknown\nsform_code      : aligned\nquatern_b       : 0.0\nquatern_c       : 1.0\nquatern_d       : 0.0\nqoffset_x       : 68.25\nqoffset_y       : -118.125\nqoffset_z       : -118.125\nsrow_x          : [-3.5   0.    0.   68.25]\nsrow_y          : [   0.       3.75     0.    -118.125]\nsrow_z          : [   0.       0.       3.75  -118.125]\nintent_name     : b''\nmagic           : b'n+1'",
  odd: "<class 'nibabel.nifti1.Nifti1Header'> object, endian='<'\nsizeof_hdr      : 348\ndata_type       : b''\ndb_name         : b''\nextents         : 0\nsession_error   : 0\nregular         : b''\ndim_info        : 0\ndim             : [0 1 1 1 1 1 1 1]\nintent_p1       : 0.0\nintent_p2       : 0.0\nintent_p3       : 0.0\nintent_code     : none\ndatatype        : float32\nbitpix          : 32\nslice_start     : 0\npixdim          : [1.0000000e+00 9.9999997e-06 2.5000000e+00 1.0000000e+09           nan\n          -inf 1.0000000e-01 1.2345679e+05]\nvox_offset      : 0.0\nscl_slope       : 1e-07\nscl_inter       : 123456790.0\nslice_end       : 0\nslice_code      : unknown\nxyzt_units      : 0\ncal_max         : 0.0\ncal_min         : 0.0\nslice_duration  : 0.0\ntoffset         : 0.0\nglmax           : 0\nglmin           : 0\ndescrip         : b'it\\'s \\\\ \"q\"'\naux_file        : b''\nqform_code      : unknown\nsform_code      : unknown\nquatern_b       : 0.0\nquatern_c       : 0.0\nquatern_d       : 0.0\nqoffset_x       : 0.0\nqoffset_y       : 0.0\nqoffset_z       : 0.0\nsrow_x          : [ nan  1.   2.5 -3. ]\nsrow_y          : [0. 0. 0. 0.]\nsrow_z          : [0. 0. 0. 0.]\nintent_name     : b''\nmagic           : b'n+1'",
};

import { testData } from '@voxelkit/core/testing';
import { describe, expect, it } from 'vitest';
import { formatHeader } from './format.js';
import { defaultHeader, type NiftiHeader } from './header.js';
import { NiftiImage } from './image.js';
import { readNifti } from './node.js';

/** nibabel prints loaded headers with vox_offset 0 and no scaling (moved into the data proxy). */
function asNibabelLoaded(h: NiftiHeader): NiftiHeader {
  return { ...h, voxOffset: 0, sclSlope: Number.NaN, sclInter: Number.NaN };
}

describe('formatHeader equals print(img.header)', () => {
  it('a new Nifti1Image (the tutorial’s coef_img layout)', () => {
    const affine = [
      [-3.5, 0, 0, 68.25],
      [0, 3.75, 0, -118.125],
      [0, 0, 3.75, -118.125],
      [0, 0, 0, 1],
    ];
    const img = NiftiImage.fromArray(new Float64Array(40 * 64 * 64), [40, 64, 64, 1], affine);
    expect(formatHeader(img.header)).toBe(NIBABEL_PRINTS['new-float64']);
  });

  it('numpy float formatting: exponents, nan/inf, padding, bytes escapes', () => {
    const h = defaultHeader(1);
    h.dim = [0, 1, 1, 1, 1, 1, 1, 1];
    h.datatype = 16;
    h.bitpix = 32;
    h.pixdim = [1, 1e-5, 2.5, 1e9, Number.NaN, Number.NEGATIVE_INFINITY, 0.1, 123456.789].map(
      Math.fround,
    );
    h.srowX = [Number.NaN, 1, 2.5, -3];
    h.srowY = [0, 0, 0, 0];
    h.srowZ = [0, 0, 0, 0];
    h.sclSlope = Math.fround(1e-7);
    h.sclInter = Math.fround(123456789);
    h.descrip = 'it\'s \\ "q"';
    expect(formatHeader(h)).toBe(NIBABEL_PRINTS.odd);
  });

  for (const rel of Object.keys(NIBABEL_PRINTS).filter((k) => k.includes('/'))) {
    const file = testData(rel);
    it.skipIf(!file.available)(rel, async () => {
      const img = await readNifti(file.path);
      expect(formatHeader(asNibabelLoaded(img.header))).toBe(NIBABEL_PRINTS[rel]);
    });
  }
});
