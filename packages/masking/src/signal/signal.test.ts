import {
  type Matrix2D,
  setWarningHandler,
  ValidationError,
  type VoxelkitError,
} from '@voxelkit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { butter, butterworth, lfilterZi } from './butterworth.js';
import { clean } from './clean.js';
import { detrend } from './detrend.js';
import { standardizeSignal } from './standardize.js';

// Golden numbers: packages/masking/scripts/goldens.py, run with Debian's python3 (numpy, scipy
// 1.10); nilearn 0.10's signal.clean steps spelled out with numpy/scipy. Input: the synthetic
// signals below (120 time points × 3 features), identical in both languages.
function synth(n = 120, p = 3): Matrix2D {
  const data = new Float64Array(n * p);
  for (let t = 0; t < n; t++) {
    for (let c = 0; c < p; c++) {
      data[t * p + c] =
        Math.sin(0.37 * t * (c + 1)) + 0.05 * t * (c - 1) + 0.5 * Math.cos(1.3 * t + c);
    }
  }
  return { data, rows: n, cols: p };
}

const ROWS = [0, 1, 57, 119];

function expectClose(actual: ArrayLike<number>, expected: number[], tol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThan(tol);
  }
}

function expectRows(m: Matrix2D, rows: number[], expected: number[][], tol: number): void {
  rows.forEach((r, i) => {
    for (let c = 0; c < m.cols; c++) {
      expect(Math.abs(m.data[r * m.cols + c]! - expected[i]![c]!)).toBeLessThan(tol);
    }
  });
}

let warnings: VoxelkitError[] = [];
let previous: ReturnType<typeof setWarningHandler>;
beforeEach(() => {
  warnings = [];
  previous = setWarningHandler((w) => warnings.push(w));
});
afterEach(() => {
  setWarningHandler(previous);
});

describe('butter (scipy.signal.butter golden)', () => {
  it('band-pass [0.05, 0.5] order 5', () => {
    const { b, a } = butter(5, [0.05, 0.5], 'band');
    const bExp = [
      0.03489971472088411, 0, -0.17449857360442053, 0, 0.34899714720884106, 0, -0.34899714720884106,
      0, 0.17449857360442053, 0, -0.03489971472088411,
    ];
    const aExp = [
      1, -4.6908811829306636, 9.7472724949837612, -12.429650026007865, 11.471827230625143,
      -8.1323759996118916, 4.2669630836264805, -1.5891835980778777, 0.43029680755150307,
      -0.078785570474898911, 0.004679330634695303,
    ];
    expect(b.length).toBe(11);
    expectClose(b, bExp, 1e-13);
    expectClose(a, aExp, 1e-12);
    const zi = lfilterZi({ b, a });
    const ziExp = [
      -0.03489971472165988, -0.03489971471802083, 0.1395988588788381, 0.13959885888848064,
      -0.2093982883292599, -0.20939828832295107, 0.13959885888257986, 0.13959885888381268,
      -0.0348997147209416, -0.03489971472088048,
    ];
    expectClose(zi, ziExp, 1e-9);
  });
  it('low-pass 0.2 and high-pass 0.1', () => {
    const low = butter(5, 0.2, 'low');
    expectClose(
      low.b,
      [
        0.00128258107896069, 0.00641290539480343, 0.01282581078960686, 0.01282581078960686,
        0.00641290539480343, 0.00128258107896069,
      ],
      1e-15,
    );
    expectClose(
      low.a,
      [
        1, -2.9754221097456828, 3.806018119320411, -2.5452528683304667, 0.8811300754378364,
        -0.1254306221553556,
      ],
      1e-13,
    );
    const high = butter(5, 0.1, 'high');
    expectClose(
      high.b,
      [
        0.5999402042196302, -2.999701021098151, 5.999402042196302, -5.999402042196302,
        2.999701021098151, -0.5999402042196302,
      ],
      1e-13,
    );
    expectClose(
      high.a,
      [
        1, -3.984543119612337, 6.434867090275871, -5.25361517035227, 2.165132909724133,
        -0.35992824506355625,
      ],
      1e-13,
    );
  });
  it('rejects invalid designs', () => {
    expect(() => butter(0, 0.2, 'low')).toThrow(ValidationError);
    expect(() => butter(5, 1, 'low')).toThrow(ValidationError);
    expect(() => butter(5, [0.5, 0.2], 'band')).toThrow(ValidationError);
    expect(() => butter(5, 0.2, 'band')).toThrow(ValidationError);
  });
});

describe('butterworth (scipy filtfilt golden)', () => {
  it('low-pass 0.1 Hz at tR 2.5', () => {
    const out = butterworth(synth(), 1 / 2.5, { lowPass: 0.1 });
    expectRows(
      out,
      ROWS,
      [
        [0.4996860611624096, 0.2697366827009239, -0.20841856523792585],
        [0.29267663173090197, 0.283076595029142, 0.5344161810382642],
        [-1.939506139860709, -0.5242608177991106, 3.6294548812068896],
        [-6.263291754216534, 0.1896781942688478, 6.555897757941616],
      ],
      1e-9,
    );
  });
  it('high-pass 0.01 Hz at tR 2.5', () => {
    const out = butterworth(synth(), 0.4, { highPass: 0.01 });
    expectRows(
      out,
      ROWS,
      [
        [-0.0551503685037511, -0.08392670659434631, -0.08225733652810807],
        [0.002316770967308701, 0.014820992845609005, 0.4997092107075657],
        [0.9388225257580706, -0.4764376126093194, 0.8278348124076566],
        [-0.19139195920703134, -0.109313314780632, -0.14294044622376],
      ],
      1e-8,
    );
  });
  it('band-pass 0.01–0.1 Hz at tR 2.5', () => {
    const out = butterworth(synth(), 0.4, { lowPass: 0.1, highPass: 0.01 });
    expectRows(
      out,
      ROWS,
      [
        [0.030029108467262422, 0.004263484399428893, -0.01954925596074354],
        [-0.07690352294406945, 0.03397377559785497, 0.6408399026903178],
        [0.9083226182482705, -0.4970325955427782, 0.8030352237587141],
        [0.08107472255961763, -0.027875228407306357, -0.009739850653286662],
      ],
      1e-8,
    );
  });
  it('leaves the input alone, filters nothing without cutoffs', () => {
    const x = synth();
    const before = x.data.slice();
    const same = butterworth(x, 0.4, {});
    expect(same.data).toEqual(before);
    expect(x.data).toEqual(before);
  });
  it('lowers a cutoff at Nyquist with a warning, rejects bad bands and short series', () => {
    butterworth(synth(), 0.4, { lowPass: 0.3 });
    expect(warnings.length).toBe(1);
    expect(warnings[0]!.message).toMatch(/Nyquist/);
    expect(() => butterworth(synth(), 0.4, { lowPass: 0.01, highPass: 0.1 })).toThrow(
      ValidationError,
    );
    expect(() => butterworth(synth(33, 1), 0.4, { lowPass: 0.1, highPass: 0.01 })).toThrow(
      /longer than the filter padding \(33/,
    );
  });
});

describe('detrend and standardize', () => {
  it('detrend matches nilearn _detrend', () => {
    expectRows(
      detrend(synth()),
      ROWS,
      [
        [0.3540978610466383, 0.20784355808841745, -0.23113106786481996],
        [0.3519331934250971, 0.27994040643072826, 0.3793185319657577],
        [0.9135609210685862, -0.4951090638102712, 0.8068435469428556],
        [-0.16597170850074194, 0.25862810712233064, 0.6336316498049026],
      ],
      1e-12,
    );
  });
  it('zscore (ddof 0), zscore_sample (ddof 1) and psc', () => {
    const z = [
      [1.7572606396979908, 0.34785896599464095, -1.6771878070735131],
      [1.7296410568029543, 0.4382664028496369, -1.3292171454671755],
      [0.5281435481373064, -0.6269596515652952, 0.36001975965981337],
      [-1.6621576609211117, 0.24613048836888018, 1.8893871357774945],
    ];
    expectRows(standardizeSignal(synth(), 'zscore'), ROWS, z, 1e-12);
    expectRows(standardizeSignal(synth(), true), ROWS, z, 1e-12);
    expectRows(
      standardizeSignal(synth(), 'zscore_sample'),
      ROWS,
      [
        [1.7499234024760038, 0.34640652137963124, -1.6701849046421258],
        [1.7224191419338928, 0.4364364725072106, -1.3236671540228209],
        [0.5259383462381667, -0.6243418545303946, 0.358516539066606],
        [-1.6552175151151844, 0.24510279916903763, 1.8814982197532033],
      ],
      1e-12,
    );
    expectRows(
      standardizeSignal(synth(), 'psc'),
      ROWS,
      [
        [116.80055711576595, 9017.727048984823, -106.99824345410818],
        [114.96475507447073, 11361.405575210432, -84.79903033771441],
        [35.10433185946541, -16252.997798623835, 22.967900034752507],
        [-110.4793087741327, 6380.567354926505, 120.53575865527355],
      ],
      1e-7,
    );
  });
  it('constant columns: std below eps → 1 (stay 0); psc of a zero mean → 0 with a warning', () => {
    const x = { data: Float64Array.of(5, 0, 5, 0, 5, 0), rows: 3, cols: 2 };
    expect(Array.from(standardizeSignal(x, 'zscore').data)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(standardizeSignal(x, 'psc').data)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(warnings.some((w) => /psc/.test(w.message))).toBe(true);
  });
  it('one time point is left unchanged with a warning', () => {
    const out = standardizeSignal([[3, 4]], 'zscore');
    expect(Array.from(out.data)).toEqual([3, 4]);
    expect(warnings.length).toBe(1);
  });
  it('accepts a 1-D series and rejects unknown strategies', () => {
    const out = standardizeSignal(Float64Array.of(1, 2, 3), 'zscore');
    expect(out.cols).toBe(1);
    expect(out.data[0]).toBeCloseTo(-Math.sqrt(1.5), 14);
    expect(() => standardizeSignal(synth(), 'minmax' as never)).toThrow(ValidationError);
  });
});

describe('clean', () => {
  it('detrend → band-pass → zscore per run (golden)', () => {
    const runs = Array.from({ length: 120 }, (_, i) => (i < 60 ? 0 : 1));
    const out = clean(synth(), {
      runs,
      detrend: true,
      standardize: 'zscore',
      lowPass: 0.1,
      highPass: 0.01,
      tR: 2.5,
    });
    expectRows(
      out,
      [0, 1, 59, 60, 119],
      [
        [0.005239660263840998, -0.021129960488204966, -0.05546313110344461],
        [-0.14054694504296733, 0.013255156813190503, 0.7564943833011744],
        [-0.14383101450920757, -0.013330550868416037, -0.03184206731034354],
        [-0.010733748989823894, 0.04061479323794488, 0.02966981930952454],
        [0.12235277317295296, 0.0010047732351274102, -0.02276580117272049],
      ],
      1e-8,
    );
  });
  it('default is detrend + zscore: every column has mean 0, variance 1, no trend', () => {
    const out = clean(synth());
    for (let c = 0; c < 3; c++) {
      let s = 0;
      let ss = 0;
      let st = 0;
      for (let t = 0; t < 120; t++) {
        const v = out.data[t * 3 + c]!;
        s += v;
        ss += v * v;
        st += v * (t - 59.5);
      }
      expect(Math.abs(s)).toBeLessThan(1e-10);
      expect(ss / 120).toBeCloseTo(1, 12);
      expect(Math.abs(st)).toBeLessThan(1e-8);
    }
  });
  it('errors: filter without tR, runs of the wrong length, bad detrend', () => {
    expect(() => clean(synth(), { lowPass: 0.1 })).toThrow(/tR must be given/);
    expect(() => clean(synth(), { runs: [0, 1] })).toThrow(ValidationError);
    expect(() => clean(synth(), { detrend: 'yes' as never })).toThrow(ValidationError);
    expect(() => clean(synth(), { tR: -1 })).toThrow(ValidationError);
  });
  it('ensureFinite replaces NaN by 0', () => {
    const x = synth(10, 1);
    x.data[3] = Number.NaN;
    const out = clean(x, { detrend: false, standardize: false, ensureFinite: true });
    expect(out.data[3]).toBe(0);
  });
});
