// The offline Haxby-shaped dataset: same fields and layout as fetchHaxby's.
import { readFileSync } from 'node:fs';
import { fetchHaxbySynthetic } from '@voxelkit/datasets';
import { readHeader } from '@voxelkit/nifti-io';

// #region fetch
// For the real data: `await fetchHaxby({ subjects: [2] })` (about 310 MB, cached).
const haxby = await fetchHaxbySynthetic({ size: 'small', dataDir: 'voxelkit_data' });
console.log(haxby.description.split('\n')[0]);
for (const key of ['func', 'anat', 'sessionTarget', 'maskVt', 'maskFace', 'maskHouse'] as const) {
  console.log(`${key.padEnd(14)} ${haxby[key].map((p) => p?.replace(process.cwd(), '.'))}`);
}
console.log('tR:', haxby.tR);
// #endregion fetch

// #region inspect
const header = await readHeader(haxby.func[0]);
console.log(
  'func dims:',
  Array.from(header.dim)
    .slice(1, 1 + header.dim[0])
    .join(' x '),
);
const rows = readFileSync(haxby.sessionTarget[0], 'utf8').trim().split('\n');
const counts = new Map<string, number>();
for (const row of rows.slice(1)) {
  const label = row.split(/\s+/)[0];
  counts.set(label, (counts.get(label) ?? 0) + 1);
}
console.log(rows[0], `(${rows.length - 1} volumes)`);
console.log(Object.fromEntries([...counts].sort()));
// #endregion inspect
