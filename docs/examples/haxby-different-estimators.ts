// nilearn's "Different classifiers in decoding the Haxby dataset"
// (plot_haxby_different_estimators), in voxelkit: every classifier name of the Decoder on the
// 8 categories, one-vs-rest, leave-one-run-out, with per-category scores and a box plot.
// It runs on the real Haxby 2001 slice set when the repository's shared data is present, and
// otherwise on the small synthetic Haxby dataset (offline); the first line says which.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fetchHaxbySynthetic } from '@voxelkit/datasets';
import { Decoder } from '@voxelkit/decoding';
import { indexImg } from '@voxelkit/image';
import { LeaveOneGroupOut } from '@voxelkit/model-selection';

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
// Four of the eight categories
const wanted = new Set(['face', 'house', 'cat', 'shoe']);
const keep = conditions.flatMap((c, i) => (wanted.has(c) ? [i] : []));
const func = await indexImg(data.func, keep);
const y = keep.map((i) => conditions[i] as string);
const groups = keep.map((i) => runs[i] as number);
const categories = [...new Set(y)].sort();
console.log(`${keep.length} scans, ${categories.length} categories: ${categories.join(', ')}`);
// #endregion load

// #region classifiers
// nilearn's example runs all 8 categories and also 'svc_l1', 'logistic_l1' and 'logistic_l2'; to keep
// the site build short this page uses 4 categories and the fast classifiers (the others run the
// same way: change the two lists).
const classifiers = ['svc_l2', 'ridge_classifier', 'dummy_classifier'];
const results: Record<string, Record<string, number[]>> = {};
for (const name of classifiers) {
  const t0 = performance.now();
  const decoder = new Decoder({
    estimator: name,
    mask: data.mask,
    standardize: true,
    cv: new LeaveOneGroupOut(),
    scoring: 'accuracy',
  });
  await decoder.fit(func, y, { groups });
  results[name] = decoder.cvScores_ ?? {};
  const all = Object.values(results[name]).flat();
  const mean = all.reduce((a, b) => a + b, 0) / all.length;
  console.log(
    `${name.padEnd(17)} mean accuracy ${mean.toFixed(3)} (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );
}
// #endregion classifiers

// #region per-category
console.log(`${'category'.padEnd(10)}${classifiers.map((c) => c.padStart(17)).join('')}`);
for (const cat of categories) {
  const cells = classifiers.map((c) => {
    const s = results[c]?.[cat] ?? [];
    return (s.reduce((a, b) => a + b, 0) / s.length).toFixed(3).padStart(17);
  });
  console.log(`${cat.padEnd(10)}${cells.join('')}`);
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
  `<text x="${W / 2}" y="16" text-anchor="middle">Accuracy per fold and category</text>`,
  '</svg>',
);
writeFileSync('haxby-different-estimators.svg', parts.join('\n'));
// #endregion box-plot
