/**
 * `formatHeader`: a text dump of a header in the layout of nibabel's `print(img.header)`
 * (numpy's scalar and array formatting included), so dumps can be compared line by line.
 *
 * @module
 */
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

/** Shortest decimal digits that read back as `x` (in float32 when `f32`), and the exponent. */
function shortest(
  x: number,
  f32: boolean,
  maxSig = 17,
): { neg: boolean; digits: string; exp: number } {
  const a = Math.abs(x);
  const neg = x < 0 || Object.is(x, -0);
  if (a === 0) return { neg, digits: '0', exp: 0 };
  let s = a.toExponential(16);
  for (let p = 1; p <= 17; p++) {
    const t = a.toExponential(p - 1);
    const back = Number(t);
    if (f32 ? Math.fround(back) === a : back === a) {
      s = t;
      break;
    }
  }
  let [mant, e] = s.split('e') as [string, string];
  let digits = mant.replace('.', '');
  let exp = Number(e);
  if (digits.length > maxSig) {
    const r = a.toExponential(maxSig - 1).split('e') as [string, string];
    mant = r[0];
    e = r[1];
    digits = mant.replace('.', '');
    exp = Number(e);
  }
  digits = digits.replace(/0+$/, '') || '0';
  return { neg, digits, exp };
}

/** Positional digits split at the point; fraction capped at `maxFrac` digits (rounded). */
function positional(x: number, f32: boolean, maxFrac: number): { int: string; frac: string } {
  const { neg, digits, exp } = shortest(x, f32);
  if (digits.length - exp - 1 > maxFrac) {
    const fixed = Math.abs(x).toFixed(maxFrac).replace(/0+$/, '');
    const [i, f = ''] = fixed.split('.') as [string, string?];
    return { int: (neg ? '-' : '') + i, frac: f };
  }
  let int: string;
  let frac: string;
  if (exp >= 0) {
    int = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
    frac = digits.slice(exp + 1);
  } else {
    int = '0';
    frac = '0'.repeat(-exp - 1) + digits;
  }
  if (digits === '0') frac = '';
  return { int: (neg ? '-' : '') + int, frac };
}

/** `str()` of a numpy float scalar (float32 when `f32`). */
export function formatFloatScalar(x: number, f32: boolean): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const { neg, digits, exp } = shortest(x, f32);
  if (digits === '0') return neg ? '-0.0' : '0.0';
  if (exp >= -4 && exp < 16) {
    const p = positional(x, f32, 40);
    return `${p.int}.${p.frac || '0'}`;
  }
  const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${neg ? '-' : ''}${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** Lays out formatted elements like numpy's `str(array)` (75-column lines). */
function wrap(words: string[]): string {
  const width = 74;
  let s = '';
  let line = ' ';
  words.forEach((word, i) => {
    if (line.length + word.length > width && line.length > 1) {
      s += `${line.trimEnd()}\n`;
      line = ' ';
    }
    line += word;
    if (i < words.length - 1) line += ' ';
  });
  s += line;
  return `[${s.slice(1)}]`;
}

/** `str()` of a numpy integer array. */
export function formatIntArray(values: readonly number[]): string {
  const strs = values.map((v) => String(v));
  const w = Math.max(...strs.map((s) => s.length));
  return wrap(strs.map((s) => s.padStart(w)));
}

/** `str()` of a numpy float array (float32 when `f32`), numpy 1.24 defaults. */
export function formatFloatArray(values: readonly number[], f32: boolean): string {
  const finite = values.filter((v) => Number.isFinite(v));
  const absNonZero = finite.filter((v) => v !== 0).map(Math.abs);
  const max = absNonZero.length ? Math.max(...absNonZero) : 0;
  const min = absNonZero.length ? Math.min(...absNonZero) : 0;
  const expMode = absNonZero.length > 0 && (max >= 1e8 || min < 1e-4 || max / min > 1e3);
  const nonFinite = (v: number, width: number): string =>
    (Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf').padStart(width);
  if (expMode) {
    const parts = finite.map((v) => {
      const { neg, digits, exp } = shortest(v, f32, 9);
      return { int: (neg ? '-' : '') + digits[0], frac: digits.slice(1), exp };
    });
    const padLeft = Math.max(...parts.map((p) => p.int.length));
    const precision = Math.max(...parts.map((p) => p.frac.length));
    const expSize = Math.max(2, ...parts.map((p) => String(Math.abs(p.exp)).length));
    const width = padLeft + 1 + precision + 2 + expSize;
    // numpy pads every element to `precision` digits of its exact value (min_digits)
    return wrap(
      values.map((v) => {
        if (!Number.isFinite(v)) return nonFinite(v, width);
        const neg = v < 0 || Object.is(v, -0);
        const [mant, e] = Math.abs(v).toExponential(precision).split('e') as [string, string];
        const exp = Number(e);
        const [i, fr = ''] = mant.split('.') as [string, string?];
        return (
          `${((neg ? '-' : '') + i).padStart(padLeft)}.${fr}e` +
          `${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(expSize, '0')}`
        );
      }),
    );
  }
  const parts = finite.map((v) => positional(v, f32, 8));
  let padLeft = parts.length ? Math.max(...parts.map((p) => p.int.length)) : 0;
  const padRight = parts.length ? Math.max(...parts.map((p) => p.frac.length)) : 0;
  if (finite.length < values.length) {
    const hasNegInf = values.some((v) => v === Number.NEGATIVE_INFINITY);
    padLeft = Math.max(padLeft, 3 - (padRight + 1), (hasNegInf ? 4 : 3) - (padRight + 1));
  }
  const width = padLeft + 1 + padRight;
  let k = 0;
  return wrap(
    values.map((v) => {
      if (!Number.isFinite(v)) return nonFinite(v, width);
      const p = parts[k++]!;
      return `${p.int.padStart(padLeft)}.${p.frac.padEnd(padRight)}`;
    }),
  );
}

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
  const f = (x: number): string => formatFloatScalar(x, v1);
  const fa = (x: number[]): string => formatFloatArray(x, v1);
  const rows: [string, string][] = v1
    ? [
        ['sizeof_hdr', String(header.sizeofHdr)],
        ['data_type', bytesRepr(header.dataType)],
        ['db_name', bytesRepr(header.dbName)],
        ['extents', String(header.extents)],
        ['session_error', String(header.sessionError)],
        ['regular', bytesRepr(header.regular)],
        ['dim_info', String(header.dimInfo)],
        ['dim', formatIntArray(header.dim)],
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
        ['eol_check', formatIntArray([13, 10, 26, 10])],
        ['datatype', label(DATATYPE_LABELS, header.datatype)],
        ['bitpix', String(header.bitpix)],
        ['dim', formatIntArray(header.dim)],
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
