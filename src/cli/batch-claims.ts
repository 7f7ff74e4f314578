// Who analyses a batch: the thread it was sent to, or the clusterer's thread when it would
// otherwise wait for it (a thread still starting, or starved of a core on a loaded machine).
// Whoever claims a batch first analyses it; the other side skips it. The analysis is pure, so
// either gives the same result. Shared memory, one slot per batch in a ring: a slot holds
// 4 * seq + state, so a claim for an older batch whose slot was reused fails.
const SENT = 1;
const THREAD = 2;
const CALLER = 3;

export class BatchClaims {
  private readonly slots: Int32Array;

  /** Claims in `buffer` (shared with the threads): make it with `BatchClaims.buffer()`. */
  constructor(readonly buffer: SharedArrayBuffer) {
    this.slots = new Int32Array(buffer);
  }

  /** A ring of `size` slots: more than the batches that can be in flight at once. */
  static buffer(size = 1024): SharedArrayBuffer {
    return new SharedArrayBuffer(size * Int32Array.BYTES_PER_ELEMENT);
  }

  /** Batch `seq` was sent and is not claimed yet. */
  sent(seq: number): void {
    Atomics.store(this.slots, seq % this.slots.length, 4 * seq + SENT);
  }

  /** Claims batch `seq` for the analysis thread or the caller; false when already claimed. */
  claim(seq: number, by: "thread" | "caller"): boolean {
    const sent = 4 * seq + SENT;
    const mine = 4 * seq + (by === "thread" ? THREAD : CALLER);
    return Atomics.compareExchange(this.slots, seq % this.slots.length, sent, mine) === sent;
  }
}
