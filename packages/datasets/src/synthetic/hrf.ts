/**
 * The canonical double-gamma haemodynamic response (peak ~5 s, undershoot ~15 s) and block
 * regressors convolved with it.
 *
 * @module
 */

function logGamma(x: number): number {
  // Stirling series; accurate to ~1e-10 for the integer/half-integer shapes used here (x >= 6).
  const x2 = x * x;
  return (
    (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x * x2)
  );
}

function gammaPdf(t: number, shape: number): number {
  if (t <= 0) return 0;
  return Math.exp((shape - 1) * Math.log(t) - t - logGamma(shape));
}

/** Double-gamma HRF at time `t` seconds (shapes 6 and 16, undershoot ratio 1/6). */
export function hrf(t: number): number {
  return gammaPdf(t, 6) - gammaPdf(t, 16) / 6;
}

/**
 * Convolves each run of a 0/1 per-volume boxcar with the HRF (computed at `tR / oversample`
 * resolution, no carry-over between runs) and scales so that a long block plateaus at 1.
 */
export function convolveRuns(
  boxcar: Float64Array,
  volumesPerRun: number,
  tR: number,
  oversample = 10,
): Float64Array {
  const dt = tR / oversample;
  const kernelLength = Math.ceil(32 / dt);
  const kernel = new Float64Array(kernelLength);
  let sum = 0;
  for (let i = 0; i < kernelLength; i++) {
    kernel[i] = hrf(i * dt);
    sum += kernel[i];
  }
  for (let i = 0; i < kernelLength; i++) kernel[i] /= sum;
  const out = new Float64Array(boxcar.length);
  const fine = new Float64Array(volumesPerRun * oversample);
  for (let start = 0; start < boxcar.length; start += volumesPerRun) {
    for (let i = 0; i < fine.length; i++) fine[i] = boxcar[start + Math.floor(i / oversample)];
    for (let t = 0; t < volumesPerRun; t++) {
      const at = t * oversample;
      let acc = 0;
      for (let k = 0; k < kernelLength && k <= at; k++) acc += kernel[k] * fine[at - k];
      out[start + t] = acc;
    }
  }
  return out;
}
