/**
 * scikit-learn's estimator repr (≥ 0.23, `print_changed_only=True`): the class name and, sorted
 * by name, the parameters that differ from the defaults, with scikit-learn's snake_case names
 * and Python literals — `SVC(C=0.5, kernel='linear')`.
 *
 * @module
 */

/** `cacheSize` → `cache_size` (scikit-learn's name of a camelCase parameter). */
export function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, (_, a: string, b: string) => `${a}_${b.toLowerCase()}`);
}

/** Python's `repr` of a float: shortest round-trip digits, exponent below 1e-4 and from 1e16. */
function pyFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const [mantissa, expText] = x.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) {
    return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return String(x);
}

function pyStr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
  return `${quote}${quote === "'" ? body.replace(/'/g, "\\'") : body}${quote}`;
}

/**
 * A parameter value as Python would print it: `None`, `True`/`False`, quoted strings, integers
 * as integers, floats as `repr(float)`, lists, dicts, nested estimators by their own repr.
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

/**
 * The repr of an estimator of class `name` with hyper-parameters `params`: only those whose
 * printed value differs from `defaults` (all of them when `defaults` is undefined).
 */
export function estimatorRepr(
  name: string,
  params: Record<string, unknown>,
  defaults: Record<string, unknown> | undefined,
): string {
  const changed = Object.keys(params)
    .filter((k) => defaults === undefined || pyRepr(params[k]) !== pyRepr(defaults[k]))
    .map((k) => [snakeCase(k), pyRepr(params[k])] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`);
  return `${name}(${changed.join(', ')})`;
}
