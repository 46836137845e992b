import { ValidationError } from '@voxelkit/core';
import { describe, expect, it } from 'vitest';
import { cmapColor, cmapIndex, getCmap, lutBytes } from './colormaps.js';

// Reference colours: /usr/bin/python3, matplotlib 3.6.3. cold_hot built with nilearn's recipe
// (nilearn/plotting/cm.py `_pigtailed_cmap(cm.hot)`, LinearSegmentedColormap N=256; cold_white_hot
// the same from hot_r), the others
// from matplotlib.colormaps[name]; cmap(p)[:3] rounded to 6 decimals.
const POINTS = [0, 0.1, 0.25, 0.4, 0.49, 0.5, 0.51, 0.6, 0.75, 0.9, 1.0];
const REFERENCE: Record<string, number[][]> = {
  cold_hot: [
    [1.0, 1.0, 1.0],
    [0.22794, 1.0, 1.0],
    [0.0, 0.34902, 1.0],
    [0.0, 0.0, 0.566637],
    [0.0, 0.0, 0.093074],
    [0.051895, 0.0, 0.0],
    [0.093074, 0.0, 0.0],
    [0.566637, 0.0, 0.0],
    [1.0, 0.369608, 0.0],
    [1.0, 1.0, 0.22794],
    [1.0, 1.0, 1.0],
  ],
  cold_white_hot: [
    [0.0, 0.0, 0.0416],
    [0.0, 0.0, 0.556342],
    [0.0, 0.359314, 1.0],
    [0.212499, 1.0, 1.0],
    [0.922794, 1.0, 1.0],
    [1.0, 1.0, 0.984559],
    [1.0, 1.0, 0.922794],
    [1.0, 1.0, 0.212499],
    [1.0, 0.338726, 0.0],
    [0.556342, 0.0, 0.0],
    [0.0416, 0.0, 0.0],
  ],
  gray: [
    [0.0, 0.0, 0.0],
    [0.098039, 0.098039, 0.098039],
    [0.25098, 0.25098, 0.25098],
    [0.4, 0.4, 0.4],
    [0.490196, 0.490196, 0.490196],
    [0.501961, 0.501961, 0.501961],
    [0.509804, 0.509804, 0.509804],
    [0.6, 0.6, 0.6],
    [0.752941, 0.752941, 0.752941],
    [0.901961, 0.901961, 0.901961],
    [1.0, 1.0, 1.0],
  ],
  gist_ncar: [
    [0.0, 0.0, 0.502],
    [0.0, 0.053293, 0.804427],
    [0.0, 0.983956, 0.691335],
    [0.453761, 0.910403, 0.0],
    [0.803834, 1.0, 0.171683],
    [0.857375, 1.0, 0.124824],
    [0.893069, 1.0, 0.093585],
    [1.0, 0.806642, 0.021099],
    [1.0, 0.0, 0.277439],
    [0.926319, 0.518348, 0.936508],
    [0.9961, 0.9725, 0.9961],
  ],
  Paired: [
    [0.65098, 0.807843, 0.890196],
    [0.121569, 0.470588, 0.705882],
    [0.2, 0.627451, 0.172549],
    [0.984314, 0.603922, 0.6],
    [0.890196, 0.101961, 0.109804],
    [0.992157, 0.74902, 0.435294],
    [0.992157, 0.74902, 0.435294],
    [1.0, 0.498039, 0.0],
    [0.415686, 0.239216, 0.603922],
    [1.0, 1.0, 0.6],
    [0.694118, 0.34902, 0.156863],
  ],
  hot_r: [
    [1.0, 1.0, 1.0],
    [1.0, 1.0, 0.61397],
    [1.0, 1.0, 0.011764],
    [1.0, 0.616667, 0.0],
    [1.0, 0.379902, 0.0],
    [1.0, 0.34902, 0.0],
    [1.0, 0.328432, 0.0],
    [1.0, 0.091667, 0.0],
    [0.690175, 0.0, 0.0],
    [0.298971, 0.0, 0.0],
    [0.0416, 0.0, 0.0],
  ],
};

describe('colormaps', () => {
  for (const [name, expected] of Object.entries(REFERENCE)) {
    it(`${name} equals matplotlib/nilearn at ${POINTS.length} points`, () => {
      const cmap = getCmap(name);
      POINTS.forEach((p, i) => {
        const [r, g, b, a] = cmapColor(cmap, p);
        expect(r).toBeCloseTo(expected[i][0], 5);
        expect(g).toBeCloseTo(expected[i][1], 5);
        expect(b).toBeCloseTo(expected[i][2], 5);
        expect(a).toBe(1);
      });
    });
  }

  it('indexes like matplotlib: floor(t·N), clipped, NaN → -1', () => {
    const cmap = getCmap('gray');
    expect(cmapIndex(cmap, 0)).toBe(0);
    expect(cmapIndex(cmap, 1)).toBe(255);
    expect(cmapIndex(cmap, 0.999)).toBe(255);
    expect(cmapIndex(cmap, 0.5)).toBe(128);
    expect(cmapIndex(cmap, -3)).toBe(0);
    expect(cmapIndex(cmap, 7)).toBe(255);
    expect(cmapIndex(cmap, Number.NaN)).toBe(-1);
    expect(cmapColor(cmap, Number.NaN)).toEqual([0, 0, 0, 0]);
  });

  it('truncates to bytes like matplotlib (bytes=True)', () => {
    const bytes = lutBytes(getCmap('gray'));
    expect(Array.from(bytes.subarray(128 * 4, 128 * 4 + 4))).toEqual([128, 128, 128, 255]);
    expect(Array.from(bytes.subarray(255 * 4))).toEqual([255, 255, 255, 255]);
  });

  it('rejects unknown names with a helpful error', () => {
    expect(() => getCmap('jet_nope')).toThrow(ValidationError);
    expect(() => getCmap('jet_nope')).toThrow(/Known: cold_hot/);
  });
});
