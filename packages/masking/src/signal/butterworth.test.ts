import { ValidationError, VoxelkitWarning } from '@voxelkit/core';
import { captureWarnings } from '@voxelkit/core/testing';
import { describe, expect, it } from 'vitest';
import { FilterWarning } from '../warnings.js';
import { butter, butterworth, lfilterZi } from './butterworth.js';
import { expectRows, ROWS, synth } from './signal-fixtures.test-helper.js';

// Golden numbers: packages/masking/scripts/goldens.py on synth() (see signal-fixtures.test-helper.ts
// for how they were made).

function expectClose(actual: ArrayLike<number>, expected: number[], tol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThan(tol);
  }
}

const warnings = captureWarnings();

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
    expect(warnings[0]).toBeInstanceOf(FilterWarning);
    expect(warnings[0]).toBeInstanceOf(VoxelkitWarning);
    expect(() => butterworth(synth(), 0.4, { lowPass: 0.01, highPass: 0.1 })).toThrow(
      ValidationError,
    );
    expect(() => butterworth(synth(33, 1), 0.4, { lowPass: 0.1, highPass: 0.01 })).toThrow(
      /longer than the filter padding \(33/,
    );
  });
});
