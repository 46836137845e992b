// The two datasets the Haxby example pages run on. Not an example itself (run-examples.mjs skips
// files whose name starts with '_'); the pages import it.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fetchHaxbySynthetic } from '@voxelkit/datasets';

/** One Haxby-shaped dataset: the 4D image, the ventral temporal mask and the labels per scan. */
export interface HaxbySet {
  /** What it is, for the printed lines. */
  name: string;
  /** A short name for figure files. */
  key: 'slice' | 'synthetic';
  /** The 4D functional image (path). */
  func: string;
  /** The ventral temporal mask (path). */
  mask: string;
  /** The condition of each scan (`labels.txt`'s first column). */
  conditions: string[];
  /** The run of each scan (`labels.txt`'s second column). */
  runs: number[];
}

function readLabels(path: string): { conditions: string[]; runs: number[] } {
  const rows = readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.trim().split(/\s+/));
  return { conditions: rows.map((r) => r[0] as string), runs: rows.map((r) => Number(r[1])) };
}

/** The real slice set's directory: `VOXELKIT_TEST_DATA`, or a `shared/data` above this file. */
function findSlice(): string | undefined {
  const roots = process.env.VOXELKIT_TEST_DATA ? [process.env.VOXELKIT_TEST_DATA] : [];
  for (let d = dirname(fileURLToPath(import.meta.url)); d !== dirname(d); d = dirname(d)) {
    roots.push(join(d, 'shared', 'data'));
  }
  return roots
    .map((root) => join(root, 'haxby-slice/haxby2001-slice/subj1'))
    .find((d) => existsSync(join(d, 'bold.nii.gz')));
}

/**
 * The real Haxby 2001 slice set (subject 1, one axial slice) when the repository's shared data
 * has it — otherwise a printed line says it is skipped — then the offline synthetic dataset
 * (`fetchHaxbySynthetic`, size 'small'), always.
 */
export async function haxbyDatasets(): Promise<HaxbySet[]> {
  const sets: HaxbySet[] = [];
  const slice = findSlice();
  if (slice) {
    sets.push({
      name: 'Haxby 2001 subject 1, one axial slice (real data)',
      key: 'slice',
      func: join(slice, 'bold.nii.gz'),
      mask: join(slice, 'mask4_vt.nii.gz'),
      ...readLabels(join(slice, 'labels.txt')),
    });
  } else {
    console.log('real Haxby slice set: not found (../shared/data or VOXELKIT_TEST_DATA), skipped');
  }
  const ds = await fetchHaxbySynthetic({ size: 'small', dataDir: 'voxelkit_data' });
  sets.push({
    name: 'synthetic Haxby (small, offline)',
    key: 'synthetic',
    func: ds.func[0] as string,
    mask: ds.maskVt[0] as string,
    ...readLabels(ds.sessionTarget[0] as string),
  });
  return sets;
}
