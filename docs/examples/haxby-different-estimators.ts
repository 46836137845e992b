// nilearn's "Different classifiers in decoding the Haxby dataset"
// (plot_haxby_different_estimators), in voxelkit: nilearn's five classifiers (and the chance level)
// as Decoders on the 8 categories, one-vs-rest, leave-one-run-out, with per-category scores and a
// box plot, on the real Haxby 2001 slice set (when the repository's shared data has it) and on the
// offline synthetic Haxby dataset.
// 12 Decoders (6 classifiers, 2 datasets) of 96 (category, run) fits each: about 4 minutes on an
// idle 2-core machine.
// docs-timeout: 900
import { writeFileSync } from 'node:fs';
import { Decoder } from '@voxelkit/decoding';
import { indexImg } from '@voxelkit/image';
import { LeaveOneGroupOut } from '@voxelkit/model-selection';
import { type HaxbySet, haxbyDatasets } from './_haxby-data.ts';

// #region load
// The real slice set if present (else a line says it is skipped), then the synthetic set.
const datasets = await haxbyDatasets();
console.log(`datasets: ${datasets.map((d) => d.name).join('; ')}`);

/** The scans of the 8 categories (rest removed), their labels and runs. */
async function categoryScans(data: HaxbySet) {
  const keep = data.conditions.flatMap((c, i) => (c !== 'rest' ? [i] : []));
  const func = await indexImg(data.func, keep);
  const y = keep.map((i) => data.conditions[i] as string);
  const groups = keep.map((i) => data.runs[i] as number);
  return { func, y, groups, categories: [...new Set(y)].sort() };
}
// #endregion load

// #region classifiers
// nilearn's five classifiers, and the chance level. Each name maps to nilearn's estimator and
// grid; the Decoder's default score is the one-vs-rest ROC AUC (chance: 0.5).
const classifiers = [
  'svc_l2',
  'svc_l1',
  'logistic_l1',
  'logistic_l2',
  'ridge_classifier',
  'dummy_classifier',
];
type Scores = Record<string, Record<string, number[]>>;
async function fitAll(data: HaxbySet): Promise<{ results: Scores; categories: string[] }> {
  console.log(`== ${data.name}`);
  const { func, y, groups, categories } = await categoryScans(data);
  console.log(`${y.length} scans, ${categories.length} categories: ${categories.join(', ')}`);
  const results: Scores = {};
  for (const name of classifiers) {
    const t0 = performance.now();
    const decoder = new Decoder({
      estimator: name,
      mask: data.mask,
      standardize: true,
      cv: new LeaveOneGroupOut(),
      nJobs: 2,
    });
    await decoder.fit(func, y, { groups });
    results[name] = decoder.cvScores_ ?? {};
    const all = Object.values(results[name]).flat();
    const mean = all.reduce((a, b) => a + b, 0) / all.length;
    const seconds = ((performance.now() - t0) / 1000).toFixed(1);
    console.log(`${name.padEnd(17)} mean ROC AUC ${mean.toFixed(3)} (${seconds} s)`);
  }
  return { results, categories };
}
// #endregion classifiers

// #region per-category
/** The mean ± standard deviation over the folds of each category's AUC, per classifier. */
function perCategory(results: Scores, categories: string[]): void {
  console.log(`${'category'.padEnd(10)}${classifiers.map((c) => c.padStart(18)).join('')}`);
  for (const cat of categories) {
    const cells = classifiers.map((c) => {
      const s = results[c]?.[cat] ?? [];
      const mean = s.reduce((a, b) => a + b, 0) / s.length;
      const sd = Math.sqrt(s.reduce((a, b) => a + (b - mean) ** 2, 0) / s.length);
      return `${mean.toFixed(2)} ± ${sd.toFixed(2)}`.padStart(18);
    });
    console.log(`${cat.padEnd(10)}${cells.join('')}`);
  }
}
// #endregion per-category

// #region box-plot
// A box plot of the fold scores (all categories) of each classifier, as nilearn's figure.
function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo);
}
function boxPlot(results: Scores, key: string): void {
  const W = 640;
  const H = 60 + 44 * classifiers.length;
  const x = (v: number) => 150 + v * (W - 180);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
  ];
  classifiers.forEach((name, k) => {
    const s = Object.values(results[name] ?? {})
      .flat()
      .sort((a, b) => a - b);
    const yc = 40 + 44 * k;
    const [q1, med, q3] = [quantile(s, 0.25), quantile(s, 0.5), quantile(s, 0.75)];
    parts.push(
      `<text x="140" y="${yc + 4}" text-anchor="end">${name}</text>`,
      `<line x1="${x(s[0] as number)}" x2="${x(s[s.length - 1] as number)}" y1="${yc}" y2="${yc}" stroke="black"/>`,
      `<rect x="${x(q1)}" y="${yc - 12}" width="${Math.max(1, x(q3) - x(q1))}" height="24" fill="#9ecae1" stroke="black"/>`,
      `<line x1="${x(med)}" x2="${x(med)}" y1="${yc - 12}" y2="${yc + 12}" stroke="#d62728" stroke-width="2"/>`,
    );
  });
  for (let t = 0; t <= 10; t += 2) {
    parts.push(
      `<text x="${x(t / 10)}" y="${H - 8}" text-anchor="middle">${(t / 10).toFixed(1)}</text>`,
    );
  }
  parts.push(
    `<text x="${W / 2}" y="16" text-anchor="middle">ROC AUC per fold and category (${key})</text>`,
    '</svg>',
  );
  writeFileSync(`haxby-different-estimators-${key}.svg`, parts.join('\n'));
}
// #endregion box-plot

// #region run
for (const data of datasets) {
  const { results, categories } = await fitAll(data);
  perCategory(results, categories);
  boxPlot(results, data.key);
}
// #endregion run
