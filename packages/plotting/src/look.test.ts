import { writeFileSync } from 'node:fs';
import { it } from 'vitest';
import { plotAnat, plotImg, plotRoi, plotStatMap } from './index.js';
import { blobMap, syntheticT1 } from './synthetic.test-helpers.js';

it('look', () => {
  const t1 = syntheticT1();
  const aff = [
    [2, 0, 0, -90],
    [0, 2, 0, -126],
    [0, 0, 2, -72],
    [0, 0, 0, 1],
  ];
  const blob = blobMap([-30, -40, -10], 8, 5, [91, 109, 91], aff);
  const neg = blobMap([-20, -30, -5], 6, -3, [91, 109, 91], aff);
  for (let i = 0; i < blob.data.length; i++) blob.data[i] += neg.data[i];
  writeFileSync(
    '/tmp/l_yx.png',
    plotStatMap(blob, { bgImg: t1, title: 'SVM weights', displayMode: 'yx' }).toPNG(),
  );
  writeFileSync('/tmp/l_anat.png', plotAnat(t1, { title: 'anat' }).toPNG());
  writeFileSync(
    '/tmp/l_img.png',
    plotImg(t1, { title: 'img', colorbar: true, cmap: 'hot' }).toPNG(),
  );
  writeFileSync(
    '/tmp/l_mosaic.png',
    plotStatMap(blob, { bgImg: t1, displayMode: 'mosaic', cutCoords: 5, title: 'mosaic' }).toPNG(),
  );
  const mask = { ...blob, data: blob.data.map((v) => (v > 1 ? 1 : 0)) };
  writeFileSync('/tmp/l_roi_default.png', plotRoi(mask, { bgImg: t1, title: 'ROI' }).toPNG());
});
