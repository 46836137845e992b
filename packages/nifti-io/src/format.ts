/**
 * `formatHeader`: a text dump of a header in the layout of nibabel's `print(img.header)`
 * (numpy's scalar and array formatting, from `@voxelkit/core`'s `formatArray` and `pyFloat`), so
 * dumps can be compared line by line.
 *
 * @module
 */
import { formatArray, pyFloat } from '@voxelkit/core';
import type { NiftiHeader } from './header.js';

const DATATYPE_LABELS: Record<number, string> = {
  0: 'none',
  1: 'binary',
  2: 'uint8',
  4: 'int16',
  8: 'int32',
  16: 'float32',
  32: 'complex64',
  64: 'float64',
  128: 'RGB',
  255: 'all',
  256: 'int8',
  512: 'uint16',
  768: 'uint32',
  1024: 'int64',
  1280: 'uint64',
  1536: 'float128',
  1792: 'complex128',
  2048: 'complex256',
  2304: 'RGBA',
};
const XFORM_LABELS: Record<number, string> = {
  0: 'unknown',
  1: 'scanner',
  2: 'aligned',
  3: 'talairach',
  4: 'mni',
  5: 'template',
};
const SLICE_LABELS: Record<number, string> = {
  0: 'unknown',
  1: 'sequential increasing',
  2: 'sequential decreasing',
  3: 'alternating increasing',
  4: 'alternating decreasing',
  5: 'alternating increasing 2',
  6: 'alternating decreasing 2',
};
const INTENT_LABELS: Record<number, string> = {
  0: 'none',
  2: 'correlation',
  3: 't test',
  4: 'f test',
  5: 'z score',
  6: 'chi2',
  7: 'beta',
  8: 'binomial',
  9: 'gamma',
  10: 'poisson',
  11: 'normal',
  12: 'non central f test',
  13: 'non central chi2',
  14: 'logistic',
  15: 'laplace',
  16: 'uniform',
  17: 'non central t test',
  18: 'weibull',
  19: 'chi',
  20: 'inverse gaussian',
  21: 'extreme value 1',
  22: 'p value',
  23: 'log p value',
  24: 'log10 p value',
  1001: 'estimate',
  1002: 'label',
  1003: 'neuroname',
  1004: 'general matrix',
  1005: 'symmetric matrix',
  1006: 'displacement vector',
  1007: 'vector',
  1008: 'pointset',
  1009: 'triangle',
  1010: 'quaternion',
  1011: 'dimensionless',
  2001: 'time series',
  2002: 'node index',
  2003: 'rgb vector',
  2004: 'rgba vector',
  2005: 'shape',
  2006: 'fnirt disp field',
  2007: 'fnirt cubic spline coef',
  2008: 'fnirt dct coef',
  2009: 'fnirt quad spline coef',
  2016: 'topup cubic spline coef ',
  2017: 'topup quad spline coef',
  2018: 'topup field',
  3000: 'ConnUnknown',
  3001: 'ConnDense',
  3002: 'ConnDenseSeries',
  3003: 'ConnParcels',
  3004: 'ConnParcelSries',
  3006: 'ConnDenseScalar',
  3007: 'ConnDenseLabel',
  3008: 'ConnParcelScalr',
  3009: 'ConnParcelDense',
  3010: 'ConnDenseParcel',
  3011: 'ConnPPSr',
  3012: 'ConnPPSc',
};

/** Python `repr` of a bytes value. */
function bytesRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (c < 32 || c >= 127) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `b${quote}${out}${quote}`;
}

function label(table: Record<number, string>, code: number): string {
  return table[code] ?? String(code);
}

/**
 * The header as nibabel's `print(img.header)` shows it: the class line, then one
 * `name : value` line per field in on-disk order, codes as labels. Values are this header's:
 * nibabel shows `vox_offset` 0 and `scl_slope`/`scl_inter` nan for images it loaded (it moves
 * them into the data proxy), voxelkit keeps the file's values.
 */
export function formatHeader(header: NiftiHeader): string {
  const v1 = header.version === 1;
  // NIfTI-1 stores its floats as float32, NIfTI-2 as float64; numpy prints each dtype's digits.
  const dtype = v1 ? 'float32' : 'float64';
  const f = (x: number): string => pyFloat(x, dtype);
  const fa = (x: number[]): string => formatArray({ data: x, shape: [x.length], dtype });
  const ia = (x: number[]): string => formatArray({ data: x, shape: [x.length], dtype: 'int' });
  const rows: [string, string][] = v1
    ? [
        ['sizeof_hdr', String(header.sizeofHdr)],
        ['data_type', bytesRepr(header.dataType)],
        ['db_name', bytesRepr(header.dbName)],
        ['extents', String(header.extents)],
        ['session_error', String(header.sessionError)],
        ['regular', bytesRepr(header.regular)],
        ['dim_info', String(header.dimInfo)],
        ['dim', ia(header.dim)],
        ['intent_p1', f(header.intentP1)],
        ['intent_p2', f(header.intentP2)],
        ['intent_p3', f(header.intentP3)],
        ['intent_code', label(INTENT_LABELS, header.intentCode)],
        ['datatype', label(DATATYPE_LABELS, header.datatype)],
        ['bitpix', String(header.bitpix)],
        ['slice_start', String(header.sliceStart)],
        ['pixdim', fa(header.pixdim)],
        ['vox_offset', f(header.voxOffset)],
        ['scl_slope', f(header.sclSlope)],
        ['scl_inter', f(header.sclInter)],
        ['slice_end', String(header.sliceEnd)],
        ['slice_code', label(SLICE_LABELS, header.sliceCode)],
        ['xyzt_units', String(header.xyztUnits)],
        ['cal_max', f(header.calMax)],
        ['cal_min', f(header.calMin)],
        ['slice_duration', f(header.sliceDuration)],
        ['toffset', f(header.toffset)],
        ['glmax', String(header.glmax)],
        ['glmin', String(header.glmin)],
        ['descrip', bytesRepr(header.descrip)],
        ['aux_file', bytesRepr(header.auxFile)],
        ['qform_code', label(XFORM_LABELS, header.qformCode)],
        ['sform_code', label(XFORM_LABELS, header.sformCode)],
        ['quatern_b', f(header.quaternB)],
        ['quatern_c', f(header.quaternC)],
        ['quatern_d', f(header.quaternD)],
        ['qoffset_x', f(header.qoffsetX)],
        ['qoffset_y', f(header.qoffsetY)],
        ['qoffset_z', f(header.qoffsetZ)],
        ['srow_x', fa(header.srowX)],
        ['srow_y', fa(header.srowY)],
        ['srow_z', fa(header.srowZ)],
        ['intent_name', bytesRepr(header.intentName)],
        ['magic', bytesRepr(header.magic)],
      ]
    : [
        ['sizeof_hdr', String(header.sizeofHdr)],
        ['magic', bytesRepr(header.magic)],
        ['eol_check', ia([13, 10, 26, 10])],
        ['datatype', label(DATATYPE_LABELS, header.datatype)],
        ['bitpix', String(header.bitpix)],
        ['dim', ia(header.dim)],
        ['intent_p1', f(header.intentP1)],
        ['intent_p2', f(header.intentP2)],
        ['intent_p3', f(header.intentP3)],
        ['pixdim', fa(header.pixdim)],
        ['vox_offset', String(header.voxOffset)],
        ['scl_slope', f(header.sclSlope)],
        ['scl_inter', f(header.sclInter)],
        ['cal_max', f(header.calMax)],
        ['cal_min', f(header.calMin)],
        ['slice_duration', f(header.sliceDuration)],
        ['toffset', f(header.toffset)],
        ['slice_start', String(header.sliceStart)],
        ['slice_end', String(header.sliceEnd)],
        ['descrip', bytesRepr(header.descrip)],
        ['aux_file', bytesRepr(header.auxFile)],
        ['qform_code', label(XFORM_LABELS, header.qformCode)],
        ['sform_code', label(XFORM_LABELS, header.sformCode)],
        ['quatern_b', f(header.quaternB)],
        ['quatern_c', f(header.quaternC)],
        ['quatern_d', f(header.quaternD)],
        ['qoffset_x', f(header.qoffsetX)],
        ['qoffset_y', f(header.qoffsetY)],
        ['qoffset_z', f(header.qoffsetZ)],
        ['srow_x', fa(header.srowX)],
        ['srow_y', fa(header.srowY)],
        ['srow_z', fa(header.srowZ)],
        ['slice_code', label(SLICE_LABELS, header.sliceCode)],
        ['xyzt_units', String(header.xyztUnits)],
        ['intent_code', label(INTENT_LABELS, header.intentCode)],
        ['intent_name', bytesRepr(header.intentName)],
        ['dim_info', String(header.dimInfo)],
        ['unused_str', "b''"],
      ];
  const cls = v1 ? 'nibabel.nifti1.Nifti1Header' : 'nibabel.nifti2.Nifti2Header';
  const lines = [`<class '${cls}'> object, endian='${header.littleEndian ? '<' : '>'}'`];
  for (const [name, value] of rows) lines.push(`${name.padEnd(14)}  : ${value}`);
  return lines.join('\n');
}
