/**
 * `viewImg`, like nilearn's `view_img`: an interactive view of a statistical map over a
 * background, as one standalone HTML document — the niivue viewer (WebGL2) inlined and the
 * images embedded (base64 NIfTI) — that a Node user writes to a file and opens, and a browser
 * user mounts into an element. Click to move the cross-hair; a slider sets the threshold.
 *
 * `@niivue/niivue` is an optional peer dependency, loaded (dynamic import) on the first call.
 *
 * @module
 */
import { ValidationError, VoxelkitError } from '@voxelkit/core';
import { NiftiImage, toBytes } from '@voxelkit/nifti-io';
import { type ImageLike, toVolume, type Volume } from './volume.js';

/** The niivue version `viewImg` is tested with (an optional peer dependency). */
export const NIIVUE_PEER = '@niivue/niivue@0.69.0';

/** Options of {@link viewImg} (nilearn's `view_img` names, camelCase). */
export interface ViewImgOptions {
  /** Background image (nilearn's default is the MNI template; here: none, a black background). */
  bgImg?: ImageLike;
  /** Values with |value| below this are hidden (default 1e-6, as nilearn). */
  threshold?: number;
  /** Colour scale end (default the largest |value|); the scale is symmetric. */
  vmax?: number;
  /**
   * Colormap: `'cold_hot'` (default, nilearn's: warm above +threshold, cold below -threshold)
   * or the name of a niivue colormap (`'hot'`, `'warm'`, `'winter'`, `'viridis'`, …), for the
   * positive values only.
   */
  cmap?: string;
  /** Title above the viewer. */
  title?: string;
  /** Height of the viewer in CSS pixels (default 480). */
  height?: number;
}

/** The view: its standalone HTML, an iframe for it, and mounting into a page. */
export interface ImgView {
  /** The standalone HTML document (a few MB: niivue is inlined). */
  readonly html: string;
  /** nilearn's `get_iframe`: an `<iframe srcdoc=…>` element as HTML text. */
  getIframe(width?: number | string, height?: number): string;
  /**
   * Browser: shows the view in `element` (inside an iframe, so that its page and the viewer do
   * not interfere). Resolves to the iframe once niivue has drawn.
   */
  mountTo(element: HTMLElement): Promise<HTMLIFrameElement>;
}

type NiivueMin = { esm: string };

async function niivueSource(): Promise<string> {
  let mod: NiivueMin;
  try {
    mod = (await import('@niivue/niivue/min')) as NiivueMin;
  } catch (error) {
    throw new VoxelkitError(
      `viewImg needs @niivue/niivue, which could not be loaded (${(error as Error).message}). ` +
        `It is an optional peer dependency: run \`npm install ${NIIVUE_PEER}\`.`,
    );
  }
  if (typeof mod.esm !== 'string') {
    throw new VoxelkitError(
      `viewImg: @niivue/niivue/min does not export its bundle as 'esm'; install ${NIIVUE_PEER}.`,
    );
  }
  return mod.esm; // URI-encoded ES module source: no quotes, backslashes or '<'
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 of bytes (no Buffer/btoa needed: the same in Node and browsers). */
export function base64(bytes: Uint8Array): string {
  const out: string[] = [];
  let chunk = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] as number;
    const b = i + 1 < bytes.length ? (bytes[i + 1] as number) : 0;
    const c = i + 2 < bytes.length ? (bytes[i + 2] as number) : 0;
    const n = (a << 16) | (b << 8) | c;
    chunk +=
      B64[(n >> 18) & 63] +
      B64[(n >> 12) & 63] +
      (i + 1 < bytes.length ? B64[(n >> 6) & 63] : '=') +
      (i + 2 < bytes.length ? B64[n & 63] : '=');
    if (chunk.length >= 8192) {
      out.push(chunk);
      chunk = '';
    }
  }
  out.push(chunk);
  return out.join('');
}

function niftiBase64(volume: Volume): string {
  const [nx, ny, nz] = volume.shape;
  const data = new Float32Array(nx * ny * nz);
  for (let i = 0; i < data.length; i++) data[i] = Number(volume.data[i]);
  const a = volume.affine;
  const affine = [0, 1, 2, 3].map((r) => [0, 1, 2, 3].map((c) => a[r * 4 + c] as number));
  return base64(toBytes(NiftiImage.fromArray(data, [nx, ny, nz], affine), { gzip: true }));
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function absMax(volume: Volume): number {
  let max = 0;
  for (let i = 0; i < volume.data.length; i++) {
    const v = Math.abs(Number(volume.data[i]));
    if (v > max) max = v;
  }
  return max;
}

/**
 * An interactive niivue view of `statImg` over `bgImg` (nilearn's `view_img`). Resolves to an
 * {@link ImgView}: write `view.html` to a file, or `view.mountTo(element)` in a page.
 *
 * @throws ValidationError for images that are not 3-D (or X×Y×Z×1) or a negative threshold.
 * @throws VoxelkitError when `@niivue/niivue` is not installed.
 *
 * @example
 * ```ts
 * const view = await viewImg(coefImg, { bgImg: anat, threshold: 0.01, title: 'SVM weights' });
 * await writeFile('svm_weights.html', view.html);
 * ```
 */
export async function viewImg(statImg: ImageLike, options: ViewImgOptions = {}): Promise<ImgView> {
  const stat = toVolume(statImg, 'statImg');
  const bg = options.bgImg === undefined ? undefined : toVolume(options.bgImg, 'bgImg');
  const threshold = options.threshold ?? 1e-6;
  if (!Number.isFinite(threshold) || threshold < 0) {
    throw new ValidationError(
      `viewImg: threshold must be a number ≥ 0 (|values| below it are hidden), got ${threshold}.`,
    );
  }
  const vmax = options.vmax ?? (absMax(stat) || 1);
  if (!(vmax > 0) || !Number.isFinite(vmax)) {
    throw new ValidationError(`viewImg: vmax must be a positive number, got ${vmax}.`);
  }
  const cmap = options.cmap ?? 'cold_hot';
  const height = Math.max(100, Math.round(options.height ?? 480));
  const title = options.title ?? '';
  const data = {
    stat: niftiBase64(stat),
    bg: bg ? niftiBase64(bg) : null,
    threshold,
    vmax,
    colormap: cmap === 'cold_hot' ? 'warm' : cmap,
    colormapNegative: cmap === 'cold_hot' ? 'winter' : '',
    axial: (bg ?? stat).shape[2] === 1,
  };
  const esm = await niivueSource();
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title || 'viewImg')}</title>
<style>
  html, body { margin: 0; background: #000; color: #ddd; font: 14px system-ui, sans-serif; }
  header { display: flex; gap: 1rem; align-items: center; padding: 4px 8px; }
  h1 { font-size: 16px; margin: 0; font-weight: normal; }
  #vk-box { height: ${height}px; }
  canvas { width: 100%; height: 100%; display: block; }
</style>
</head>
<body data-state="loading">
<header>
  <h1>${escapeHtml(title)}</h1>
  <label>threshold <input id="vk-threshold" type="range" min="0" max="${vmax}" step="${vmax / 200}" value="${Math.min(threshold, vmax)}"></label>
  <output id="vk-threshold-value">${Number(threshold.toPrecision(3))}</output>
  <span id="vk-location"></span>
</header>
<div id="vk-box"><canvas id="vk-canvas"></canvas></div>
<script type="application/json" id="vk-data">${JSON.stringify(data)}</script>
<script type="module">
const data = JSON.parse(document.getElementById('vk-data').textContent);
const fail = (e) => { document.body.dataset.state = 'error'; document.body.dataset.error = String(e && e.message || e); };
try {
  const source = decodeURIComponent("${esm}");
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const { Niivue } = await import(url);
  URL.revokeObjectURL(url);
  const bytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const blobUrl = (b64) => URL.createObjectURL(new Blob([bytes(b64)]));
  const nv = new Niivue({ backColor: [0, 0, 0, 1], crosshairColor: [0.2, 0.8, 0.2, 1], isColorbar: true, show3Dcrosshair: true });
  nv.onLocationChange = (loc) => { document.getElementById('vk-location').textContent = loc.string || ''; };
  await nv.attachToCanvas(document.getElementById('vk-canvas'));
  const volumes = [];
  if (data.bg) volumes.push({ url: blobUrl(data.bg), name: 'background.nii.gz', colormap: 'gray' });
  const layer = { url: blobUrl(data.stat), name: 'stat.nii.gz', colormap: data.colormap, cal_min: data.threshold, cal_max: data.vmax };
  if (data.colormapNegative) layer.colormapNegative = data.colormapNegative;
  volumes.push(layer);
  await nv.loadVolumes(volumes);
  nv.setSliceType(data.axial ? nv.sliceTypeAxial : nv.sliceTypeMultiplanar);
  const stat = nv.volumes[nv.volumes.length - 1];
  const slider = document.getElementById('vk-threshold');
  slider.addEventListener('input', () => {
    const t = Number(slider.value);
    document.getElementById('vk-threshold-value').textContent = t.toPrecision(3);
    stat.cal_min = t;
    stat.cal_max = Math.max(data.vmax, t);
    nv.updateGLVolume();
  });
  nv.drawScene();
  document.body.dataset.state = 'done';
} catch (e) { fail(e); }
</script>
</body>
</html>
`;
  return {
    html,
    getIframe(width: number | string = '100%', frameHeight = height + 40) {
      const srcdoc = html.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
      return `<iframe srcdoc="${srcdoc}" width="${width}" height="${frameHeight}" frameborder="0"></iframe>`;
    },
    async mountTo(element: HTMLElement) {
      const doc = element.ownerDocument;
      const frame = doc.createElement('iframe');
      frame.style.width = '100%';
      frame.style.height = `${height + 40}px`;
      frame.style.border = '0';
      const loaded = new Promise<void>((resolve) =>
        frame.addEventListener('load', () => resolve()),
      );
      frame.srcdoc = html;
      element.append(frame);
      await loaded;
      const body = frame.contentDocument?.body;
      for (let i = 0; i < 600 && body?.dataset.state === 'loading'; i++) {
        await new Promise((r) => setTimeout(r, 50));
      }
      if (body?.dataset.state === 'error') {
        throw new VoxelkitError(`viewImg: the viewer failed: ${body.dataset.error}`);
      }
      return frame;
    },
  };
}
