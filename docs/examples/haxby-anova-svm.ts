// nilearn's "Decoding with ANOVA + SVM: face vs house in the Haxby dataset"
// (plot_haxby_anova_svm), in voxelkit: a Decoder with ANOVA screening and leave-one-run-out.
// It runs on the real Haxby 2001 slice set when the repository's shared data is present, and
// otherwise on the small synthetic Haxby dataset (offline); the first line says which.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fetchHaxbySynthetic } from '@voxelkit/datasets';
import { Decoder } from '@voxelkit/decoding';
import { indexImg, meanImg } from '@voxelkit/image';
import { LeaveOneGroupOut } from '@voxelkit/model-selection';
import { plotStatMap, savefig } from '@voxelkit/plotting';

// #region load
/** The slice set (../shared/data beside the repository, or VOXELKIT_TEST_DATA), else synthetic. */
async function haxby(): Promise<{ func: string; mask: string; labels: string; name: string }> {
  const roots = [process.env.VOXELKIT_TEST_DATA ?? ''];
  for (
    let dir = dirname(fileURLToPath(import.meta.url));
    dir !== dirname(dir);
    dir = dirname(dir)
  ) {
    roots.push(join(dir, 'shared', 'data'));
  }
  for (const root of roots) {
    const d = join(root, 'haxby-slice/haxby2001-slice/subj1');
    if (root && existsSync(join(d, 'bold.nii.gz'))) {
      const files = { func: join(d, 'bold.nii.gz'), mask: join(d, 'mask4_vt.nii.gz') };
      return {
        ...files,
        labels: join(d, 'labels.txt'),
        name: 'Haxby 2001 subject 1, one axial slice (real data)',
      };
    }
  }
  const ds = await fetchHaxbySynthetic({ size: 'small', dataDir: 'voxelkit_data' });
  return {
    func: ds.func[0] as string,
    mask: ds.maskVt[0] as string,
    labels: ds.sessionTarget[0] as string,
    name: 'synthetic Haxby (small)',
  };
}
const data = await haxby();
console.log(`dataset: ${data.name}`);
const rows = readFileSync(data.labels, 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.trim().split(/\s+/));
const conditions = rows.map((r) => r[0] as string);
const runs = rows.map((r) => Number(r[1]));
// Restrict the analysis to faces and houses
const keep = conditions.flatMap((c, i) => (c === 'face' || c === 'house' ? [i] : []));
const func = await indexImg(data.func, keep);
const y = keep.map((i) => conditions[i] as string);
const groups = keep.map((i) => runs[i] as number);
console.log(`${keep.length} scans of ${new Set(groups).size} runs`);
// #endregion load

// #region decoder
// ANOVA screening keeps 5 % of the brain volume (rescaled by the mask's volume), then a linear
// SVC; the mask is smoothed (4 mm) and standardized, and each run is left out in turn.
const decoder = new Decoder({
  estimator: 'svc',
  mask: data.mask,
  smoothingFwhm: 4,
  standardize: true,
  screeningPercentile: 5,
  scoring: 'accuracy',
  cv: new LeaveOneGroupOut(),
});
await decoder.fit(func, y, { groups });
console.log(`screening percentile after the volume correction: ${decoder.screeningPercentile_}`);
// #endregion decoder

// #region scores
const scores = decoder.cvScores_?.face ?? [];
const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
console.log(`fold accuracies: ${scores.map((s) => s.toFixed(3)).join(' ')}`);
console.log(`mean accuracy: ${mean.toFixed(3)}`);
const dummy = new Decoder({
  estimator: 'dummy_classifier',
  mask: data.mask,
  scoring: 'accuracy',
  cv: new LeaveOneGroupOut(),
});
await dummy.fit(func, y, { groups });
const chance = dummy.cvScores_?.face ?? [];
console.log(
  `chance level (dummy_classifier): ${(chance.reduce((a, b) => a + b, 0) / chance.length).toFixed(3)}`,
);
// #endregion scores

// #region weights
// The weights of the face-vs-house problem as an image (nilearn's coef_img_), on the mean image.
const weights = decoder.coefImg_?.face;
if (weights) {
  const figure = plotStatMap(weights, {
    bgImg: await meanImg(func),
    title: 'SVM weights',
    displayMode: 'z',
  });
  await savefig(figure, 'haxby-anova-svm-weights.png');
}
// #endregion weights
