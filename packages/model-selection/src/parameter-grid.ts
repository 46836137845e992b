/**
 * `ParameterGrid`: every combination of a grid of hyper-parameter values, in scikit-learn's
 * order (for each grid: keys sorted, the last key varying fastest).
 *
 * @module
 */
import { ValidationError } from '@voxelkit/core';

/** Candidate values by parameter name. */
export type ParamGridSpec = Readonly<Record<string, readonly unknown[]>>;

/**
 * The combinations of one grid or of a list of grids (scikit-learn's `ParameterGrid`), in the
 * same order: grid by grid, keys sorted, a Cartesian product whose last key varies fastest.
 *
 * @example
 * ```ts
 * [...new ParameterGrid({ kernel: ['linear'], C: [1, 10] })];
 * // [{ C: 1, kernel: 'linear' }, { C: 10, kernel: 'linear' }]
 * ```
 */
export class ParameterGrid implements Iterable<Record<string, unknown>> {
  private readonly grids: { keys: string[]; values: (readonly unknown[])[] }[];

  /** @throws ValidationError when a grid is not an object or a value list is not a non-empty array. */
  constructor(paramGrid: ParamGridSpec | readonly ParamGridSpec[]) {
    const list = Array.isArray(paramGrid) ? paramGrid : [paramGrid];
    this.grids = (list as ParamGridSpec[]).map((grid) => {
      if (typeof grid !== 'object' || grid === null || Array.isArray(grid)) {
        throw new ValidationError(
          `Parameter grid should be an object or a list of objects; got ${String(grid)}.`,
        );
      }
      const keys = Object.keys(grid).sort();
      const values = keys.map((key) => {
        const v = grid[key];
        if (!Array.isArray(v)) {
          throw new ValidationError(
            `Parameter grid for parameter "${key}" needs to be an array, but got ${String(v)}. Wrap a single value in an array: { ${key}: [value] }.`,
          );
        }
        if (v.length === 0) {
          throw new ValidationError(
            `Parameter grid for parameter "${key}" needs to be a non-empty array.`,
          );
        }
        return v as readonly unknown[];
      });
      return { keys, values };
    });
  }

  /** Number of candidates. */
  get length(): number {
    let n = 0;
    for (const g of this.grids) n += g.values.reduce((p, v) => p * v.length, 1);
    return n;
  }

  *[Symbol.iterator](): Iterator<Record<string, unknown>> {
    for (const { keys, values } of this.grids) {
      const total = values.reduce((p, v) => p * v.length, 1);
      for (let c = 0; c < total; c++) {
        const params: Record<string, unknown> = {};
        let rest = c;
        for (let k = keys.length - 1; k >= 0; k--) {
          const v = values[k] as readonly unknown[];
          params[keys[k] as string] = v[rest % v.length];
          rest = Math.floor(rest / v.length);
        }
        const ordered: Record<string, unknown> = {};
        for (const key of keys) ordered[key] = params[key];
        yield ordered;
      }
    }
  }
}
