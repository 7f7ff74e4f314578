// A growable little-endian byte writer and its reader: the binary form of the clusterer's state
// (state.ts). Pure: bytes in, bytes out.

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder("utf-8", { fatal: true });

export class ByteWriter {
  private buf: Uint8Array;
  private view: DataView;
  private at = 0;

  /** `size`: the bytes expected (e.g. the last state's size), so that large outputs grow less. */
  constructor(size = 1 << 16) {
    this.buf = new Uint8Array(Math.max(16, Math.ceil(size)));
    this.view = new DataView(this.buf.buffer);
  }

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.at + n) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buf.subarray(0, this.at));
    this.buf = grown;
    this.view = new DataView(grown.buffer);
  }

  u8(x: number): void {
    this.room(1);
    this.buf[this.at++] = x;
  }

  u32(x: number): void {
    this.room(4);
    this.view.setUint32(this.at, x, true);
    this.at += 4;
  }

  f64(x: number): void {
    this.room(8);
    this.view.setFloat64(this.at, x, true);
    this.at += 8;
  }

  /** A number or null (written as NaN: never a time, size or sum the state holds). */
  f64OrNull(x: number | null): void {
    this.f64(x ?? Number.NaN);
  }

  /** u32 count, then the values as u32. */
  u32s(xs: readonly number[]): void {
    this.u32(xs.length);
    this.room(4 * xs.length);
    for (const x of xs) {
      this.view.setUint32(this.at, x, true);
      this.at += 4;
    }
  }

  /** The values as f64, without a count (the caller wrote it). */
  f64s(xs: readonly number[]): void {
    this.room(8 * xs.length);
    for (const x of xs) {
      this.view.setFloat64(this.at, x, true);
      this.at += 8;
    }
  }

  /** u32 byte length, then UTF-8. */
  str(s: string): void {
    // At most 3 bytes per UTF-16 unit.
    this.room(4 + 3 * s.length);
    const { written } = utf8.encodeInto(s, this.buf.subarray(this.at + 4));
    this.view.setUint32(this.at, written, true);
    this.at += 4 + written;
  }

  /** The bytes written so far (a view, not a copy). */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.at);
  }
}

export class ByteReader {
  private readonly view: DataView;
  private at = 0;

  constructor(private readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  /** Throws when fewer than `n` bytes are left (a truncated or corrupt state). */
  private need(n: number): number {
    const at = this.at;
    if (at + n > this.buf.length) throw new Error("state bytes end early");
    this.at = at + n;
    return at;
  }

  u8(): number {
    return this.buf[this.need(1)];
  }

  u32(): number {
    return this.view.getUint32(this.need(4), true);
  }

  f64(): number {
    return this.view.getFloat64(this.need(8), true);
  }

  f64OrNull(): number | null {
    const x = this.f64();
    return Number.isNaN(x) ? null : x;
  }

  u32s(): number[] {
    const n = this.u32();
    const at = this.need(4 * n);
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) out[i] = this.view.getUint32(at + 4 * i, true);
    return out;
  }

  /** `n` f64 values, as an array of unboxed doubles. */
  f64s(n: number): number[] {
    const at = this.need(8 * n);
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) out[i] = this.view.getFloat64(at + 8 * i, true);
    return out;
  }

  str(): string {
    const n = this.u32();
    const at = this.need(n);
    // Short ASCII strings (ids, stems) without the decoder's call overhead.
    if (n <= 64) {
      let ascii = true;
      for (let i = at; i < at + n && ascii; i++) ascii = this.buf[i] < 0x80;
      if (ascii) return String.fromCharCode.apply(null, this.buf.subarray(at, at + n) as never);
    }
    return fromUtf8.decode(this.buf.subarray(at, at + n));
  }

  /** Whether every byte was read. */
  get done(): boolean {
    return this.at === this.buf.length;
  }
}
