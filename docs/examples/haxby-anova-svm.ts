// nilearn's "Decoding with ANOVA + SVM: face vs house in the Haxby dataset"
// (plot_haxby_anova_svm), in voxelkit: a Decoder with ANOVA screening and leave-one-run-out,
// run on the real Haxby 2001 slice set (when the repository's shared data has it) and on the
// offline synthetic Haxby dataset.
import { Decoder } from '@voxelkit/decoding';
import { indexImg, meanImg } from '@voxelkit/image';
import { LeaveOneGroupOut } from '@voxelkit/model-selection';
import { plotStatMap, savefig } from '@voxelkit/plotting';
import { type HaxbySet, haxbyDatasets } from './_haxby-data.ts';

// #region load
// The real slice set if present (else a line says it is skipped), then the synthetic set.
const datasets = await haxbyDatasets();
console.log(`datasets: ${datasets.map((d) => d.name).join('; ')}`);
// #endregion load

// #region decoder
async function anovaSvm(data: HaxbySet): Promise<void> {
  console.log(`== ${data.name}`);
  // Restrict the analysis to faces and houses
  const keep = data.conditions.flatMap((c, i) => (c === 'face' || c === 'house' ? [i] : []));
  const func = await indexImg(data.func, keep);
  const y = keep.map((i) => data.conditions[i] as string);
  const groups = keep.map((i) => data.runs[i] as number);
  console.log(`${keep.length} scans of ${new Set(groups).size} runs`);

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

  // The fold scores, against chance (a dummy classifier on the same folds)
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

  // The weights of the face-vs-house problem as an image (nilearn's coef_img_), on the mean image
  const weights = decoder.coefImg_?.face;
  if (weights) {
    const figure = plotStatMap(weights, {
      bgImg: await meanImg(func),
      title: `SVM weights (${data.key})`,
      displayMode: 'z',
    });
    await savefig(figure, `haxby-anova-svm-weights-${data.key}.png`);
  }
}
// #endregion decoder

// #region run
for (const data of datasets) await anovaSvm(data);
// #endregion run
