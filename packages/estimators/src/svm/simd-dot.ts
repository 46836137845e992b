/**
 * A tile of the Gram matrix in WebAssembly SIMD (f64x2): all row pairs of two row ranges, two
 * rows of each at a time, at twice the arithmetic width of scalar JavaScript and with one call
 * per tile (a call per 2 × 2 pair cost more in JS-to-WebAssembly transitions than the arithmetic
 * on narrow data). The module (a few hundred bytes) is
 * assembled here from its opcodes; where WebAssembly SIMD is unavailable, {@link createSimdDot}
 * returns undefined and callers use their scalar loop.
 *
 * @module
 */

/** The tile kernel bound to its own memory. */
export interface SimdDot {
  /** A Float64Array view of the whole module memory (at least the bytes asked for). */
  readonly heap: Float64Array;
  /**
   * Dot products of rows `[i0, i1)` with rows `[j0, j1)` (only `j >= i` pairs when `upper`), two
   * rows of each at a time. Rows start at byte `row × rowBytes` and are dotted over their first
   * `nBytes` bytes (a multiple of 16); `i0`, `j0` and `i1 − i0`, `j1 − j0` must be even. Each
   * value is summed in two lanes (even and odd features), the lanes are added, and the result is
   * stored (not accumulated) as an f64 at byte `out + (i − i0) × ldBytes + 8 (j − j0)`.
   */
  tile(
    i0: number,
    i1: number,
    j0: number,
    j1: number,
    rowBytes: number,
    nBytes: number,
    out: number,
    ldBytes: number,
    upper: number,
  ): void;
}

function leb(n: number): number[] {
  const out: number[] = [];
  let v = n;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

function section(id: number, body: number[]): number[] {
  return [id, ...leb(body.length), ...body];
}

function name(s: string): number[] {
  return [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];
}

/** Assembles the module: (import "env" "mem" memory) (func tile (9 × i32)). */
function assemble(): Uint8Array<ArrayBuffer> {
  const I32 = 0x7f;
  const V128 = 0x7b;
  const get = (i: number) => [0x20, i];
  const set = (i: number) => [0x21, i];
  const simd = (op: number) => [0xfd, ...leb(op)];
  const i32 = (v: number) => [0x41, v]; // i32.const, 0 <= v < 64
  const [ADD, SUB, MUL, GE_U] = [0x6a, 0x6b, 0x6c, 0x4f];
  // params
  const [I0, I1, J0, J1, ROW, NB, OUT, LD, UPPER] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  // i32 locals
  const [I, J, PA0, PA1, PB0, PB1, OFF, O] = [9, 10, 11, 12, 13, 14, 15, 16];
  // v128 locals
  const acc = [17, 18, 19, 20];
  const [X0, X1, Z0, Z1] = [21, 22, 23, 24];
  const load = (ptr: number) => [...get(ptr), ...get(OFF), ADD, ...simd(0x00), 0x04, 0x00];
  const fma = (a: number, x: number, z: number) => [
    ...get(a),
    ...get(x),
    ...get(z),
    ...simd(0xf2), // f64x2.mul
    ...simd(0xf0), // f64x2.add
    ...set(a),
  ];
  const zero = (a: number) => [0x44, 0, 0, 0, 0, 0, 0, 0, 0, ...simd(0x14), ...set(a)]; // splat +0
  // f64.store [addr] (lane 0 + lane 1 of a) at a constant offset
  const store = (addr: number[], a: number, offset: number) => [
    ...addr,
    ...get(a),
    ...simd(0x21),
    0x00, // f64x2.extract_lane 0
    ...get(a),
    ...simd(0x21),
    0x01, // f64x2.extract_lane 1
    0xa0, // f64.add
    0x39,
    0x03,
    ...leb(offset),
  ];
  const body = [
    2, // local declarations
    8,
    I32,
    8,
    V128,
    ...get(I0),
    ...set(I),
    0x02,
    0x40, // block (rows i)
    0x03,
    0x40, // loop
    ...get(I),
    ...get(I1),
    GE_U,
    0x0d,
    1, // br_if out of the i block
    ...get(I),
    ...get(ROW),
    MUL,
    0x22,
    PA0, // local.tee pa0
    ...get(ROW),
    ADD,
    ...set(PA1),
    // j = upper ? i : j0
    ...get(I),
    ...get(J0),
    ...get(UPPER),
    0x1b, // select
    ...set(J),
    0x02,
    0x40, // block (rows j)
    0x03,
    0x40, // loop
    ...get(J),
    ...get(J1),
    GE_U,
    0x0d,
    1, // br_if out of the j block
    ...get(J),
    ...get(ROW),
    MUL,
    0x22,
    PB0, // local.tee pb0
    ...get(ROW),
    ADD,
    ...set(PB1),
    ...zero(acc[0] as number),
    ...zero(acc[1] as number),
    ...zero(acc[2] as number),
    ...zero(acc[3] as number),
    ...i32(0),
    ...set(OFF),
    0x02,
    0x40, // block (features)
    0x03,
    0x40, // loop
    ...get(OFF),
    ...get(NB),
    GE_U,
    0x0d,
    1, // br_if out of the feature block
    ...load(PA0),
    ...set(X0),
    ...load(PA1),
    ...set(X1),
    ...load(PB0),
    ...set(Z0),
    ...load(PB1),
    ...set(Z1),
    ...fma(acc[0] as number, X0, Z0),
    ...fma(acc[1] as number, X0, Z1),
    ...fma(acc[2] as number, X1, Z0),
    ...fma(acc[3] as number, X1, Z1),
    ...get(OFF),
    ...i32(16),
    ADD,
    ...set(OFF),
    0x0c,
    0, // br to the feature loop
    0x0b,
    0x0b, // end feature loop, block
    // o = out + (i - i0) * ld + (j - j0) * 8
    ...get(OUT),
    ...get(I),
    ...get(I0),
    SUB,
    ...get(LD),
    MUL,
    ADD,
    ...get(J),
    ...get(J0),
    SUB,
    ...i32(8),
    MUL,
    ADD,
    ...set(O),
    ...store(get(O), acc[0] as number, 0),
    ...store(get(O), acc[1] as number, 8),
    ...store([...get(O), ...get(LD), ADD], acc[2] as number, 0),
    ...store([...get(O), ...get(LD), ADD], acc[3] as number, 8),
    ...get(J),
    ...i32(2),
    ADD,
    ...set(J),
    0x0c,
    0, // br to the j loop
    0x0b,
    0x0b, // end j loop, block
    ...get(I),
    ...i32(2),
    ADD,
    ...set(I),
    0x0c,
    0, // br to the i loop
    0x0b,
    0x0b, // end i loop, block
    0x0b, // end function
  ];
  const bytes = [
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, [1, 0x60, 9, I32, I32, I32, I32, I32, I32, I32, I32, I32, 0]),
    ...section(2, [1, ...name('env'), ...name('mem'), 0x02, 0x00, 1]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...name('tile'), 0x00, 0]),
    ...section(10, [1, ...leb(body.length), ...body]),
  ];
  return new Uint8Array(bytes);
}

let compiled: WebAssembly.Module | null | undefined;

function compile(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  const wasm = (globalThis as { WebAssembly?: typeof WebAssembly }).WebAssembly;
  try {
    const bytes = assemble();
    if (wasm?.validate(bytes)) compiled = new wasm.Module(bytes);
  } catch {
    compiled = null;
  }
  return compiled;
}

/** Memory kept between calls up to this size (fresh pages are slow to fault in). */
const KEEP_BYTES = 64 * 1024 * 1024;
let kept: { memory: WebAssembly.Memory; tile: SimdDot['tile'] } | undefined;

/**
 * A tile-kernel instance whose memory holds at least `bytes` bytes, or undefined where
 * WebAssembly SIMD is unavailable or the memory cannot be had. Up to 64 MB of memory is kept for
 * the next call; call {@link releaseSimdDot} when done to drop anything larger.
 */
export function createSimdDot(bytes: number): SimdDot | undefined {
  const module = compile();
  if (module === null) return undefined;
  try {
    if (kept === undefined) {
      const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
      const instance = new WebAssembly.Instance(module, { env: { mem: memory } });
      kept = { memory, tile: instance.exports.tile as SimdDot['tile'] };
    }
    const have = kept.memory.buffer.byteLength;
    if (have < bytes) kept.memory.grow(Math.ceil((bytes - have) / 65536));
    return { heap: new Float64Array(kept.memory.buffer), tile: kept.tile };
  } catch {
    kept = undefined;
    return undefined;
  }
}

/** Drops the kept memory if it grew beyond 64 MB. */
export function releaseSimdDot(): void {
  if (kept !== undefined && kept.memory.buffer.byteLength > KEEP_BYTES) kept = undefined;
}
