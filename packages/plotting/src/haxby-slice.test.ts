import { testData } from '@voxelkit/core/testing';
import { NiftiImage, readNifti } from '@voxelkit/nifti-io';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { plotRoi } from './plot-roi.js';
import { plotStatMap } from './plot-stat-map.js';

// Real data: one axial slice of Haxby 2001 subject 1 (40×20×1 int16 mask, 530 voxels; affine
// from nibabel: diag(-3.1, 3.75, 3.75), translation (60.45, -35.625, 0)).
const maskFile = testData('haxby-slice/haxby2001-slice/subj1/mask4_vt.nii.gz');

describe.skipIf(!maskFile.available)('Haxby slice (real data)', () => {
  it('plots the VT mask of a single-slice image: exactly its 530 voxels are coloured', async () => {
    const mask = await readNifti(maskFile.path);
    expect(mask.shape).toEqual([40, 20, 1]);
    const fig = plotRoi(mask, { displayMode: 'z', title: 'mask4_vt', cmap: 'Paired' });
    expect(fig.panels).toHaveLength(1);
    expect(fig.panels[0].coord).toBe(0);
    const raster = fig.items.find((i) => i.kind === 'raster');
    if (raster?.kind !== 'raster') throw new Error('no raster');
    expect([raster.raster.width, raster.raster.height]).toEqual([40, 20]);
    let coloured = 0;
    const d = raster.raster.rgba;
    for (let p = 0; p < d.length; p += 4) if (d[p] + d[p + 1] + d[p + 2] > 0) coloured++;
    expect(coloured).toBe(530);
    // Neurological orientation: raster column c shows world x = -63.55 + 3.1·(c + ½), i.e.
    // voxel i = 39 - c; row r shows voxel j = 19 - r (anterior at the top).
    const m = mask.getFData();
    for (let r = 0; r < 20; r++) {
      for (let c = 0; c < 40; c++) {
        const on = d[(r * 40 + c) * 4] + d[(r * 40 + c) * 4 + 1] > 0;
        expect(on).toBe(m[39 - c + 40 * (19 - r)] > 0);
      }
    }
    const png = PNG.sync.read(Buffer.from(fig.toPNG()));
    expect([png.width, png.height]).toEqual([fig.width, fig.height]);
  });

  it('plots a 4-D X×Y×Z×1 float64 weight image on the mask grid in every mode', async () => {
    const mask = await readNifti(maskFile.path);
    const m = mask.getFData();
    const w = new Float64Array(m.length).map((_, i) => (m[i] ? Math.sin(i / 7) : 0));
    const weights = NiftiImage.fromArray(w, [40, 20, 1, 1], mask.affine);
    for (const displayMode of ['z', 'yx', 'ortho', 'x', 'mosaic'] as const) {
      const fig = plotStatMap(weights, { bgImg: mask, displayMode, title: 'SVM weights' });
      expect(fig.panels.length).toBeGreaterThan(0);
      expect(fig.width).toBeLessThanOrEqual(1600);
      expect(fig.toSVG()).toContain('SVM weights');
    }
  });
});
