// The in-memory band index finds exactly what comparing every held article would find, also after
// its ring wrapped many times and after articles were dropped (its hash deletes without tombstones).

import assert from "node:assert/strict";
import { test } from "node:test";
import { bands, isNearDuplicate, SIGNATURE_SIZE } from "../../src/articles/dedupe.ts";
import { seededRandom } from "../../src/eval/random.ts";
import { BandIndex } from "../../src/store/band-index.ts";

const HOUR = 3_600_000;

/** Signatures in families: copies of a family's base with a few positions changed. */
function family(random: () => number, base: Uint32Array, changes: number): Uint32Array {
  const sig = base.slice();
  for (let i = 0; i < changes; i++)
    sig[Math.floor(random() * SIGNATURE_SIZE)] = Math.floor(random() * 2 ** 32);
  return sig;
}

test("band index matches = brute force over the articles it holds, through wraps and drops", () => {
  const random = seededRandom(11);
  const capacity = 300;
  const index = new BandIndex(capacity);
  const bases = Array.from({ length: 40 }, () =>
    Uint32Array.from({ length: SIGNATURE_SIZE }, () => Math.floor(random() * 16)),
  );
  const held: { seq: number; at: number; sig: Uint32Array }[] = [];
  let checked = 0;
  let matched = 0;
  for (let seq = 1; seq <= 3000; seq++) {
    const sig = family(random, bases[Math.floor(random() * bases.length)], 1 + (seq % 30));
    const at = Math.floor(random() * 48) * HOUR;
    if (seq % 7 === 0) {
      const found = index.matches(sig, bands(sig), at, 12 * HOUR);
      const expected = held
        .filter((h) => Math.abs(h.at - at) <= 12 * HOUR && isNearDuplicate(sig, h.sig))
        // A copy sharing no band key is not found by LSH: the brute force keeps the same rule.
        .filter((h) => bands(h.sig).some((k, b) => k === bands(sig)[b]));
      assert.deepEqual(
        found.map((m) => [m.seq, m.at, [...m.sig]]),
        expected.map((h) => [h.seq, h.at, [...h.sig]]),
        `lookup at seq ${seq}`,
      );
      checked++;
      matched += found.length;
    }
    index.add(seq, at, sig);
    held.push({ seq, at, sig });
    // The ring holds the last `capacity` articles added, less those dropped.
    while (held[0] && held[0].seq <= seq - capacity) held.shift();
    if (seq % 50 === 0) {
      // Drop a few held articles (a prune), and a seq that was never held.
      const gone = held.filter((_, i) => i % 9 === 4).map((h) => h.seq);
      index.drop([...gone, 999_999]);
      for (const g of gone)
        held.splice(
          held.findIndex((h) => h.seq === g),
          1,
        );
    }
    assert.equal(index.size, held.length);
  }
  assert.equal(index.lastSeq, 3000);
  assert.ok(checked > 400 && matched > 300, `${checked} lookups, ${matched} matches`);
});
