// NiftiMasker: a 4-D run to a (scans x voxels) matrix, and weights back to an image.
import { fetchHaxbySynthetic } from '@voxelkit/datasets';
import { NiftiMasker } from '@voxelkit/masking';
import { readNifti } from '@voxelkit/nifti-io';

const haxby = await fetchHaxbySynthetic({ size: 'small', dataDir: 'voxelkit_data' });

// #region fit-transform
const masker = new NiftiMasker({ maskImg: haxby.maskVt[0], standardize: true });
const X = await masker.fitTransform(haxby.func[0]);
console.log(`masked: ${X.rows} scans x ${X.cols} voxels`);
// standardize: true -> every column has mean 0 and (population) standard deviation 1
let mean = 0;
let sq = 0;
for (let r = 0; r < X.rows; r++) {
  const v = X.data[r * X.cols];
  mean += v / X.rows;
  sq += (v * v) / X.rows;
}
console.log(`voxel 0: mean ${mean.toFixed(6)}, std ${Math.sqrt(sq - mean * mean).toFixed(6)}`);
// #endregion fit-transform

// #region inverse-transform
// One value per voxel back into an image with the mask's geometry, zeros outside the mask.
const weights = new Float64Array(X.cols).map((_, v) => v + 1);
const img = masker.inverseTransform(weights);
const mask = await readNifti(haxby.maskVt[0]);
console.log('image shape:', img.shape, 'mask shape:', mask.shape);
const values = img.getFData();
const maskData = mask.getFData();
let inside = 0;
let outsideNonZero = 0;
for (let n = 0; n < maskData.length; n++) {
  if (maskData[n] !== 0) inside++;
  else if (values[n] !== 0) outsideNonZero++;
}
console.log(`voxels in mask: ${inside}, non-zero outside: ${outsideNonZero}`);
// #endregion inverse-transform

// #region unstandardized
// Without cleaning, the masked values are the file's own numbers.
const raw = await new NiftiMasker({ maskImg: haxby.maskVt[0] }).fitTransform(haxby.func[0]);
console.log('first scan, first voxels:', Array.from(raw.data.subarray(0, 5)).join(' '));
// #endregion unstandardized
