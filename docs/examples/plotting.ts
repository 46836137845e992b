// Brain plots to PNG and SVG: the VT mask over the anatomy, and a stat map in several layouts.
import { fetchHaxbySynthetic } from '@voxelkit/datasets';
import { NiftiImage, readNifti } from '@voxelkit/nifti-io';
import { plotAnat, plotRoi, plotStatMap, savefig } from '@voxelkit/plotting';

const haxby = await fetchHaxbySynthetic({ size: 'small', dataDir: 'voxelkit_data' });
// Plots take images (a NiftiImage or { data, shape, affine }); read the files first.
const anat = await readNifti(haxby.anat[0]!);

// #region anat
await savefig(plotAnat(anat, { title: 'anatomy' }), 'anat.png');
// #endregion anat

// #region roi
const faceMask = await readNifti(haxby.maskFace[0]);
await savefig(plotRoi(faceMask, { bgImg: anat, title: 'face mask' }), 'roi.png');
// #endregion roi

// #region stat-map
// A stat map: +1 in the face mask, -1 in the house mask, on the mask's grid.
const house = (await readNifti(haxby.maskHouse[0])).getFData();
const values = faceMask.getFData().map((v, n) => (v !== 0 ? 1 : house[n] !== 0 ? -1 : 0));
const stat = NiftiImage.fromArray(values, faceMask.shape.slice(0, 3), faceMask.affine);
const display = plotStatMap(stat, {
  bgImg: anat,
  title: 'face - house',
  displayMode: 'ortho',
});
await savefig(display, 'stat-map-ortho.png');
await savefig(display, 'stat-map-ortho.svg');
await savefig(
  plotStatMap(stat, { bgImg: anat, displayMode: 'z', threshold: 0.5 }),
  'stat-map-z.png',
);
// #endregion stat-map
