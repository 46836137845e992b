import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getDataDir } from './data-dir.js';

describe('getDataDir', () => {
  const root = mkdtempSync(join(tmpdir(), 'vk-datadir-'));
  const home = join(root, 'home');
  const shared = join(root, 'shared');
  const own = join(root, 'own');
  const nilearnShared = join(root, 'nilearn-shared');
  mkdirSync(home, { recursive: true });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('prefers the dataDir option, expanding ~', () => {
    expect(getDataDir({ dataDir: '/x/y', env: { VOXELKIT_DATA: own }, home })).toBe('/x/y');
    expect(getDataDir({ dataDir: '~/d', home })).toBe(join(home, 'd'));
  });

  it('defaults to ~/voxelkit_data, else the first voxelkit variable', () => {
    expect(getDataDir({ env: {}, home })).toBe(join(home, 'voxelkit_data'));
    expect(getDataDir({ env: { VOXELKIT_DATA: own }, home })).toBe(own);
    expect(getDataDir({ env: { VOXELKIT_SHARED_DATA: shared, VOXELKIT_DATA: own }, home })).toBe(
      shared,
    );
  });

  it('reuses a nilearn directory that already holds the dataset', () => {
    mkdirSync(join(home, 'nilearn_data', 'haxby2001'), { recursive: true });
    expect(getDataDir({ env: {}, home })).toBe(join(home, 'nilearn_data'));
    // ...but not for another dataset
    expect(getDataDir({ env: {}, home, dataset: 'other' })).toBe(join(home, 'voxelkit_data'));
    mkdirSync(join(nilearnShared, 'haxby2001'), { recursive: true });
    expect(getDataDir({ env: { NILEARN_SHARED_DATA: nilearnShared }, home })).toBe(nilearnShared);
    // a voxelkit directory holding the dataset wins over nilearn's
    mkdirSync(join(own, 'haxby2001'), { recursive: true });
    expect(
      getDataDir({ env: { NILEARN_SHARED_DATA: nilearnShared, VOXELKIT_DATA: own }, home }),
    ).toBe(own);
    // a voxelkit variable that does not hold it loses to a nilearn directory that does
    expect(getDataDir({ env: { VOXELKIT_DATA: shared }, home })).toBe(join(home, 'nilearn_data'));
  });

  it('accepts path lists', () => {
    expect(getDataDir({ env: { VOXELKIT_DATA: [shared, own].join(delimiter) }, home })).toBe(own);
  });
});
