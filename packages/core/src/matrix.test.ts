import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors.js';
import { encodeLabels, takeRows, toLabels, toMatrix, uniqueLabels } from './matrix.js';

describe('toMatrix', () => {
  const rows = [
    [1, 2, 3],
    [4, 5, 6],
  ];
  it('accepts number[][], shaped typed arrays and ml-matrix, all to the same flat data', () => {
    const expected = Float64Array.from([1, 2, 3, 4, 5, 6]);
    for (const input of [
      rows,
      { data: Float32Array.from([1, 2, 3, 4, 5, 6]), shape: [2, 3] as [number, number] },
      { data: expected, rows: 2, cols: 3 },
      new Matrix(rows),
    ]) {
      const m = toMatrix(input);
      expect(m.rows).toBe(2);
      expect(m.cols).toBe(3);
      expect(m.data).toEqual(expected);
    }
  });

  it('does not copy a Float64Array unless asked', () => {
    const data = new Float64Array(6);
    expect(toMatrix({ data, shape: [3, 2] }).data).toBe(data);
    expect(toMatrix({ data, shape: [3, 2] }, { copy: true }).data).not.toBe(data);
  });

  it('keeps float32 data as it is only for callers that accept it', () => {
    const data = new Float32Array([0.1, 2, 3, 4.5, 5, 6]);
    const m32 = toMatrix({ data, rows: 2, cols: 3 }, { acceptFloat32: true });
    expect(m32.data).toBe(data);
    const m64 = toMatrix({ data, rows: 2, cols: 3 });
    expect(m64.data).toBeInstanceOf(Float64Array);
    expect(Array.from(m64.data)).toEqual(Array.from(data));
    expect(toMatrix({ data, shape: [2, 3] }, { acceptFloat32: true, copy: true }).data).not.toBe(
      data,
    );
    expect(() =>
      toMatrix(
        { data: new Float32Array([1, Number.NaN]), rows: 1, cols: 2 },
        { acceptFloat32: true },
      ),
    ).toThrow(/NaN at row 0, column 1/);
    const rows32 = takeRows({ data, rows: 2, cols: 3 }, [1]);
    expect(rows32.data).toBeInstanceOf(Float32Array);
    expect(Array.from(rows32.data)).toEqual([4.5, 5, 6]);
  });
  it('rejects bad input with messages that locate the problem', () => {
    expect(() => toMatrix([[1, 2], [3]])).toThrow(/ragged: row 0 has 2 values but row 1 has 1/);
    expect(() => toMatrix([[1, Number.NaN]])).toThrow(/NaN at row 0, column 1/);
    expect(() => toMatrix([[1], [Number.POSITIVE_INFINITY]])).toThrow(
      /Infinity at row 1, column 0/,
    );
    expect(() => toMatrix({ data: new Float64Array(5), shape: [2, 3] })).toThrow(
      /5 values but its shape/,
    );
    // the first non-finite value is the one reported, whichever kind it is
    const mixed = new Float64Array(12).fill(0.5);
    mixed[7] = Number.NEGATIVE_INFINITY;
    mixed[10] = Number.NaN;
    expect(() => toMatrix({ data: mixed, rows: 4, cols: 3 })).toThrow(
      /X contains Infinity at row 2, column 1\./,
    );
    mixed[4] = Number.NaN;
    expect(() => toMatrix({ data: mixed, rows: 4, cols: 3 }, { name: 'Xt' })).toThrow(
      /Xt contains NaN at row 1, column 1\./,
    );
    expect(toMatrix({ data: mixed, rows: 4, cols: 3 }, { allowNonFinite: true }).data).toBe(mixed);
    expect(() => toMatrix([])).toThrow(/0 samples/);
    expect(() => toMatrix([[]])).toThrow(/0 features/);
    expect(() => toMatrix(null as never)).toThrow(ValidationError);
    expect(() => toMatrix([1, 2] as never)).toThrow(ValidationError);
    expect(() => toMatrix({ data: [1] } as never)).toThrow(/no shape/);
    expect(toMatrix([], { allowEmpty: true }).rows).toBe(0);
  });

  it('takeRows copies the selected rows', () => {
    const m = toMatrix(rows);
    expect(Array.from(takeRows(m, [1, 0, 1]).data)).toEqual([4, 5, 6, 1, 2, 3, 4, 5, 6]);
    expect(() => takeRows(m, [2])).toThrow(ValidationError);
  });
});

describe('labels', () => {
  it('sorts classes like numpy.unique and encodes them', () => {
    expect(uniqueLabels(['face', 'cat', 'face', 'house'])).toEqual(['cat', 'face', 'house']);
    expect(uniqueLabels([3, 1, 2, 1])).toEqual([1, 2, 3]);
    expect(Array.from(encodeLabels(['face', 'cat'], ['cat', 'face']))).toEqual([1, 0]);
    expect(() => encodeLabels(['dog'], ['cat'])).toThrow(/"dog" at position 0 was not seen/);
  });
  it('validates length and values', () => {
    expect(() => toLabels(['a'], 2)).toThrow(/1 labels but X has 2 samples/);
    expect(() => toLabels([Number.NaN])).toThrow(ValidationError);
    expect(() => toLabels([null as never])).toThrow(ValidationError);
  });
});

describe('no silent coercion (issue 20, item 6)', () => {
  it('mixed label types are a ValidationError', () => {
    expect(() => toLabels([1, '1', 2])).toThrow(ValidationError);
    expect(() => toLabels([1, '1', 2])).toThrow(
      /mixes label types: y\[0\] is the number 1 but y\[1\] is the string "1"/,
    );
    expect(() => toLabels(['a', 2])).toThrow(ValidationError);
    expect(toLabels(['cat', 'face'])).toEqual(['cat', 'face']);
    expect(toLabels([2, 1])).toEqual([2, 1]);
  });

  it('null and numeric strings in X are a ValidationError, never 0 or a number', () => {
    const rows = [
      [1, 2],
      [null, 4],
    ] as unknown as number[][];
    expect(() => toMatrix(rows)).toThrow(/X contains null at row 1, column 0/);
    const strings = [['1', 2]] as unknown as number[][];
    expect(() => toMatrix(strings)).toThrow(/X contains the string "1" at row 0, column 0/);
    const flat = { data: [1, 2, 3, null], shape: [2, 2] } as unknown as Parameters<
      typeof toMatrix
    >[0];
    expect(() => toMatrix(flat)).toThrow(/null at row 1, column 1/);
    const flatStr = { data: [1, '2'], rows: 1, cols: 2 } as unknown as Parameters<
      typeof toMatrix
    >[0];
    expect(() => toMatrix(flatStr)).toThrow(ValidationError);
    const like = { rows: 1, columns: 2, get: (_r: number, c: number) => (c === 1 ? null : 1) };
    expect(() => toMatrix(like as unknown as Matrix)).toThrow(/null at row 0, column 1/);
    expect(toMatrix({ data: new Float32Array([1, 2]), shape: [1, 2] }).data).toEqual(
      new Float64Array([1, 2]),
    );
  });
});
