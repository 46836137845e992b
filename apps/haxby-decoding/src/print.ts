/**
 * pandas-looking text for the tutorial's printouts of the labels table: `print(DataFrame)` and
 * `print(Series)` with pandas' default display options. numpy's `print(array)` and Python's
 * reprs come from `@voxelkit/core` (`formatArray`, `pyFloat`, `pyTuple`, …), so that a nilearn user
 * can put the app's output beside the tutorial's and compare them line by line.
 *
 * @module
 */

/** A column of a pandas-like table: strings print as dtype `object`, integers as `int64`. */
export interface TableColumn {
  readonly name: string;
  readonly values: ArrayLike<string> | ArrayLike<number>;
}

const MAX_ROWS = 60;
const MIN_ROWS = 10;

/** Python's `str.center` (the extra space goes where CPython puts it). */
function center(s: string, width: number): string {
  const marg = width - s.length;
  if (marg <= 0) return s;
  const left = Math.floor(marg / 2) + (marg & width & 1);
  return ' '.repeat(left) + s + ' '.repeat(marg - left);
}

function isNumericColumn(col: TableColumn): boolean {
  return col.values.length > 0 && typeof col.values[0] === 'number';
}

/** Rows shown by pandas (all up to 60, else the first and last 5) and where the dots go. */
function shownRows(n: number): { rows: number[]; dotsAt: number } {
  if (n <= MAX_ROWS) return { rows: Array.from({ length: n }, (_, i) => i), dotsAt: -1 };
  const half = MIN_ROWS / 2;
  const rows = [
    ...Array.from({ length: half }, (_, i) => i),
    ...Array.from({ length: half }, (_, i) => n - half + i),
  ];
  return { rows, dotsAt: half };
}

function cell(v: string | number): string {
  return ` ${String(v)}`;
}

/**
 * pandas' `print(DataFrame)` (default display options: at most 60 rows, else the first and last
 * 5 with a row of dots and a `[n rows x m columns]` footer). `index` holds the row labels
 * (default 0..n-1).
 */
export function formatDataFrame(
  columns: readonly TableColumn[],
  index?: ArrayLike<number>,
): string {
  const n = columns[0]?.values.length ?? 0;
  const { rows, dotsAt } = shownRows(n);
  const idx = rows.map((r) => String(index ? index[r] : r));
  const idxWidth = Math.max(0, ...idx.map((s) => s.length));
  const strcols: string[][] = [['', ...idx].map((s) => s.padEnd(idxWidth))];
  for (const col of columns) {
    const header = isNumericColumn(col) ? ` ${col.name}` : col.name;
    const values = rows.map((r) => cell(col.values[r] as string | number));
    const width = Math.max(header.length, ...values.map((s) => s.length));
    strcols.push([header, ...values].map((s) => s.padStart(width)));
  }
  if (dotsAt >= 0) {
    strcols.forEach((col, k) => {
      const width = (col[0] as string).length;
      const dots = width > 3 ? '...' : '..';
      col.splice(dotsAt + 1, 0, k === 0 ? dots.padEnd(width) : dots.padStart(width));
    });
  }
  const lines = (strcols[0] as string[]).map((_, i) => strcols.map((c) => c[i]).join(' '));
  const text = lines.join('\n');
  return dotsAt >= 0 ? `${text}\n\n[${n} rows x ${columns.length} columns]` : text;
}

/**
 * pandas' `print(Series)`: index left-justified, values right-justified three spaces further,
 * dots centred when truncated, then the `Name: …, Length: …, dtype: …` footer.
 */
export function formatSeries(column: TableColumn, index?: ArrayLike<number>): string {
  const n = column.values.length;
  const dtype = isNumericColumn(column) ? 'int64' : 'object';
  if (n === 0) return `Series([], Name: ${column.name}, dtype: ${dtype})`;
  const { rows, dotsAt } = shownRows(n);
  const idx = rows.map((r) => String(index ? index[r] : r));
  const values = rows.map((r) => cell(column.values[r] as string | number));
  const idxWidth = Math.max(...idx.map((s) => s.length));
  const width = Math.max(...values.map((s) => s.length));
  const lines = rows.map(
    (_, i) => `${(idx[i] as string).padEnd(idxWidth)}   ${(values[i] as string).padStart(width)}`,
  );
  if (dotsAt >= 0) {
    lines.splice(dotsAt, 0, `${''.padEnd(idxWidth)}   ${center(width > 3 ? '...' : '..', width)}`);
  }
  const length = dotsAt >= 0 ? `, Length: ${n}` : '';
  return `${lines.join('\n')}\nName: ${column.name}${length}, dtype: ${dtype}`;
}
