import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { cmapColor, getCmap } from './colormaps.js';
import { plotRoi } from './plot-roi.js';
import { blobMap, syntheticT1 } from './synthetic.test-helpers.js';

describe('plotRoi', () => {
  const t1 = syntheticT1();
  const blob = blobMap([20, 10, 30], 8, 5);
  const mask = { ...blob, data: blob.data.map((v) => (v > 1 ? 1 : 0)) };

  it('cuts at the ROI centre and blends its colour at alpha 0.7 over the anatomy', () => {
    const fig = plotRoi(mask, { bgImg: t1, cmap: 'Paired', displayMode: 'z', annotate: false });
    expect(fig.panels).toHaveLength(7);
    const single = plotRoi(mask, { bgImg: t1, cmap: 'Paired' });
    single.panels.forEach((p, d) => {
      expect(p.coord).toBeCloseTo([20, 10, 30][d], 0);
    });
    const z = single.panels[2];
    const raster = single.items.find((i) => i.kind === 'raster' && i.x === z.x);
    if (raster?.kind !== 'raster') throw new Error('no raster');
    const { width, rgba } = raster.raster;
    // Raster pixel of world (20, 10): column (20 + 70) / 3.5, row (120 - 10) / 3.75.
    const o = (Math.floor(110 / 3.75) * width + Math.floor(90 / 3.5)) * 4;
    const [r, g, b] = cmapColor(getCmap('Paired'), 1).map((c) => Math.floor(c * 255));
    const under = rgba[o + 2]; // anatomy is gray; recover it from the blue channel: b·0.7 + a·0.3
    const anatGray = (under - 0.7 * b) / 0.3;
    expect(rgba[o]).toBeCloseTo(0.7 * r + 0.3 * anatGray, -0.5);
    expect(rgba[o + 1]).toBeCloseTo(0.7 * g + 0.3 * anatGray, -0.5);
    expect(anatGray).toBeGreaterThan(30);
  });

  it('keeps labels as labels (nearest) and renders a PNG', () => {
    const labels = { ...blob, data: blob.data.map((v) => (v > 3 ? 2 : v > 1 ? 1 : 0)) };
    const fig = plotRoi(labels, { bgImg: t1, title: 'labels', vmin: 0, vmax: 2 });
    const png = PNG.sync.read(Buffer.from(fig.toPNG()));
    expect([png.width, png.height]).toEqual([fig.width, fig.height]);
    const colours = new Set<string>();
    for (const item of fig.items) {
      if (item.kind !== 'raster' || item.raster.width < 2) continue;
      const d = item.raster.rgba;
      for (let p = 0; p < d.length; p += 4)
        if (d[p] !== d[p + 1] || d[p + 1] !== d[p + 2])
          colours.add(`${d[p]},${d[p + 1]},${d[p + 2]}`);
    }
    // Only blends of the two label colours with gray anatomy appear, never in-between labels
    // from interpolation: few distinct colours per anatomy level.
    expect(colours.size).toBeLessThan(40);
  });

  it('plots a single-slice mask on its own (no background)', () => {
    const data = new Float64Array(40 * 20).map((_, i) => (i % 7 === 0 ? 1 : 0));
    const slice = {
      data,
      shape: [40, 20, 1],
      affine: [
        [-3.1, 0, 0, 60.45],
        [0, 3.75, 0, -35.625],
        [0, 0, 3.75, 0],
        [0, 0, 0, 1],
      ],
    };
    for (const displayMode of ['z', 'ortho', 'yx'] as const) {
      const fig = plotRoi(slice, { displayMode, title: 'mask' });
      expect(fig.panels.length).toBeGreaterThan(0);
      expect(PNG.sync.read(Buffer.from(fig.toPNG())).width).toBe(fig.width);
      // Flat x/y cuts of one slice must not blow the figure up into a huge strip.
      expect(fig.width).toBeLessThanOrEqual(1600);
      expect(fig.height).toBeGreaterThanOrEqual(120);
    }
    expect(plotRoi(slice, { displayMode: 'z' }).panels).toHaveLength(1);
  });
});
