import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { plotAnat } from './plot-anat.js';
import { plotImg } from './plot-img.js';
import { blobMap, syntheticT1 } from './synthetic.test-helpers.js';

describe('plotAnat', () => {
  const t1 = syntheticT1();
  it('draws the anatomy in dimmed gray on black, cut near the head centre', () => {
    const fig = plotAnat(t1, { title: 'T1' });
    expect(fig.background).toBe('#000000');
    expect(fig.colorbar).toBeUndefined();
    // Centre of the bright voxels: the synthetic head is centred at (0, -15, -5) mm, with a
    // dark ventricle above that pulls the centre of mass slightly down.
    expect(Math.abs(fig.panels[0].coord)).toBeLessThan(4);
    const png = PNG.sync.read(Buffer.from(fig.toPNG()));
    const z = fig.panels[2];
    const o = (Math.floor(z.y + z.height * 0.5) * png.width + Math.floor(z.x + z.width * 0.3)) * 4;
    const [r, g, b] = [png.data[o], png.data[o + 1], png.data[o + 2]];
    expect(r).toBe(g);
    expect(g).toBe(b);
    // White matter (~85) with vmax dimmed to mean + 1.8·half-range = 144: gray ≈ 85/144·255.
    expect(r).toBeGreaterThan(120);
    expect(r).toBeLessThan(170);
    const undimmed = plotAnat(t1, { dim: 0, displayMode: 'z', cutCoords: [z.coord] });
    expect(undimmed.items.length).toBeGreaterThan(0);
  });
});

describe('plotImg', () => {
  it('defaults to a white background and can add a colorbar', () => {
    const img = blobMap([0, 0, 0], 10, 3);
    const fig = plotImg(img, { cmap: 'hot', colorbar: true, displayMode: 'z', cutCoords: [0] });
    expect(fig.background).toBe('#ffffff');
    expect(fig.colorbar?.vmin).toBe(0);
    expect(fig.colorbar?.vmax).toBe(img.data.reduce((m, v) => Math.max(m, v), 0)); // the data range
    expect(fig.toSVG()).toContain('fill="#000000"'); // dark text on white
  });
});
