/**
 * SearchLight against nilearn 0.10.4 (scikit-learn 1.2.1) on the real Haxby 2001 slice set
 * (../shared/data/haxby-slice, subject 1, face vs cat, VT mask), numbers from
 * search-light.golden.py beside this file; plus invariants and every documented error.
 */
import { readFileSync } from 'node:fs';
import { ConvergenceWarning, numpyMean, ValidationError } from '@voxelkit/core';
import { checkEstimator, testData } from '@voxelkit/core/testing';
import { SVC, SVR } from '@voxelkit/estimators';
import { indexImg } from '@voxelkit/image';
import { applyMask, unmask } from '@voxelkit/masking';
import { AbortError, KFold, LeaveOneGroupOut } from '@voxelkit/model-selection';
import { NiftiImage, readNifti } from '@voxelkit/nifti-io';
import { beforeAll, describe, expect, it } from 'vitest';
import { InProcessExecutor } from '../../test/in-process-executor.js';
import golden from './search-light.golden.json' with { type: 'json' };
import { SearchLight, type SearchLightProgress } from './search-light.js';
import { sphereAdjacency } from './spheres.js';

const dir = 'haxby-slice/haxby2001-slice/subj1/';
const bold = testData(`${dir}bold.nii.gz`);
const maskFile = testData(`${dir}mask4_vt.nii.gz`);
const labelsFile = testData(`${dir}labels.txt`);
const available = bold.available && maskFile.available && labelsFile.available;

const eye = [
  [1, 0, 0, 0],
  [0, 1, 0, 0],
  [0, 0, 1, 0],
  [0, 0, 0, 1],
];

/**
 * A small synthetic run: 4×4×2 grid, 40 scans, two classes whose signal lives in voxels with
 * i < 2, so spheres there decode and spheres far from them do not.
 */
function synthetic(nScans = 40, nz = 2): { func: NiftiImage; mask: NiftiImage; y: string[] } {
  const [nx, ny] = [4, 4];
  const v = nx * ny * nz;
  const data = new Float32Array(v * nScans);
  let seed = 7;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648 - 0.5;
  };
  const y: string[] = [];
  for (let t = 0; t < nScans; t++) {
    const label = t % 2 === 0 ? 'a' : 'b';
    y.push(label);
    for (let f = 0; f < v; f++) {
      const i = f % nx;
      data[t * v + f] = rand() + (i < 2 && label === 'b' ? 1.5 : 0);
    }
  }
  const maskData = new Uint8Array(v).fill(1);
  maskData[v - 1] = 0;
  return {
    func: NiftiImage.fromArray(data, [nx, ny, nz, nScans], eye),
    mask: NiftiImage.fromArray(maskData, [nx, ny, nz], eye),
    y,
  };
}

describe('SearchLight on synthetic data', () => {
  it('scores_ is 0 off the process mask, the mean of the fold scores on it, and scoresImg_ holds it', async () => {
    const { func, mask, y } = synthetic();
    const progress: number[] = [];
    const sl = new SearchLight({
      maskImg: mask,
      radius: 1,
      estimator: new SVC({ kernel: 'linear' }),
      cv: new KFold({ nSplits: 4 }),
      onProgress: ({ done, total }) => {
        expect(total).toBe(31);
        progress.push(done);
      },
    });
    await sl.fit(func, y);
    expect(progress.at(-1)).toBe(31);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(sl.nSpheres_).toBe(31);
    expect(sl.scores_!.length).toBe(32);
    expect(sl.scores_![31]).toBe(0);
    // Voxels near the signal decode far better than the ones away from it.
    const near = sl.scores_![0 + 4 * (1 + 4 * 0)]!; // (0,1,0)
    const far = sl.scores_![3 + 4 * (2 + 4 * 1)]!; // (3,2,1)
    expect(near).toBeGreaterThan(0.9);
    expect(far).toBeLessThan(0.8);
    expect(sl.scoresImg_!.shape).toEqual([4, 4, 2]);
    expect(Array.from(sl.scoresImg_!.getFData())).toEqual(Array.from(sl.scores_!));
    // One sphere by hand: SVC on its columns, KFold(4), mean of the 4 accuracies.
    const X = await applyMask(func, mask, { dtype: 'float64' });
    const adj = sphereAdjacency(
      {
        shape: [4, 4, 2],
        affine: eye,
        maskIndices: Int32Array.from({ length: 31 }, (_, c) => {
          // C order over (i, j, k) of the 4×4×2 grid without its last voxel.
          const i = Math.floor(c / 8);
          const j = Math.floor((c % 8) / 2);
          const k = c % 2;
          return i + 4 * (j + 4 * k);
        }),
        seedIndices: Int32Array.of(1 + 4 * (2 + 4 * 1)),
      },
      1,
    );
    const cols = [...adj.indices];
    const fold = [];
    for (const { train, test } of new KFold({ nSplits: 4 }).split(40)) {
      const pick = (rows: Int32Array) => ({
        data: Float64Array.from([...rows].flatMap((r) => cols.map((c) => X.data[r * X.cols + c]!))),
        rows: rows.length,
        cols: cols.length,
      });
      const clf = new SVC({ kernel: 'linear' }).fit(
        pick(train),
        [...train].map((r) => y[r]!),
      );
      fold.push(
        clf.score(
          pick(test),
          [...test].map((r) => y[r]!),
        ),
      );
    }
    expect(sl.scores_![1 + 4 * (2 + 4 * 1)]).toBe(numpyMean(fold));
  });

  it('a process mask restricts the seeds; refitting gives the same map', async () => {
    const { func, mask, y } = synthetic();
    const process = new Uint8Array(32);
    process[5] = 1;
    process[20] = 1;
    const sl = new SearchLight({
      maskImg: mask,
      processMaskImg: NiftiImage.fromArray(process, [4, 4, 2], eye),
      radius: 1.5,
      cv: 4,
    });
    await sl.fit(func, y);
    expect(sl.nSpheres_).toBe(2);
    const nonzero = [...sl.scores_!.keys()].filter((f) => sl.scores_![f] !== 0);
    expect(nonzero.every((f) => f === 5 || f === 20)).toBe(true);
    const first = sl.scores_!.slice();
    await sl.fit(func, y);
    expect(sl.scores_).toEqual(first);
  });

  it("'svr' fits a regressor and scores R²", async () => {
    const { func, mask } = synthetic();
    const target = Array.from({ length: 40 }, (_, t) => (t % 2) * 2 + (t % 5) * 0.1);
    const sl = new SearchLight({
      maskImg: mask,
      radius: 1,
      estimator: 'svr',
      cv: new KFold({ nSplits: 4 }),
    });
    await sl.fit(func, target);
    const near = sl.scores_![0]!;
    const far = sl.scores_![3 + 4 * (3 + 4 * 0)]!;
    expect(near).toBeGreaterThan(far);
    expect(new SearchLight({ estimator: new SVR() }).getParams().estimator).toBeInstanceOf(SVR);
  });

  it.each([
    ['the calling thread', false],
    ['an executor', true],
  ])('summarises non-converging fits in one ConvergenceWarning (%s)', async (_, remote) => {
    const { func, mask, y } = synthetic();
    const { LinearSVC } = await import('@voxelkit/estimators');
    const { setWarningHandler } = await import('@voxelkit/core');
    const seen: unknown[] = [];
    const previous = setWarningHandler((w) => seen.push(w));
    try {
      await new SearchLight({
        maskImg: mask,
        radius: 1,
        estimator: new LinearSVC({ maxIter: 1, tol: 1e-12 }),
        cv: new KFold({ nSplits: 2 }),
        executor: remote ? new InProcessExecutor() : undefined,
      }).fit(func, y);
    } finally {
      setWarningHandler(previous);
    }
    const conv = seen.filter((w) => w instanceof ConvergenceWarning);
    expect(conv).toHaveLength(1);
    expect(String((conv[0] as Error).message)).toMatch(
      /^62 of 62 searchlight fits did not converge/,
    );
  });

  it('executor: chunks of spheres as tasks, X/y/folds/adjacency sent once as plain data, scores equal', async () => {
    const { func, mask, y } = synthetic(40, 6); // 95 spheres: 3 chunks
    const params = { maskImg: mask, radius: 1.5, cv: new KFold({ nSplits: 2 }) };
    const local = await new SearchLight(params).fit(func, y);
    const executor = new InProcessExecutor();
    const seen: SearchLightProgress[] = [];
    const remote = await new SearchLight({
      ...params,
      executor,
      onProgress: (p) => seen.push(p),
    }).fit(func, y);
    expect(remote.scores_).toEqual(local.scores_);
    expect(executor.runs).toBe(1);
    expect(local.nSpheres_).toBe(95);
    expect(executor.tasks).toBe(3);
    expect(seen.map((p) => p.done)).toEqual([32, 64, 95]);
    const shared = executor.lastShared as { indptr: Int32Array; nSeeds: number; folds: unknown[] };
    expect(shared.nSeeds).toBe(local.nSpheres_);
    expect(shared.indptr).toBeInstanceOf(Int32Array);
    expect(shared.folds).toHaveLength(2);
    expect(seen.at(-1)?.done).toBe(local.nSpheres_);
    expect(seen.every((p) => p.total === local.nSpheres_)).toBe(true);
  });

  it('signal: an aborted fit rejects with AbortError (locally and on an executor) and leaves nothing fitted', async () => {
    const { func, mask, y } = synthetic();
    const controller = new AbortController();
    controller.abort();
    for (const executor of [undefined, new InProcessExecutor()]) {
      const sl = new SearchLight({ maskImg: mask, radius: 1, executor });
      await expect(sl.fit(func, y, { signal: controller.signal })).rejects.toBeInstanceOf(
        AbortError,
      );
      expect(sl.scores_).toBeUndefined();
    }
    await expect(
      new SearchLight({ maskImg: mask, radius: 1 }).fit(func, y, { timeout: -1 }),
    ).rejects.toThrow(/timeout must be a positive number/);
  });
});

describe('SearchLight errors', () => {
  const { func, mask, y } = synthetic();
  const fitWith = (params: ConstructorParameters<typeof SearchLight>[0], yy: unknown = y) =>
    new SearchLight({ maskImg: mask, radius: 1, ...params }).fit(func, yy as string[]);

  it('radius ≤ 0', async () => {
    await expect(fitWith({ radius: 0 })).rejects.toThrow(/radius must be a positive/);
    await expect(fitWith({ radius: -2 })).rejects.toThrow(ValidationError);
  });
  it('a process mask outside the mask', async () => {
    const m = new Uint8Array(32);
    m[0] = 1;
    const p = new Uint8Array(32);
    p[31] = 1; // (3,3,1): more than 2 mm from (0,0,0)
    await expect(
      new SearchLight({
        maskImg: NiftiImage.fromArray(m, [4, 4, 2], eye),
        processMaskImg: NiftiImage.fromArray(p, [4, 4, 2], eye),
        radius: 2,
      }).fit(func, y),
    ).rejects.toThrow(/spheres are empty.*processMaskImg inside maskImg/);
  });
  it('a process mask on another grid', async () => {
    await expect(
      fitWith({ processMaskImg: NiftiImage.fromArray(new Uint8Array(9).fill(1), [3, 3, 1], eye) }),
    ).rejects.toThrow(/not on maskImg's grid/);
  });
  it('y length mismatch', async () => {
    await expect(fitWith({}, y.slice(1))).rejects.toThrow(/y has 39 entries but func has 40 scans/);
  });
  it('one class', async () => {
    await expect(
      fitWith(
        {},
        y.map(() => 'a'),
      ),
    ).rejects.toThrow(/single class/);
  });
  it('unknown estimator name', async () => {
    await expect(fitWith({ estimator: 'svm' as never })).rejects.toThrow(
      /Unknown estimator name "svm"/,
    );
  });
  it('no maskImg', async () => {
    await expect(new SearchLight({ radius: 2 }).fit(func, y)).rejects.toThrow(/needs maskImg/);
  });
  it('a failed refit leaves nothing looking fitted', async () => {
    const sl = new SearchLight({ maskImg: mask, radius: 1, cv: 2 });
    await sl.fit(func, y);
    expect(sl.scores_).toBeDefined();
    await expect(sl.fit(func, y.slice(2))).rejects.toThrow(ValidationError);
    expect(sl.scores_).toBeUndefined();
    expect(sl.scoresImg_).toBeUndefined();
  });
});

{
  const { func, mask, y } = synthetic(24);
  const wrongGrid = NiftiImage.fromArray(new Float32Array(9 * 24), [3, 3, 1, 24], eye);
  checkEstimator(() => new SearchLight({ maskImg: mask, radius: 1, cv: 3 }), {
    name: 'SearchLight',
    data: {
      X: func,
      y,
      invalidFit: [
        { what: 'one label fewer', X: func, y: y.slice(1) },
        { what: 'a single class', X: func, y: y.map(() => 'a') },
        { what: 'an image off the mask grid', X: wrongGrid },
        { what: 'not an image', X: [[1, 2, 3]] },
      ],
    },
    // nilearn 0.10.4's SearchLight has no predict/transform: its result is scores_.
    skip: ['unfitted use throws NotFittedError', 'nFeaturesIn_ is set and checked at predict'],
  });
}

describe.skipIf(!available)('SearchLight on the Haxby slice set = nilearn 0.10.4', () => {
  let func: NiftiImage;
  let zImg: NiftiImage;
  let maskImg: NiftiImage;
  let y: string[];
  let runs: number[];
  const mask = () => maskImg;

  beforeAll(async () => {
    const rows = readFileSync(labelsFile.path, 'utf8').trim().split('\n').slice(1);
    const labels = rows.map((r) => r.split(/\s+/)[0]!);
    const chunks = rows.map((r) => Number(r.split(/\s+/)[1]));
    const keep = labels.map((l) => l === 'face' || l === 'cat');
    func = await indexImg(bold.path, keep);
    y = labels.filter((_, i) => keep[i]);
    runs = chunks.filter((_, i) => keep[i]);
    maskImg = await readNifti(maskFile.path);
    // z-score every voxel over the 216 scans as the golden script does (float64, population std).
    const X = await applyMask(func, maskImg, { dtype: 'float64' });
    const Z = new Float64Array(X.data.length);
    const col = new Float64Array(X.rows);
    for (let c = 0; c < X.cols; c++) {
      for (let r = 0; r < X.rows; r++) col[r] = X.data[r * X.cols + c]!;
      const mu = numpyMean(col);
      for (let r = 0; r < X.rows; r++) col[r] = col[r]! - mu;
      const sd = Math.sqrt(numpyMean(col.map((d) => d * d)));
      for (let r = 0; r < X.rows; r++) Z[r * X.cols + c] = col[r]! / sd;
    }
    zImg = unmask({ data: Z, rows: X.rows, cols: X.cols }, maskImg);
  });

  function inMask(scores: Float64Array, image: NiftiImage): number[] {
    const data = image.getFData();
    const [nx, ny, nz] = image.shape as [number, number, number];
    const out: number[] = [];
    for (let i = 0; i < nx; i++)
      for (let j = 0; j < ny; j++)
        for (let k = 0; k < nz; k++) {
          const f = i + nx * (j + ny * k);
          if (data[f] !== 0) out.push(scores[f]!);
        }
    return out;
  }

  it('builds nilearn’s sphere adjacency (radius 2, 5.6 and 9 mm)', async () => {
    const shape = mask().shape as [number, number, number];
    const data = mask().getFData();
    const { maskIndices } = await import('@voxelkit/masking');
    const idx = maskIndices(data, shape);
    for (const [radius, key] of [
      [5.6, 'adjacency'],
      [2, 'adjacencyRadius2'],
      [9, 'adjacencyRadius9'],
    ] as const) {
      const a = sphereAdjacency(
        { shape, affine: mask().affine, maskIndices: idx, seedIndices: idx },
        radius,
      );
      expect(Array.from(a.indptr)).toEqual(golden[key].indptr);
      expect(Array.from(a.indices)).toEqual(golden[key].indices);
    }
  });

  it('z-scored data, SVC linear, KFold(4): the whole map equals nilearn’s', async () => {
    const sl = new SearchLight({
      maskImg: mask(),
      radius: 5.6,
      estimator: new SVC({ kernel: 'linear' }),
      cv: new KFold({ nSplits: 4 }),
    });
    await sl.fit(zImg, y);
    const ours = inMask(sl.scores_!, mask());
    expect(ours).toHaveLength(530);
    for (let s = 0; s < 530; s++)
      expect(ours[s]).toBeCloseTo(golden.zSvcLinearKFold4.scores[s]!, 12);
  }, 600_000);

  it('z-scored data, SVC linear, default cv (StratifiedKFold(5)) and LeaveOneGroupOut equal nilearn’s', async () => {
    const def = new SearchLight({
      maskImg: mask(),
      radius: 5.6,
      estimator: new SVC({ kernel: 'linear' }),
    });
    await def.fit(zImg, y);
    const logo = new SearchLight({
      maskImg: mask(),
      radius: 5.6,
      estimator: new SVC({ kernel: 'linear' }),
      cv: new LeaveOneGroupOut(),
    });
    await logo.fit(zImg, y, { groups: runs });
    const a = inMask(def.scores_!, mask());
    const b = inMask(logo.scores_!, mask());
    for (let s = 0; s < 530; s++) {
      expect(a[s]).toBeCloseTo(golden.zSvcLinearDefaultCv.scores[s]!, 12);
      expect(b[s]).toBeCloseTo(golden.zSvcLinearLogo.scores[s]!, 12);
    }
  }, 600_000);

  it("z-scored data, 'svc' (LinearSVC): close to nilearn's (whose liblinear order is unseeded)", async () => {
    const sl = new SearchLight({ maskImg: mask(), radius: 5.6, cv: new KFold({ nSplits: 4 }) });
    await sl.fit(zImg, y);
    const ours = inMask(sl.scores_!, mask());
    const ref = golden.zLinearSvcKFold4.scores;
    let diff = 0;
    let worst = 0;
    for (let s = 0; s < 530; s++) {
      diff += Math.abs(ours[s]! - ref[s]!);
      worst = Math.max(worst, Math.abs(ours[s]! - ref[s]!));
    }
    expect(diff / 530).toBeLessThan(0.01);
    expect(worst).toBeLessThan(0.1);
  }, 600_000);

  it('nJobs: 2 (worker threads, shared X) gives exactly the nJobs: 1 map, with progress', async () => {
    const make = (nJobs: number, onProgress?: (p: { done: number; total: number }) => void) =>
      new SearchLight({
        maskImg: mask(),
        radius: 5.6,
        estimator: new SVC({ kernel: 'linear' }),
        cv: new KFold({ nSplits: 4 }),
        nJobs,
        onProgress,
      });
    const one = await make(1).fit(zImg, y);
    const seen: number[] = [];
    const two = await make(2, ({ done, total }) => {
      expect(total).toBe(530);
      seen.push(done);
    }).fit(zImg, y);
    expect(two.scores_).toEqual(one.scores_);
    expect(seen.at(-1)).toBe(530);
    expect(seen.length).toBe(Math.ceil(530 / 32));
    await expect(
      new SearchLight({ maskImg: mask(), radius: 5.6, nJobs: 2, scoring: () => 1 }).fit(zImg, y),
    ).rejects.toThrow(/scoring function cannot be sent to worker threads/);
  }, 600_000);

  it('raw int16 scans, a few seeds: SVC linear equals nilearn’s, LinearSVC close', async () => {
    const data = mask().getFData();
    const { maskIndices } = await import('@voxelkit/masking');
    const idx = maskIndices(data, mask().shape as [number, number, number]);
    const process = new Uint8Array(data.length);
    for (const s of golden.rawSeeds) process[idx[s]!] = 1;
    const processMaskImg = NiftiImage.fromArray(process, [...mask().shape], mask().affine);
    const svc = new SearchLight({
      maskImg: mask(),
      processMaskImg,
      radius: 5.6,
      estimator: new SVC({ kernel: 'linear' }),
      cv: new KFold({ nSplits: 4 }),
    });
    await svc.fit(func, y);
    const lin = new SearchLight({
      maskImg: mask(),
      processMaskImg,
      radius: 5.6,
      cv: new KFold({ nSplits: 4 }),
    });
    await lin.fit(func, y);
    golden.rawSeeds.forEach((s: number, n: number) => {
      expect(svc.scores_![idx[s]!]).toBeCloseTo(golden.rawSvcLinearKFold4.scores[n]!, 12);
      expect(Math.abs(lin.scores_![idx[s]!]! - golden.rawLinearSvcKFold4.scores[n]!)).toBeLessThan(
        0.1,
      );
    });
  }, 600_000);
});
