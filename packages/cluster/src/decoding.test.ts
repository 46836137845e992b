/**
 * `Decoder` and `SearchLight` of `@voxelkit/decoding` with `executor: RedisExecutor`, against a
 * real redis-server and two real `voxelkit-worker` processes, on the REAL Haxby 2001 slice
 * (../shared/data/haxby-slice, subject 1, face vs cat, mask4_vt): each (class, fold) fit and each
 * chunk of spheres is a task served by the workers (with `@voxelkit/decoding/tasks`, which the
 * decoders give the workers themselves); the results equal `nJobs: 1` bitwise.
 */
import { readFileSync } from 'node:fs';
import { type Matrix2D, setWarningHandler, type WarningHandler } from '@voxelkit/core';
import { testData } from '@voxelkit/core/testing';
import { Decoder, SearchLight, type SearchLightProgress } from '@voxelkit/decoding';
import { indexImg } from '@voxelkit/image';
import { maskIndices } from '@voxelkit/masking';
import { KFold, LeaveOneGroupOut, type RunProgress } from '@voxelkit/model-selection';
import { NiftiImage, readNifti } from '@voxelkit/nifti-io';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestCluster } from '../test/cluster.js';
import { haxbyAvailable } from '../test/haxby-slice.js';
import { redisServerOrSkip } from '../test/redis-server.js';

const binary = redisServerOrSkip();
const dir = 'haxby-slice/haxby2001-slice/subj1/';
const bold = testData(`${dir}bold.nii.gz`);
const maskFile = testData(`${dir}mask4_vt.nii.gz`);
const labelsFile = testData(`${dir}labels.txt`);

describe.skipIf(binary === undefined || !haxbyAvailable)(
  'Decoder and SearchLight through Redis with 2 voxelkit-worker processes (Haxby face vs cat)',
  () => {
    const cluster = useTestCluster(binary);
    let func: NiftiImage;
    let y: string[];
    let runs: number[];
    let previous: WarningHandler;

    beforeAll(async () => {
      previous = setWarningHandler(() => {});
      const rows = readFileSync(labelsFile.path, 'utf8').trim().split('\n').slice(1);
      const keep = rows.map((r) => /^(face|cat)\s/.test(r.trim()));
      func = await indexImg(bold.path, keep);
      y = rows.filter((_, i) => keep[i]).map((r) => r.trim().split(/\s+/)[0] as string);
      runs = rows.filter((_, i) => keep[i]).map((r) => Number(r.trim().split(/\s+/)[1]));
    });
    afterAll(async () => {
      setWarningHandler(previous);
    });

    it('Decoder (svc_l1, screening, leave-one-run-out): every field equals nJobs: 1 bitwise', async () => {
      const make = (remote: boolean, onProgress?: (p: RunProgress) => void) =>
        new Decoder({
          estimator: 'svc_l1',
          mask: maskFile.path,
          screeningPercentile: 0.05,
          cv: new LeaveOneGroupOut(),
          executor: remote ? cluster.executor : undefined,
          onProgress,
        });
      const local = await make(false).fit(func, y, { groups: runs });
      const progress: RunProgress[] = [];
      const remote = await make(true, (p) => progress.push(p)).fit(func, y, { groups: runs });
      expect(remote.cvScores_).toEqual(local.cvScores_);
      expect(remote.cvParams_).toEqual(local.cvParams_);
      expect((remote.coef_ as Matrix2D).data).toEqual((local.coef_ as Matrix2D).data);
      expect((remote.stdCoef_ as Matrix2D).data).toEqual((local.stdCoef_ as Matrix2D).data);
      expect(remote.intercept_).toEqual(local.intercept_);
      expect(await remote.predict(func)).toEqual(await local.predict(func));
      expect(local.cvScores_?.face).toHaveLength(12);
      const done = progress.filter((p) => p.task !== undefined).map((p) => p.done);
      expect(done).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      expect(progress.some((p) => p.workers === 2)).toBe(true);
    });

    it('SearchLight (svc, 96 spheres = 3 chunks, KFold(4)): the map equals nJobs: 1 bitwise; X is stored once', async () => {
      const mask = await readNifti(maskFile.path);
      const shape = mask.shape.slice(0, 3) as [number, number, number];
      const idx = maskIndices(mask.getFData(), shape);
      const process = new Uint8Array(mask.getFData().length);
      for (let s = 0; s < 96; s++) process[idx[s] as number] = 1;
      const processMaskImg = NiftiImage.fromArray(process, shape, mask.affine);
      const make = (remote: boolean, onProgress?: (p: SearchLightProgress) => void) =>
        new SearchLight({
          maskImg: mask,
          processMaskImg,
          radius: 5.6,
          cv: new KFold({ nSplits: 4 }),
          executor: remote ? cluster.executor : undefined,
          onProgress,
        });
      const local = await make(false).fit(func, y);
      const redis = new Redis(cluster.server.url);
      try {
        const before = await redis.keys('voxelkit:data:*');
        const progress: SearchLightProgress[] = [];
        const remote = await make(true, (p) => progress.push(p)).fit(func, y);
        expect(remote.scores_).toEqual(local.scores_);
        expect(remote.nSpheres_).toBe(96);
        const seeds = Array.from({ length: 96 }, (_, s) => local.scores_?.[idx[s] as number]);
        expect(seeds.every((v) => (v as number) > 0 && (v as number) <= 1)).toBe(true);
        // Executor news (workers) repeats the count; each finished chunk adds its 32 spheres.
        expect([...new Set(progress.map((p) => p.done))].filter((d) => d > 0)).toEqual([
          32, 64, 96,
        ]);
        expect(progress.some((p) => p.workers === 2)).toBe(true);
        expect(progress.at(-1)?.done).toBe(96);
        expect(progress.at(-1)?.eta).toBe(0);
        // One matrix more in Redis (the masked scans, once), and no run left behind.
        expect((await redis.keys('voxelkit:data:*')).length).toBe(before.length + 1);
        expect(await redis.keys('voxelkit:run:*')).toEqual([]);
      } finally {
        redis.disconnect();
      }
    });
  },
);
