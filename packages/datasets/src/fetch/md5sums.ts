/**
 * MD5SUMS files (`md5sum` output) and MD5 of files on disk.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/**
 * Parses `md5sum` output (`<32 hex digits>  <name>` or `<hex> *<name>` per line) into a map
 * from file name (leading `./` removed) to lower-case digest. Other lines are ignored.
 */
export function parseMd5Sums(text: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const m = /^\s*([0-9a-fA-F]{32})\s+\*?(.+?)\s*$/.exec(raw);
    if (!m) continue;
    const name = m[2].replace(/^\.\//, '');
    sums.set(name, m[1].toLowerCase());
  }
  return sums;
}

/** The lower-case hex MD5 of a file, streamed (constant memory). */
export async function md5File(path: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20, signal })) {
    hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}
