// nilearn's plot_haxby_searchlight: where in the ventral temporal cortex can a linear SVM tell
// faces from houses? A searchlight scores a classifier on a small sphere around every voxel.
// Run on the offline synthetic dataset; for the real data, replace fetchHaxbySynthetic with
// fetchHaxby().
import { readFileSync } from 'node:fs';
import { fetchHaxbySynthetic } from '@voxelkit/datasets';
import { SearchLight } from '@voxelkit/decoding';
import { indexImg } from '@voxelkit/image';
import { KFold } from '@voxelkit/model-selection';
import { readNifti } from '@voxelkit/nifti-io';
import { plotStatMap, savefig } from '@voxelkit/plotting';

// #region load
const haxby = await fetchHaxbySynthetic({ size: 'small', dataDir: 'voxelkit_data' });
const rows = readFileSync(haxby.sessionTarget[0], 'utf8').trim().split('\n').slice(1);
const labels = rows.map((line) => line.trim().split(/\s+/)[0]);
// Keep the face and house scans only (nilearn: condition_mask = y.isin(['face', 'house'])).
const conditionMask = labels.map((l) => l === 'face' || l === 'house');
const fmriImg = await indexImg(haxby.func[0], conditionMask);
const y = labels.filter((_, i) => conditionMask[i]);
console.log(`${y.length} scans, image shape [${fmriImg.shape.join(', ')}]`);
// #endregion load

// #region searchlight
// The synthetic 'small' grid has voxels twice the real size (7 x 7.5 x 7.5 mm), so the radius
// is doubled too: 11.2 mm here is nilearn's 5.6 mm on the real data.
let lastReport = 0;
const searchlight = new SearchLight({
  maskImg: haxby.maskVt[0],
  radius: 11.2,
  estimator: 'svc',
  cv: new KFold({ nSplits: 4 }),
  nJobs: 2,
  onProgress: ({ done, total }) => {
    if (done === total || done - lastReport >= total / 4) {
      lastReport = done;
      console.log(`searchlight: ${done}/${total} spheres`);
    }
  },
});
await searchlight.fit(fmriImg, y);
// #endregion searchlight

// #region scores
const scores = searchlight.scores_!;
const inside = Array.from(scores).filter((s) => s !== 0);
const best = Math.max(...inside);
const mean = inside.reduce((a, b) => a + b, 0) / inside.length;
console.log(
  `${searchlight.nSpheres_} spheres; mean accuracy ${mean.toFixed(3)}, best ${best.toFixed(3)}`,
);
// #endregion scores

// #region plot
const anat = await readNifti(haxby.anat[0]!);
const display = plotStatMap(searchlight.scoresImg_!, {
  bgImg: anat,
  title: 'Searchlight accuracy (face vs house)',
  threshold: 0.5,
  vmax: 1,
  displayMode: 'z',
});
await savefig(display, 'searchlight.png');
// #endregion plot
