/**
 * Scratch buffers kept between fits. A fit's Gram matrix and its sub-problem matrices are
 * scratch; the next fit (the next fold of a cross-validation) needs buffers of the same size,
 * and fresh memory costs a page fault per 4 KiB page on first touch — in virtual machines as
 * much as the arithmetic on narrow data. Each slot keeps its last buffer up to 64 MB.
 *
 * @module
 */

/** Buffers larger than this are not kept. */
const KEEP_BYTES = 64 * 1024 * 1024;

/** The uses of scratch memory; two slots are never handed the same buffer. */
export type ScratchSlot = 'gram' | 'q';

const kept = new Map<ScratchSlot, Float32Array>();

/**
 * A Float32Array of `length` values with unspecified contents, valid until the next call for
 * the same slot: the slot's kept buffer when it is large enough, else a new one (kept in turn if
 * it is at most 64 MB).
 */
export function float32Scratch(slot: ScratchSlot, length: number): Float32Array {
  const have = kept.get(slot);
  if (have !== undefined && have.length >= length) return have.subarray(0, length);
  const fresh = new Float32Array(length);
  if (4 * length <= KEEP_BYTES) kept.set(slot, fresh);
  else kept.delete(slot);
  return fresh;
}
