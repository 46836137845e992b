import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HAXBY_AFFINE, haxbyLikeGeometry, makeHaxbyLike } from './haxby-like.js';

const count = (m: Uint8Array) => m.reduce((s, x) => s + x, 0);

describe('makeHaxbyLike', () => {
  it('full: the real geometry, a ~464-voxel VT mask with disjoint clusters inside it', () => {
    const m = makeHaxbyLike({ size: 'full', seed: 0 });
    expect(m.shape).toEqual([40, 64, 64]);
    expect(m.affine).toEqual(HAXBY_AFFINE.map((r) => [...r]));
    expect(m.nVolumes).toBe(1452);
    expect(m.tR).toBe(2.5);
    const nVt = count(m.vt);
    expect(nVt).toBeGreaterThan(400);
    expect(nVt).toBeLessThan(550);
    expect(count(m.face)).toBeGreaterThan(20);
    expect(count(m.house)).toBeGreaterThan(20);
    expect(count(m.faceLittle)).toBeGreaterThan(0);
    expect(count(m.faceLittle)).toBeLessThan(count(m.face));
    for (let v = 0; v < m.vt.length; v++) {
      if (m.face[v] || m.house[v]) expect(m.vt[v] && m.brain[v]).toBe(1);
      expect(m.face[v] & m.house[v]).toBe(0);
    }
    // Both hemispheres: i < 20 is x > 0 (the affine flips x).
    let left = 0;
    for (let v = 0; v < m.vt.length; v++) if (m.vt[v] && v % 40 < 20) left++;
    expect(left / nVt).toBeCloseTo(0.5, 1);
  });

  it('small: the same field of view on a 2x coarser grid', () => {
    const { shape, affine } = haxbyLikeGeometry('small');
    expect(shape).toEqual([20, 32, 32]);
    // First and last voxel centres span the same box as the full grid, up to half a voxel.
    expect(affine[0][3]).toBeCloseTo(68.25 - 1.75, 6);
    expect(affine[1][3] + 31 * affine[1][1]).toBeCloseTo(-118.125 + 63 * 3.75 - 1.875, 6);
  });

  it('is deterministic per seed and reacts to face blocks in the face cluster', () => {
    const a = makeHaxbyLike({ size: 'small', seed: 5 });
    const b = makeHaxbyLike({ size: 'small', seed: 5 });
    const c = makeHaxbyLike({ size: 'small', seed: 6 });
    const faceVoxels: number[] = [];
    for (let v = 0; v < a.face.length; v++) if (a.face[v]) faceVoxels.push(v);
    const ia = a.volumes();
    const ib = b.volumes();
    const ic = c.volumes();
    let differs = false;
    const faceMean = { face: 0, rest: 0, nFace: 0, nRest: 0 };
    for (let t = 0; t < a.nVolumes; t++) {
      const va = ia.next().value as Int16Array;
      const vb = ib.next().value as Int16Array;
      const vc = ic.next().value as Int16Array;
      if (t % 97 === 0) expect(vb).toEqual(va);
      if (!differs && vc.some((x, i) => x !== va[i])) differs = true;
      // volumes well inside blocks (HRF has risen)
      const inBlock = a.labels[t] !== 'rest' && a.labels[t - 3] === a.labels[t];
      if (a.labels[t] === 'face' && inBlock) {
        for (const v of faceVoxels) faceMean.face += va[v];
        faceMean.nFace += faceVoxels.length;
      } else if (a.labels[t] === 'rest' && a.labels[t - 3] === 'rest') {
        for (const v of faceVoxels) faceMean.rest += va[v];
        faceMean.nRest += faceVoxels.length;
      }
    }
    expect(differs).toBe(true);
    const change = faceMean.face / faceMean.nFace / (faceMean.rest / faceMean.nRest) - 1;
    // visual response (~1.2 %) + face response (up to 6 % at the centre)
    expect(change).toBeGreaterThan(0.02);
    expect(change).toBeLessThan(0.1);
  });

  it('keeps generating the series of generator version 1 (the caches of fetchHaxbySynthetic)', () => {
    // sha256 of the small seed-5 series, its background and masks as generated when
    // GENERATOR_VERSION became 1 (haxby-synthetic.ts). A speed-up must not change a bit of it;
    // a deliberate change of the data must bump GENERATOR_VERSION and this digest together.
    const m = makeHaxbyLike({ size: 'small', seed: 5 });
    const h = createHash('sha256');
    for (const v of m.volumes()) h.update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    const anat = m.anat();
    h.update(new Uint8Array(anat.buffer));
    for (const mask of [m.brain, m.vt, m.face, m.house, m.faceLittle, m.houseLittle])
      h.update(mask);
    h.update(JSON.stringify([m.labels, Array.from(m.chunks), m.affine, m.shape, m.tR]));
    expect(h.digest('hex')).toBe(
      '0a4624227af50d78fe9435c3ceb3e663c77e137beebe5df29180cd19e06f569f',
    );
  });
});
