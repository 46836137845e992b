/**
 * scikit-learn's estimator repr (≥ 0.23, `print_changed_only=True`): the class name and, sorted
 * by name, the parameters that differ from the defaults, with scikit-learn's snake_case names
 * and Python literals — `SVC(C=0.5, kernel='linear')`.
 *
 * @module
 */
import { pyRepr } from './py-print.js';

/** `cacheSize` → `cache_size` (scikit-learn's name of a camelCase parameter). */
export function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, (_, a: string, b: string) => `${a}_${b.toLowerCase()}`);
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
