/**
 * Python-looking text: numpy's `str(array)` and `str(scalar)` with the default print options
 * (precision 8, threshold 1000, edgeitems 3, linewidth 75), and Python's `repr` of floats,
 * strings, tuples and simple values. One home for what the tutorial's printouts, nibabel-style
 * header dumps and scikit-learn-style estimator reprs all need, so that their output can be put
 * beside Python's and compared line by line.
 *
 * @module
 */

/** The element type numpy would report for a float array. */
export type FloatDType = 'float32' | 'float64';

/** A 1-D or 2-D array to print, row-major. */
export interface PrintableArray {
  readonly data: ArrayLike<number> | ArrayLike<string>;
  /** `[n]` or `[rows, cols]`. */
  readonly shape: readonly [number] | readonly [number, number];
  /** Float arrays: the dtype whose shortest round-trip digits are printed (default float64). */
  readonly dtype?: FloatDType | 'int' | 'str';
}

const PRECISION = 8;
const THRESHOLD = 1000;
const EDGE_ITEMS = 3;
const LINE_WIDTH = 75;

interface Decimal {
  /** Significant digits without leading zeros ("0" for zero). */
  digits: string;
  /** Decimal exponent of the first digit: value = d.ddd × 10^exp. */
  exp: number;
  negative: boolean;
}

function parseExponential(s: string): Decimal {
  const negative = s.startsWith('-');
  const body = negative ? s.slice(1) : s;
  const [mantissa = '0', e = '0'] = body.split('e');
  return { digits: mantissa.replace('.', ''), exp: Number(e), negative };
}

/** The shortest decimal that reads back as `x` in the given dtype (what numpy and Python print). */
function shortest(x: number, dtype: FloatDType): Decimal {
  if (dtype === 'float32') {
    for (let p = 1; p < 10; p++) {
      const s = x.toExponential(p - 1);
      if (Math.fround(Number(s)) === x) return parseExponential(s);
    }
  }
  return parseExponential(x.toExponential());
}

/**
 * Rounds `x` to `n` digits after the point of its scientific (`exponential`) or positional form,
 * correctly rounded from the exact binary value, ties to even (like numpy's Dragon4; JavaScript's
 * `toFixed` breaks exact ties upwards).
 */
function roundExact(x: number, n: number, exponential: boolean): string {
  const rounded = exponential ? x.toExponential(n) : x.toFixed(n);
  const m = Math.min(n + 30, 100);
  const [mant = '', exp] = (exponential ? x.toExponential(m) : x.toFixed(m)).split('e');
  const cut = mant.indexOf('.') + n + 1;
  // An exact tie: the digits after the cut are 5 then zeros. Keep the truncation when its last
  // digit is already even.
  if (/^50*$/.test(mant.slice(cut))) {
    const truncated = mant.slice(0, cut).replace(/\.$/, '');
    if (/[02468]$/.test(truncated)) return exp === undefined ? truncated : `${truncated}e${exp}`;
  }
  return rounded;
}

/** numpy's `dragon4_positional(x, precision, unique=True, fractional=True, trim='.')`. */
function positional(x: number, dtype: FloatDType, precision: number): string {
  const d = shortest(x, dtype);
  const fracNeeded = Math.max(0, d.digits.length - 1 - d.exp);
  let s: string;
  if (d.digits === '0') s = x < 0 || Object.is(x, -0) ? '-0' : '0';
  else if (fracNeeded <= precision) {
    const sign = d.negative ? '-' : '';
    if (d.exp >= 0) {
      const intDigits = d.digits.slice(0, d.exp + 1).padEnd(d.exp + 1, '0');
      const frac = d.digits.slice(d.exp + 1);
      s = `${sign}${intDigits}${frac ? `.${frac}` : ''}`;
    } else {
      s = `${sign}0.${'0'.repeat(-d.exp - 1)}${d.digits}`;
    }
  } else {
    s = roundExact(x, precision, false);
  }
  if (!s.includes('.')) return `${s}.`;
  return s.replace(/0+$/, '');
}

/** numpy's `dragon4_scientific(x, precision, unique=True, trim='.')` split into its parts. */
function scientific(
  x: number,
  dtype: FloatDType,
  precision: number,
): { int: string; frac: string; exp: number } {
  if (x === 0) return { int: Object.is(x, -0) ? '-0' : '0', frac: '', exp: 0 };
  const d = shortest(x, dtype);
  let mantissa: string;
  let exp = d.exp;
  if (d.digits.length - 1 <= precision) {
    mantissa = `${d.negative ? '-' : ''}${d.digits[0]}.${d.digits.slice(1)}`;
  } else {
    const r = parseExponential(roundExact(x, precision, true));
    mantissa = `${r.negative ? '-' : ''}${r.digits[0]}.${r.digits.slice(1)}`;
    exp = r.exp;
  }
  const [int = '', frac = ''] = mantissa.split('.');
  return { int, frac: frac.replace(/0+$/, ''), exp };
}

/** `x` in scientific notation with exactly `precision` digits after the point. */
function fullDigits(x: number, precision: number): { int: string; frac: string; exp: number } {
  const r = parseExponential(roundExact(x, precision, true));
  return {
    int: `${r.negative ? '-' : ''}${r.digits[0]}`,
    frac: r.digits.slice(1).padEnd(precision, '0'),
    exp: r.exp,
  };
}

/** Formats the finite floats of an array like numpy's `FloatingFormat` (floatmode 'maxprec'). */
function floatFormatter(values: readonly number[], dtype: FloatDType): (x: number) => string {
  const finite = values.filter((v) => Number.isFinite(v));
  const nonZero = finite.filter((v) => v !== 0).map(Math.abs);
  let expFormat = false;
  if (nonZero.length > 0) {
    const max = Math.max(...nonZero);
    const min = Math.min(...nonZero);
    expFormat = max >= 1e8 || min < 0.0001 || max / min > 1000;
  }
  const special = (x: number, width: number): string =>
    (Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf').padStart(width);
  // numpy widens the integer part so that 'nan', 'inf' and '-inf' fit the column.
  const fitSpecial = (padLeft: number, padRight: number): number => {
    if (finite.length === values.length) return padLeft;
    const infLength = values.some((v) => v === Number.NEGATIVE_INFINITY) ? 4 : 3;
    return Math.max(padLeft, 3 - (padRight + 1), infLength - (padRight + 1));
  };
  if (finite.length === 0) {
    const width = fitSpecial(0, 0) + 1;
    return (x) => special(x, width);
  }
  if (expFormat) {
    const parts = finite.map((x) => scientific(x, dtype, PRECISION));
    const precision = Math.max(...parts.map((p) => p.frac.length));
    const expDigits = Math.max(2, ...parts.map((p) => String(Math.abs(p.exp)).length));
    const padRight = expDigits + 2 + precision;
    const padLeft = fitSpecial(Math.max(...parts.map((p) => p.int.length)), padRight);
    const width = padLeft + 1 + padRight;
    return (x) => {
      if (!Number.isFinite(x)) return special(x, width);
      // numpy pads with the exact value's further digits (min_digits), not with zeros.
      const p = x === 0 ? scientific(x, dtype, precision) : fullDigits(x, precision);
      const e = `e${p.exp < 0 ? '-' : '+'}${String(Math.abs(p.exp)).padStart(expDigits, '0')}`;
      return `${p.int.padStart(padLeft)}.${p.frac.padEnd(precision, '0')}${e}`;
    };
  }
  const strs = finite.map((x) => positional(x, dtype, PRECISION).split('.'));
  const padRight = Math.max(...strs.map((s) => (s[1] as string).length));
  const padLeft = fitSpecial(Math.max(...strs.map((s) => (s[0] as string).length)), padRight);
  return (x) => {
    if (!Number.isFinite(x)) return special(x, padLeft + 1 + padRight);
    const [int = '', frac = ''] = positional(x, dtype, PRECISION).split('.');
    return `${int.padStart(padLeft)}.${frac.padEnd(padRight)}`;
  };
}

/** Python's `repr(s)` of a string. */
export function pyStr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
  return quote + (quote === "'" ? body.replace(/'/g, "\\'") : body) + quote;
}

/**
 * Python's `repr(x)` of a float, or numpy's `str()` of a float scalar of `dtype` (float32 prints
 * its own shortest round-trip digits): positional for exponents -4 to 15, otherwise `1e-05` /
 * `1.5e+16`; always with a point (`1.0`).
 */
export function pyFloat(x: number, dtype: FloatDType = 'float64'): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const d = shortest(x, dtype);
  const sign = d.negative ? '-' : '';
  if (d.exp >= -4 && d.exp < 16) {
    const s = positional(Math.abs(x), dtype, 400);
    return `${sign}${s.endsWith('.') ? `${s}0` : s}`;
  }
  const frac = d.digits.slice(1);
  const e = `e${d.exp < 0 ? '-' : '+'}${String(Math.abs(d.exp)).padStart(2, '0')}`;
  return `${sign}${d.digits[0]}${frac ? `.${frac}` : ''}${e}`;
}

/** Python's repr of a shape tuple: `(1452, 530)`, `(216,)`. */
export function pyTuple(values: readonly number[]): string {
  return values.length === 1 ? `(${values[0]},)` : `(${values.join(', ')})`;
}

/**
 * A value as Python would print it: `None`, `True`/`False`, quoted strings, integers as
 * integers, floats as `repr(float)`, lists (arrays and typed arrays), dicts (plain objects), and
 * other objects by their `String()` (estimators by their scikit-learn repr).
 */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'string') return pyStr(value);
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : pyFloat(value);
  if (typeof value === 'bigint') return String(value);
  if (typeof value === 'function') return value.name || 'function';
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    return `[${Array.from(value as ArrayLike<unknown>, pyRepr).join(', ')}]`;
  }
  if (typeof value === 'object') {
    if (Object.getPrototypeOf(value) === Object.prototype) {
      const items = Object.entries(value).map(([k, v]) => `${pyStr(k)}: ${pyRepr(v)}`);
      return `{${items.join(', ')}}`;
    }
    if (value.constructor?.name === 'RandomState') return 'RandomState(MT19937)';
    return String(value);
  }
  return String(value);
}

function extendLine(
  s: string,
  line: string,
  word: string,
  width: number,
  nextLinePrefix: string,
): [string, string] {
  let wrap = line.length + word.length > width;
  if (line.length <= nextLinePrefix.length) wrap = false;
  if (wrap) {
    s += `${line.trimEnd()}\n`;
    line = nextLinePrefix;
  }
  return [s, line + word];
}

/** The indices printed along an axis of length n (all, or the edge items around a "..."). */
function shownIndices(n: number, summarize: boolean): { lead: number[]; trail: number[] } {
  if (summarize && n > 2 * EDGE_ITEMS) {
    const lead = Array.from({ length: EDGE_ITEMS }, (_, i) => i);
    const trail = Array.from({ length: EDGE_ITEMS }, (_, i) => n - EDGE_ITEMS + i);
    return { lead, trail };
  }
  return { lead: Array.from({ length: n }, (_, i) => i), trail: [] };
}

/**
 * numpy's `str(array)` for a 1-D or 2-D float, int or string array with the default print
 * options: arrays over 1000 elements are summarized with `...` (3 edge items), floats use the
 * shortest round-trip digits of their dtype (at most 8 decimals), switching to scientific
 * notation when the printed values span more than 3 decades, and lines wrap at 75 characters.
 */
export function formatArray(array: PrintableArray): string {
  const { data, shape } = array;
  const rows = shape.length === 2 ? shape[0] : 1;
  const cols = shape.length === 2 ? shape[1] : shape[0];
  const summarize = rows * cols > THRESHOLD;
  const r = shape.length === 2 ? shownIndices(rows, summarize) : { lead: [0], trail: [] };
  const c = shownIndices(cols, summarize);
  const rowIdx = [...r.lead, ...r.trail];
  const colIdx = [...c.lead, ...c.trail];
  const dtype = array.dtype ?? (typeof data[0] === 'string' ? 'str' : 'float64');
  let fmt: (v: number | string) => string;
  if (dtype === 'str') fmt = (v) => pyStr(String(v));
  else if (dtype === 'int') {
    const width = Math.max(
      0,
      ...rowIdx.flatMap((i) => colIdx.map((j) => String(data[i * cols + j]).length)),
    );
    fmt = (v) => String(v).padStart(width);
  } else {
    const shown = rowIdx.flatMap((i) => colIdx.map((j) => data[i * cols + j] as number));
    const f = floatFormatter(shown, dtype);
    fmt = (v) => f(v as number);
  }

  const formatRow = (i: number, hangingIndent: string, width: number): string => {
    const elemWidth = width - 1; // minus len(']')
    let s = '';
    let line = hangingIndent;
    const words = c.lead.map((j) => fmt(data[i * cols + j] as number));
    const trailWords = c.trail.map((j) => fmt(data[i * cols + j] as number));
    const all: string[] = c.trail.length > 0 ? [...words, '...', ...trailWords] : words;
    for (let k = 0; k < all.length; k++) {
      [s, line] = extendLine(s, line, all[k] as string, elemWidth, hangingIndent);
      if (k < all.length - 1) line += ' ';
    }
    s += line;
    return `[${s.slice(hangingIndent.length)}]`;
  };

  if (shape.length === 1) return formatRow(0, ' ', LINE_WIDTH);
  const inner = '  ';
  const lines: string[] = r.lead.map((i) => formatRow(i, inner, LINE_WIDTH - 1));
  if (r.trail.length > 0) lines.push('...');
  for (const i of r.trail) lines.push(formatRow(i, inner, LINE_WIDTH - 1));
  return `[${lines.join('\n ')}]`;
}
