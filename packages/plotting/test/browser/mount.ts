/**
 * The page of the viewImg mountTo test (bundled with vite, as a user's page would be): a small
 * head with a positive and a negative blob, shown with `view.mountTo(element)`. Sets
 * `document.body.dataset.state` to 'done' once niivue has drawn, or 'error'.
 */
import { viewImg } from '../../src/view-img.js';

const shape = [20, 24, 20];
const affine = [
  [-3, 0, 0, 30],
  [0, 3, 0, -36],
  [0, 0, 3, -30],
  [0, 0, 0, 1],
];
const n = 20 * 24 * 20;
const anat = { data: new Float32Array(n), shape, affine };
const stat = { data: new Float32Array(n), shape, affine };
for (let k = 0; k < 20; k++)
  for (let j = 0; j < 24; j++)
    for (let i = 0; i < 20; i++) {
      const v = i + 20 * (j + 24 * k);
      anat.data[v] = Math.hypot((i - 10) / 9, (j - 12) / 11, (k - 10) / 9) < 1 ? 80 : 0;
      stat.data[v] =
        2 * Math.exp(-((i - 6) ** 2 + (j - 12) ** 2 + (k - 10) ** 2) / 6) -
        Math.exp(-((i - 14) ** 2 + (j - 12) ** 2 + (k - 10) ** 2) / 6);
    }

viewImg(stat, { bgImg: anat, threshold: 0.2, title: 'mounted', height: 320 })
  .then((view) => view.mountTo(document.getElementById('mount') as HTMLElement))
  .then(
    () => {
      document.body.dataset.state = 'done';
    },
    (error: unknown) => {
      document.body.dataset.error = String((error as Error)?.message ?? error);
      document.body.dataset.state = 'error';
    },
  );
