/**
 * The page: choose the data (synthetic by default, or dropped files), run the tutorial with a
 * progress bar per step, show the numbers, the weight map in niivue and the plotting figures,
 * offer the downloads. `?dataset=synthetic&run=1` starts a run at once; when a run ends
 * `document.body.dataset.state` is `'done'` (the JSON report in `<script id="report">`) or
 * `'error'` (the message in `#error`), and the page stays usable.
 *
 * @module
 */

import { reportToJson } from '@voxelkit/haxby-decoding/report';
import { toBytes } from '@voxelkit/nifti-io';
import { plotRoi, plotStatMap } from '@voxelkit/plotting';
import { forgetCachedSeries } from './cache.js';
import { addFile, type ChosenFiles, datasetOf } from './files.js';
import { type SyntheticData, saveSynthetic, syntheticDataset } from './synthetic.js';
import { runWebTutorial, STEPS, type WebDataset, type WebTutorialResult } from './tutorial.js';
import { showWeights, type WeightViewer } from './viewer.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const errorBox = $<HTMLParagraphElement>('error');
const runSynthetic = $<HTMLButtonElement>('run-synthetic');
const runFiles = $<HTMLButtonElement>('run-files');
const drop = $<HTMLDivElement>('drop');
const picker = $<HTMLInputElement>('files');
const slots = $<HTMLUListElement>('slots');
const stepsList = $<HTMLOListElement>('steps');
const chosen: ChosenFiles = {};
let viewer: WeightViewer | undefined;
let running = false;

const bars = new Map<string, { bar: HTMLProgressElement; time: HTMLSpanElement }>();
function addStep(id: string, label: string): void {
  const li = document.createElement('li');
  li.dataset.step = id;
  const name = document.createElement('span');
  name.textContent = label;
  const bar = document.createElement('progress');
  bar.max = 1;
  bar.value = 0;
  const time = document.createElement('span');
  li.append(name, bar, time);
  stepsList.append(li);
  bars.set(id, { bar, time });
}
addStep('data', 'Generating / reading the data');
for (const [id, label] of STEPS) addStep(id, label);

function progress(id: string, done: number, total: number): void {
  const entry = bars.get(id);
  if (!entry) return;
  if (total === 0)
    entry.bar.removeAttribute('value'); // indeterminate: running
  else entry.bar.value = done / total;
}

function showError(message: string | undefined): void {
  errorBox.hidden = message === undefined;
  errorBox.textContent = message ?? '';
}

function setState(state: 'idle' | 'running' | 'done' | 'error'): void {
  document.body.dataset.state = state;
  running = state === 'running';
  runSynthetic.disabled = running;
  $<HTMLButtonElement>('forget-cache').disabled = running;
  runFiles.disabled = running || typeof datasetOf(chosen) === 'string';
}

function renderSlots(): void {
  slots.replaceChildren();
  for (const slot of ['bold', 'mask', 'labels', 'anat'] as const) {
    const entry = chosen[slot];
    const file = entry instanceof File ? entry : entry?.file;
    const li = document.createElement('li');
    li.textContent = `${slot}: ${file ? file.name : slot === 'anat' ? '— (optional)' : '—'}`;
    slots.append(li);
  }
  const ready = datasetOf(chosen);
  runFiles.disabled = running || typeof ready === 'string';
  runFiles.title = typeof ready === 'string' ? ready : '';
}
renderSlots();

async function takeFiles(files: Iterable<File>): Promise<void> {
  showError(undefined);
  for (const file of files) {
    try {
      await addFile(chosen, file);
    } catch (error) {
      showError((error as Error).message);
      document.body.dataset.state = 'error';
    }
  }
  renderSlots();
}

drop.addEventListener('dragover', (e) => {
  e.preventDefault();
  drop.classList.add('over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  void takeFiles(Array.from(e.dataTransfer?.files ?? []));
});
picker.addEventListener('change', () => {
  void takeFiles(Array.from(picker.files ?? []));
  picker.value = '';
});

function fmt(v: number): string {
  return v.toFixed(3);
}

function showResult({ report, coefImg, bgImg, maskImg }: WebTutorialResult): void {
  const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / Math.max(a.length, 1);
  const rows: [string, string][] = [
    ['masked data', `${report.maskedShape[0]} scans × ${report.maskedShape[1]} voxels`],
    ['face/cat samples', String(report.selectedShape[0])],
    ['training accuracy (meaningless)', fmt(report.trainingAccuracy)],
    ['hold-out (last 30)', fmt(report.holdoutLast30)],
    ['KFold(5) loop', report.kfoldManual.map(fmt).join(' ')],
    ['crossValScore (StratifiedKFold 5)', report.cvDefault.map(fmt).join(' ')],
    ['crossValScore (KFold 5)', report.cvKFold.map(fmt).join(' ')],
    ['LeaveOneGroupOut folds', report.cvLogo.map(fmt).join(' ')],
    ['LeaveOneGroupOut mean', fmt(mean(report.cvLogo))],
    ['8 categories, LOGO mean', fmt(mean(report.multiclassLogo))],
  ];
  const table = $<HTMLTableElement>('scores');
  table.replaceChildren();
  for (const [k, v] of rows) {
    const tr = table.insertRow();
    tr.insertCell().textContent = k;
    tr.insertCell().textContent = v;
  }
  const flat = maskImg.shape[2] === 1 ? 'z' : undefined;
  const tag = report.dataset.source === 'synthetic' ? ' (synthetic data)' : '';
  const figures = [
    [
      'roi-figure',
      plotRoi(maskImg, {
        bgImg,
        title: `ROI${tag}`,
        cmap: 'Paired',
        ...(flat ? { displayMode: flat } : {}),
      }),
    ],
    [
      'weights-figure',
      plotStatMap(coefImg, { bgImg, title: `SVM weights${tag}`, displayMode: flat ?? 'yx' }),
    ],
  ] as const;
  for (const [id, fig] of figures) {
    const canvas = $<HTMLCanvasElement>(id);
    canvas.width = fig.width;
    canvas.height = fig.height;
    fig.drawTo(canvas.getContext('2d') as CanvasRenderingContext2D);
  }
  const weights = $<HTMLAnchorElement>('download-weights');
  const json = reportToJson(report);
  for (const a of [weights, $<HTMLAnchorElement>('download-report')]) {
    if (a.href.startsWith('blob:')) URL.revokeObjectURL(a.href);
  }
  weights.href = URL.createObjectURL(
    new Blob([toBytes(coefImg, { gzip: true })], { type: 'application/gzip' }),
  );
  $<HTMLAnchorElement>('download-report').href = URL.createObjectURL(
    new Blob([json], { type: 'application/json' }),
  );
  let script = document.getElementById('report');
  if (!script) {
    script = document.createElement('script');
    script.id = 'report';
    (script as HTMLScriptElement).type = 'application/json';
    document.body.append(script);
  }
  script.textContent = json;
  $<HTMLElement>('results').hidden = false;
}

async function showViewer(result: WebTutorialResult): Promise<void> {
  const canvas = $<HTMLCanvasElement>('niivue');
  viewer = await showWeights(canvas, result.coefImg, result.bgImg, 0, viewer);
  const slider = $<HTMLInputElement>('threshold');
  slider.max = String(viewer.vmax);
  slider.step = String(viewer.vmax / 200);
  slider.value = '0';
  $<HTMLOutputElement>('threshold-value').textContent = '0';
}
$<HTMLInputElement>('threshold').addEventListener('input', (e) => {
  const t = Number((e.target as HTMLInputElement).value);
  $<HTMLOutputElement>('threshold-value').textContent = t.toPrecision(3);
  viewer?.setThreshold(t);
});

/**
 * Runs the tutorial on `getData()`'s dataset; `afterRun` (the synthetic cache write) runs once the
 * run has ended and the page shows its results, off the run's clock.
 */
async function run(
  getData: () => Promise<WebDataset>,
  afterRun: () => Promise<void> = async () => {},
): Promise<void> {
  if (running) return;
  showError(undefined);
  for (const { bar, time } of bars.values()) {
    bar.value = 0;
    time.textContent = '';
  }
  document.getElementById('report')?.remove();
  setState('running');
  const started = performance.now();
  try {
    progress('data', 0, 0);
    const t0 = performance.now();
    const dataset = await getData();
    const dataMs = Math.round(performance.now() - t0);
    progress('data', 1, 1);
    (bars.get('data') as { time: HTMLSpanElement }).time.textContent = `${dataMs} ms`;
    const result = await runWebTutorial(dataset, {
      nJobs: 2,
      onStep: (step, done, total) => progress(step, done, total),
    });
    for (const [step, ms] of Object.entries(result.report.timingsMs)) {
      const entry = bars.get(step);
      if (entry) entry.time.textContent = `${Math.round(ms)} ms`;
    }
    result.report.timingsMs = { dataset: dataMs, ...result.report.timingsMs };
    showResult(result);
    await showViewer(result);
    document.body.dataset.wallMs = String(Math.round(performance.now() - started));
    setState('done');
  } catch (error) {
    for (const { bar } of bars.values()) if (!bar.hasAttribute('value')) bar.value = 0;
    showError((error as Error)?.message ?? String(error));
    setState('error');
    return;
  }
  await afterRun();
}

const dataLabel = bars.get('data')?.bar.previousElementSibling as HTMLSpanElement;
const cacheNote = $<HTMLSpanElement>('cache-note');
/** `document.body.dataset.cache`: 'reading', 'saving', 'saved', 'unavailable' or 'forgotten'. */
function setCache(state: string, note: string): void {
  document.body.dataset.cache = state;
  cacheNote.textContent = note;
}

runSynthetic.addEventListener('click', () => {
  let data: SyntheticData | undefined;
  return run(
    async () => {
      setCache('reading', '');
      data = await syntheticDataset((done, total) => progress('data', done, total));
      document.body.dataset.dataSource = data.fromCache ? 'cached' : 'generated';
      dataLabel.textContent = data.fromCache
        ? 'Reading the data (cached in this browser)'
        : 'Generating the data';
      return data.dataset;
    },
    async () => {
      if (!data) return;
      if (data.fromCache) {
        setCache('saved', 'The synthetic data is cached in this browser.');
        return;
      }
      setCache('saving', 'Keeping the synthetic data in this browser for the next visit…');
      const saved = await saveSynthetic(data);
      setCache(
        saved ? 'saved' : 'unavailable',
        saved
          ? 'The synthetic data is cached in this browser.'
          : 'This browser did not keep the synthetic data (no storage): it is generated each time.',
      );
    },
  );
});
$<HTMLButtonElement>('forget-cache').addEventListener('click', async () => {
  if (running) return;
  await forgetCachedSeries();
  setCache('forgotten', 'The cached synthetic data was deleted.');
});
runFiles.addEventListener('click', () =>
  run(async () => {
    const dataset = datasetOf(chosen);
    if (typeof dataset === 'string') throw new Error(dataset);
    return dataset;
  }),
);

const params = new URLSearchParams(location.search);
if (params.get('run') === '1' && (params.get('dataset') ?? 'synthetic') === 'synthetic') {
  // After the page's load event: the run's long main-thread work must not hold that event back.
  if (document.readyState === 'complete') runSynthetic.click();
  else
    window.addEventListener('load', () => setTimeout(() => runSynthetic.click(), 0), {
      once: true,
    });
}
