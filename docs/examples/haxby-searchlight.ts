// nilearn's plot_haxby_searchlight: where in the ventral temporal cortex can a linear SVM tell
// faces from houses? A searchlight scores a classifier on a small sphere around every voxel.
// Run on the real Haxby 2001 slice set (when the repository's shared data has it) and on the
// offline synthetic Haxby dataset.
import { SearchLight } from '@voxelkit/decoding';
import { indexImg, meanImg } from '@voxelkit/image';
import { KFold } from '@voxelkit/model-selection';
import { plotStatMap, savefig } from '@voxelkit/plotting';
import { type HaxbySet, haxbyDatasets } from './_haxby-data.ts';

// #region load
// The real slice set if present (else a line says it is skipped), then the synthetic set.
const datasets = await haxbyDatasets();
console.log(`datasets: ${datasets.map((d) => d.name).join('; ')}`);
// #endregion load

// #region searchlight
async function searchlightMap(data: HaxbySet): Promise<void> {
  console.log(`== ${data.name}`);
  // Keep the face and house scans only (nilearn: condition_mask = y.isin(['face', 'house'])).
  const conditionMask = data.conditions.map((l) => l === 'face' || l === 'house');
  const fmriImg = await indexImg(data.func, conditionMask);
  const y = data.conditions.filter((_, i) => conditionMask[i]);
  console.log(`${y.length} scans, image shape [${fmriImg.shape.join(', ')}]`);

  // nilearn's radius is 5.6 mm on the real grid; the synthetic 'small' grid has voxels twice the
  // real size (7 x 7.5 x 7.5 mm), so its radius is doubled too.
  let lastReport = 0;
  const searchlight = new SearchLight({
    maskImg: data.mask,
    radius: data.key === 'slice' ? 5.6 : 11.2,
    estimator: 'svc',
    cv: new KFold({ nSplits: 4 }),
    nJobs: 2,
    onProgress: ({ done, total }) => {
      if (done === total || done - lastReport >= total / 2) {
        lastReport = done;
        console.log(`searchlight: ${done}/${total} spheres`);
      }
    },
  });
  await searchlight.fit(fmriImg, y);

  // The scores: the mean 4-fold accuracy of each sphere (0 outside the mask)
  const inside = Array.from(searchlight.scores_ ?? []).filter((s) => s !== 0);
  const best = Math.max(...inside);
  const mean = inside.reduce((a, b) => a + b, 0) / inside.length;
  console.log(
    `${searchlight.nSpheres_} spheres; mean accuracy ${mean.toFixed(3)}, best ${best.toFixed(3)}`,
  );

  // The map, thresholded at chance, on the mean image
  if (searchlight.scoresImg_) {
    const display = plotStatMap(searchlight.scoresImg_, {
      bgImg: await meanImg(fmriImg),
      title: `Searchlight accuracy, face vs house (${data.key})`,
      threshold: 0.5,
      vmax: 1,
      displayMode: 'z',
    });
    await savefig(display, `searchlight-${data.key}.png`);
  }
}
// #endregion searchlight

// #region run
for (const data of datasets) await searchlightMap(data);
// #endregion run
