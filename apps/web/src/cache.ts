/**
 * The page's cache of the generated synthetic series, in the browser's origin private file
 * system (OPFS): what the CLI's data directory is to `voxelkit-haxby --synthetic`. The first
 * visit generates the 4-D series (~476 MB, full size) and, once the run has ended, writes it to
 * one OPFS file; later visits read that file (a disk-backed `File`, streamed by the masker)
 * instead of generating it again. Nothing leaves the page.
 *
 * An entry is used only when its size and its first bytes (the NIfTI header and the first volume)
 * equal what the generator produces now, so a changed generator, a truncated or a foreign file
 * is regenerated and overwritten, never read. A browser without OPFS (or a full quota) simply
 * generates every time.
 *
 * @module
 */

/** The OPFS directory the page owns. */
const DIR = 'voxelkit-synthetic';

/** The directory handle, or `undefined` when this browser has no usable OPFS. */
async function directory(create: boolean): Promise<FileSystemDirectoryHandle | undefined> {
  try {
    const root = await navigator.storage.getDirectory();
    return await root.getDirectoryHandle(DIR, { create });
  } catch {
    return undefined;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The cached file `name`, if there is one of exactly `size` bytes that starts with `head`;
 * otherwise `undefined` (missing, stale, truncated or unreadable: the caller generates).
 */
export async function readCachedSeries(
  name: string,
  size: number,
  head: Uint8Array,
): Promise<File | undefined> {
  const dir = await directory(false);
  if (!dir) return undefined;
  try {
    const file = await (await dir.getFileHandle(name)).getFile();
    if (file.size !== size) return undefined;
    const start = new Uint8Array(await file.slice(0, head.length).arrayBuffer());
    return sameBytes(start, head) ? file : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Writes `blob` as the cached file `name`. OPFS writes go to a swap file that replaces the entry
 * only when the stream closes, so an interrupted write leaves no partial entry. Resolves `true`
 * when the entry was written, `false` when the browser refused (no OPFS, quota): the page then
 * keeps generating, nothing else changes.
 */
export async function writeCachedSeries(name: string, blob: Blob): Promise<boolean> {
  const dir = await directory(true);
  if (!dir) return false;
  try {
    const writable = await (await dir.getFileHandle(name, { create: true })).createWritable();
    try {
      await writable.write(blob);
      await writable.close();
    } catch (error) {
      await writable.abort().catch(() => {});
      throw error;
    }
    return true;
  } catch {
    await dir.removeEntry(name).catch(() => {});
    return false;
  }
}

/** Deletes every cached series of the page (the "Forget the cached data" button). */
export async function forgetCachedSeries(): Promise<void> {
  try {
    const root = await navigator.storage.getDirectory();
    await root.removeEntry(DIR, { recursive: true });
  } catch (error) {
    if ((error as DOMException)?.name !== 'NotFoundError') throw error;
  }
}
