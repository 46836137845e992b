/**
 * What the masking functions accept as images (paths, URLs, `NiftiImage`s, lists of them,
 * concatenated in time) and the volume-by-volume walk over them.
 *
 * @module
 */
import { NiftiError, ValidationError } from '@voxelkit/core';
import {
  getBestAffine,
  type NiftiHeader,
  NiftiImage,
  type NiftiVolume,
  readHeader,
  scaleInto,
  scalingOf,
  shapeOfHeader,
  streamVolumes,
} from '@voxelkit/nifti-io';

/** One image: a path or URL of a NIfTI file, or an image already in memory. */
export type ImgLike = string | URL | NiftiImage;

/** One image or a list of them (concatenated in time, as nilearn does). */
export type ImgInput = ImgLike | readonly ImgLike[];

/** The spatial geometry every volume of an input must share. */
export interface Geometry {
  /** `[nx, ny, nz]`. */
  shape: [number, number, number];
  /** 4×4 voxel-to-world affine as rows. */
  affine: number[][];
}

/** Where an input's volumes come from: its geometry and its number of volumes. */
export interface ImageInfo extends Geometry {
  /** Number of 3-D volumes (1 for a 3-D image). */
  nVolumes: number;
  /** True when the image is 3-D (nilearn gives it one row, and 3-D in → 3-D out). */
  is3D: boolean;
  /** A name for error messages. */
  name: string;
}

/** The name of the `index`-th of `count` inputs in error messages. */
export function describeImg(img: ImgLike, index: number, count: number): string {
  const where = count > 1 ? ` (image ${index} of the list)` : '';
  if (img instanceof NiftiImage) return `the NiftiImage${where}`;
  return `${String(img)}${where}`;
}

/** Normalises an input to a non-empty list, rejecting what is not an image. */
export function toImgList(input: ImgInput, what = 'img'): ImgLike[] {
  const list = Array.isArray(input) ? [...(input as readonly ImgLike[])] : [input as ImgLike];
  if (list.length === 0) {
    throw new ValidationError(`${what} is an empty list: give at least one image.`);
  }
  list.forEach((img, i) => {
    if (!(img instanceof NiftiImage || typeof img === 'string' || img instanceof URL)) {
      throw new ValidationError(
        `${what}${list.length > 1 || Array.isArray(input) ? `[${i}]` : ''} must be a file path, a URL or a NiftiImage; got ${
          img === null ? 'null' : Array.isArray(img) ? 'an array' : typeof img
        }. (Masked 2-D data goes to inverseTransform, not transform.)`,
      );
    }
  });
  return list;
}

/** Spatial shape, volume count and dimensionality of an image shape, validated. */
export function geometryOfShape(
  shape: readonly number[],
  affine: number[][],
  name: string,
): Omit<ImageInfo, 'name'> {
  if (shape.length < 3) {
    throw new ValidationError(
      `${name} has ${shape.length} dimension(s) [${shape.join(', ')}]: a 3-D volume or a 4-D series is needed.`,
    );
  }
  for (let d = 4; d < shape.length; d++) {
    if (shape[d] !== 1) {
      throw new ValidationError(
        `${name} has shape [${shape.join(', ')}]: only 3-D and 4-D images can be masked (dimensions after the 4th must be 1).`,
      );
    }
  }
  const nVolumes = shape.length >= 4 ? shape[3]! : 1;
  return {
    shape: [shape[0]!, shape[1]!, shape[2]!],
    affine,
    nVolumes,
    is3D: shape.length === 3,
  };
}

/** Reads the header (only) of every input and returns their geometry. */
export async function inspectImages(list: readonly ImgLike[]): Promise<ImageInfo[]> {
  const out: ImageInfo[] = [];
  for (let i = 0; i < list.length; i++) {
    const img = list[i]!;
    const name = describeImg(img, i, list.length);
    if (img instanceof NiftiImage) {
      out.push({ ...geometryOfShape(img.shape, img.affine, name), name });
    } else {
      const h = await readHeader(img);
      // nifti-io's one dims check, as readNifti and streamVolumes make it
      const shape = shapeOfHeader(h);
      out.push({ ...geometryOfShape(shape, getBestAffine(h), name), name });
    }
  }
  return out;
}

/** One 3-D volume as stored (unscaled), with the scaling that gives its values. */
export interface RawVolume {
  /** The volume's raw voxels, file order (a view: valid until the next volume is asked for). */
  data: ArrayLike<number>;
  slope: number;
  inter: number;
}

/** An image opened for a walk over its volumes: its geometry, then its volumes. */
export interface OpenedImage {
  info: ImageInfo;
  /** The volumes in time order, unscaled (see {@link RawVolume}); consume each before the next. */
  volumes: AsyncGenerator<RawVolume>;
}

async function* volumesOfImage(img: NiftiImage, info: ImageInfo): AsyncGenerator<RawVolume> {
  const [nx, ny, nz] = info.shape;
  const n = nx * ny * nz;
  let raw: ArrayLike<number> & { subarray(a: number, b: number): ArrayLike<number> } =
    img.data as Float64Array;
  let scaling = { slope: 1, inter: 0 };
  if (
    img.data instanceof BigInt64Array ||
    img.data instanceof BigUint64Array ||
    img.data.length !== n * info.nVolumes
  ) {
    // 64-bit integers or multi-component voxels: nifti-io converts (or explains what fails).
    raw = img.getFData();
  } else {
    scaling = scalingOf(img.header);
  }
  for (let t = 0; t < info.nVolumes; t++) {
    yield { data: raw.subarray(t * n, (t + 1) * n), ...scaling };
  }
}

/**
 * Opens one image for a walk over its 3-D volumes. A file is streamed (nifti-io's
 * `streamVolumes`: one volume in memory at a time) and its header is read once, from the
 * stream itself: the geometry comes from the header that precedes the first volume.
 *
 * @throws NiftiError for a truncated or corrupt file; ValidationError for an image that is not
 *   3-D/4-D.
 */
export async function openImage(img: ImgLike, name: string): Promise<OpenedImage> {
  if (img instanceof NiftiImage) {
    const info = { ...geometryOfShape(img.shape, img.affine, name), name };
    return { info, volumes: volumesOfImage(img, info) };
  }
  const it = streamVolumes(img, { dtype: 'raw', reuse: true })[Symbol.asyncIterator]();
  let first: IteratorResult<NiftiVolume>;
  try {
    first = await it.next();
  } catch (error) {
    await it.return?.(undefined);
    throw error;
  }
  let header: NiftiHeader;
  let affine: number[][];
  if (first.done) {
    // No volume at all (a zero-sized dimension): the header still gives the geometry.
    header = await readHeader(img);
    affine = getBestAffine(header);
  } else {
    header = first.value.header;
    affine = first.value.affine;
  }
  // nifti-io's one dims check, as readNifti and streamVolumes make it
  const shape = shapeOfHeader(header);
  let info: ImageInfo;
  try {
    info = { ...geometryOfShape(shape, affine, name), name };
  } catch (error) {
    await it.return?.(undefined);
    throw error;
  }
  return { info, volumes: fileVolumes(it, first, info) };
}

async function* fileVolumes(
  it: AsyncIterator<NiftiVolume>,
  first: IteratorResult<NiftiVolume>,
  info: ImageInfo,
): AsyncGenerator<RawVolume> {
  const [nx, ny, nz] = info.shape;
  const n = nx * ny * nz;
  let wide: Float64Array | undefined;
  let count = 0;
  try {
    for (let r = first; !r.done; r = await it.next()) {
      const v = r.value;
      if (v.data.length !== n) {
        throw new NiftiError(
          `${info.name} has ${v.data.length / n} values per voxel: only scalar images can be masked.`,
        );
      }
      let data = v.data as ArrayLike<number>;
      if (v.data instanceof BigInt64Array || v.data instanceof BigUint64Array) {
        wide ??= new Float64Array(n);
        scaleInto(v.data, 1, 0, wide);
        data = wide;
      }
      yield { data, ...scalingOf(v.header) };
      count++;
    }
  } finally {
    await it.return?.(undefined);
  }
  if (count !== info.nVolumes) {
    throw new NiftiError(
      `${info.name} ended after ${count} of ${info.nVolumes} volumes: the file is truncated.`,
    );
  }
}

/**
 * Walks the 3-D volumes of one image in time order, unscaled (see {@link RawVolume}); the
 * views are only valid until the next volume is requested.
 *
 * @throws NiftiError for a truncated or corrupt file.
 */
export async function* rawVolumesOf(img: ImgLike, info: ImageInfo): AsyncGenerator<RawVolume> {
  const opened = await openImage(img, info.name);
  yield* opened.volumes;
}

/** Adds the scaled values of `v` to `sum` (the running sum of a mean image over time). */
export function addVolume(v: RawVolume, sum: Float64Array): void {
  const { data, slope, inter } = v;
  if (slope === 1 && inter === 0) for (let i = 0; i < sum.length; i++) sum[i] += data[i]!;
  else for (let i = 0; i < sum.length; i++) sum[i] += data[i]! * slope + inter;
}

/** Writes the scaled values of `v` into `out` (float64). */
export function scaleVolume(v: RawVolume, out: Float64Array): void {
  scaleInto(v.data, v.slope, v.inter, out);
}

/**
 * Walks the 3-D volumes of one image in time order, each scaled to float64. The same buffer
 * is reused from one volume to the next: consume (or copy) it before asking for the next.
 */
export async function* volumesOf(img: ImgLike, info: ImageInfo): AsyncGenerator<Float64Array> {
  const [nx, ny, nz] = info.shape;
  let buf: Float64Array | undefined;
  for await (const v of rawVolumesOf(img, info)) {
    // allocated once a volume's bytes have really been read, never from header dims alone
    buf ??= new Float64Array(nx * ny * nz);
    scaleVolume(v, buf);
    yield buf;
  }
}

/** numpy's `allclose` (rtol 1e-5, atol 1e-8) on two 4×4 affines. */
export function affinesClose(a: number[][], b: number[][]): boolean {
  for (let r = 0; r < 4; r++) {
    for (let c = 0; c < 4; c++) {
      const x = a[r]?.[c] ?? Number.NaN;
      const y = b[r]?.[c] ?? Number.NaN;
      if (!(Math.abs(x - y) <= 1e-8 + 1e-5 * Math.abs(y))) return false;
    }
  }
  return true;
}

function formatAffine(a: number[][]): string {
  return `[${a.map((row) => `[${row.map((v) => Number(v.toPrecision(6))).join(', ')}]`).join(', ')}]`;
}

/**
 * Throws a ValidationError naming what differs (shape or affine) between a reference geometry
 * (e.g. the mask) and an image, and how to fix it.
 */
export function checkSameGeometry(
  ref: Geometry,
  img: Geometry,
  refName: string,
  imgName: string,
): void {
  if (ref.shape.some((s, d) => s !== img.shape[d])) {
    throw new ValidationError(
      `${refName} has shape [${ref.shape.join(', ')}] but ${imgName} has shape [${img.shape.join(', ')}]: ` +
        'the mask and the images must be on the same voxel grid. Use a mask made for these images, or resample one of them first.',
    );
  }
  if (!affinesClose(ref.affine, img.affine)) {
    throw new ValidationError(
      `${refName} has affine ${formatAffine(ref.affine)} but ${imgName} has affine ${formatAffine(img.affine)}: ` +
        'same shape but a different affine, so the voxel grids differ. Use a mask made for these images, or resample one of them first.',
    );
  }
}
