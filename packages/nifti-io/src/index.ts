/**
 * `@voxelkit/nifti-io`: read and write NIfTI-1/2 images exactly as nibabel does, in Node and
 * in the browser, with streaming access to the volumes of 4-D files.
 *
 * @packageDocumentation
 */
export {
  type Affine,
  getBaseAffine,
  getBestAffine,
  getQform,
  getSform,
  getXyztUnits,
  getZooms,
  setQform,
  setSform,
  xyztUnitsCode,
} from './affine.js';
export type { NiftiDtype, NiftiTypedArray } from './datatypes.js';
export { formatHeader } from './format.js';
export {
  encodeHeader,
  type HeaderField,
  type HeaderFieldDtype,
  NIFTI1_FIELDS,
  NIFTI1_HEADER_SIZE,
  NIFTI2_FIELDS,
  NIFTI2_HEADER_SIZE,
  type NiftiExtension,
  type NiftiHeader,
  parseHeader,
} from './header.js';
export { type GetFDataOptions, NiftiImage, shapeOfHeader } from './image.js';
export {
  readHeader,
  readNifti,
  streamVolumes,
  type ToBytesOptions,
  toBytes,
  writeNifti,
} from './node.js';
export type { ReadNiftiOptions } from './read.js';
export { scaleInto, scalingOf } from './scaling.js';
export type { NiftiSource } from './source.js';
export type { NiftiVolume, StreamVolumesOptions } from './stream.js';
