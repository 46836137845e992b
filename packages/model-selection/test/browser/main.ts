/**
 * The page of the browser tests (also run by the esbuild bundle test in Node): a
 * crossValScore(SVC, LeaveOneGroupOut) with nJobs 1 and with nJobs 2, on seeded synthetic data.
 * In a document it runs at once and sets `document.body.dataset.state` to 'done' (or 'error')
 * with the JSON result in `<script type="application/json" id="report">`.
 */
import { RandomState } from '@voxelkit/core';
import { SVC } from '@voxelkit/estimators';
import { crossValScore, LeaveOneGroupOut } from '@voxelkit/model-selection';

export interface PageResult {
  serial: number[];
  parallel: number[];
  isolated: boolean;
}

/** 60 samples × 20 features in 6 runs; "face" carries a signal in 5 features. */
export async function run(): Promise<PageResult> {
  const rng = new RandomState(0);
  const y = Array.from({ length: 60 }, (_, i) => (i % 2 ? 'face' : 'cat'));
  const X = y.map((label) =>
    Array.from(
      { length: 20 },
      (_, j) => rng.standardNormal() + (label === 'face' && j < 5 ? 0.6 : 0),
    ),
  );
  const groups = y.map((_, i) => Math.floor(i / 10));
  const options = { cv: new LeaveOneGroupOut(), groups };
  const svc = new SVC({ kernel: 'linear', C: 0.5 });
  const serial = Array.from(await crossValScore(svc, X, y, options));
  const parallel = Array.from(await crossValScore(svc, X, y, { ...options, nJobs: 2 }));
  return {
    serial,
    parallel,
    isolated: (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true,
  };
}

const doc = (globalThis as { document?: Document }).document;
if (doc !== undefined) {
  run().then(
    (result) => {
      const report = doc.createElement('script');
      report.type = 'application/json';
      report.id = 'report';
      report.textContent = JSON.stringify(result);
      doc.body.append(report);
      doc.body.dataset.state = 'done';
    },
    (error: unknown) => {
      doc.body.dataset.error = String((error as Error)?.message ?? error);
      doc.body.dataset.state = 'error';
    },
  );
}
