/**
 * The weight map over its background in niivue (WebGL2): click to move the cross-hair, a
 * threshold slider hides weights within ±threshold; positive weights in warm colours, negative
 * in cold ones (like nilearn's `cold_hot`).
 *
 * @module
 */
import { Niivue } from '@niivue/niivue';
import { type NiftiImage, toBytes } from '@voxelkit/nifti-io';

/** A shown weight map: change its threshold, or release it. */
export interface WeightViewer {
  niivue: Niivue;
  /** The largest absolute weight (the colour scale's end). */
  vmax: number;
  setThreshold(threshold: number): void;
}

function blobUrl(img: NiftiImage): string {
  return URL.createObjectURL(new Blob([toBytes(img)], { type: 'application/octet-stream' }));
}

/** Largest |value| of an image's data. */
export function absMax(img: NiftiImage): number {
  const data = img.getFData();
  let max = 0;
  for (let i = 0; i < data.length; i++) {
    const v = Math.abs(data[i] as number);
    if (v > max) max = v;
  }
  return max;
}

/** Index (i fastest) of the largest |value| of an image's first volume. */
export function peakVoxel(img: NiftiImage): number {
  const data = img.getFData();
  const n = (img.shape[0] ?? 1) * (img.shape[1] ?? 1) * (img.shape[2] ?? 1);
  let best = 0;
  for (let i = 1; i < n; i++) {
    if (Math.abs(data[i] as number) > Math.abs(data[best] as number)) best = i;
  }
  return best;
}

/**
 * Shows `statImg` over `bgImg` on `canvas` (reusing `previous`' WebGL context when given), with
 * weights within ±`threshold` hidden. Single-slice images are shown axially, others in the
 * multiplanar layout.
 */
export async function showWeights(
  canvas: HTMLCanvasElement,
  statImg: NiftiImage,
  bgImg: NiftiImage,
  threshold: number,
  previous?: WeightViewer,
): Promise<WeightViewer> {
  const vmax = absMax(statImg) || 1;
  let niivue = previous?.niivue;
  if (!niivue) {
    niivue = new Niivue({
      backColor: [0, 0, 0, 1],
      crosshairColor: [0.2, 0.8, 0.2, 1],
      isColorbar: true,
      show3Dcrosshair: true,
    });
    await niivue.attachToCanvas(canvas);
  }
  const urls = [blobUrl(bgImg), blobUrl(statImg)];
  try {
    await niivue.loadVolumes([
      { url: urls[0] as string, name: 'background.nii', colormap: 'gray' },
      {
        url: urls[1] as string,
        name: 'haxby_svc_weights.nii',
        colormap: 'warm',
        colormapNegative: 'winter',
        cal_min: threshold,
        cal_max: vmax,
      },
    ]);
  } finally {
    for (const url of urls) URL.revokeObjectURL(url);
  }
  // A single axial slice (such as the 40×20×1 Haxby slice) only makes sense axially.
  niivue.setSliceType(bgImg.shape[2] === 1 ? niivue.sliceTypeAxial : niivue.sliceTypeMultiplanar);
  // Start the cross-hair on the largest weight (the centre of the volume can miss a small ROI).
  const [nx, ny, nz] = statImg.shape as [number, number, number];
  const peak = peakVoxel(statImg);
  const pos = niivue.scene.crosshairPos;
  pos[0] = ((peak % nx) + 0.5) / nx;
  pos[1] = ((Math.floor(peak / nx) % ny) + 0.5) / ny;
  pos[2] = (Math.floor(peak / (nx * ny)) + 0.5) / nz;
  niivue.drawScene();
  const nv = niivue;
  return {
    niivue: nv,
    vmax,
    setThreshold(t: number) {
      const layer = nv.volumes[1];
      if (!layer) return;
      layer.cal_min = t;
      layer.cal_max = Math.max(vmax, t);
      nv.updateGLVolume();
    },
  };
}
