// Build an image, write it, read it back, and print its header as nibabel does.
import { formatHeader, NiftiImage, readHeader, readNifti, writeNifti } from '@voxelkit/nifti-io';

// #region create
// A 4 x 3 x 2 float32 volume whose value is its (i, j, k) code; data in the file's order
// (i fastest, then j, then k).
const shape = [4, 3, 2];
const data = new Float32Array(4 * 3 * 2);
for (let k = 0; k < 2; k++)
  for (let j = 0; j < 3; j++)
    for (let i = 0; i < 4; i++) data[i + 4 * (j + 3 * k)] = 100 * i + 10 * j + k;
const affine = [
  [-3.5, 0, 0, 68.25],
  [0, 3.75, 0, -118.125],
  [0, 0, 3.75, -118.125],
  [0, 0, 0, 1],
];
const img = NiftiImage.fromArray(data, shape, affine);
// #endregion create

// #region write-read
await writeNifti(img, 'example.nii.gz');
const back = await readNifti('example.nii.gz');
console.log('shape:', back.shape, 'dtype:', back.dtype);
console.log('affine:', back.affine);
const fdata = back.getFData();
console.log('voxel (3, 2, 1):', fdata[3 + 4 * (2 + 3 * 1)]);
console.log(
  'identical data:',
  fdata.every((v, n) => v === data[n]),
);
// #endregion write-read

// #region header
console.log(formatHeader(back.header));
const onlyHeader = await readHeader('example.nii.gz');
console.log('readHeader dim:', Array.from(onlyHeader.dim));
// #endregion header
