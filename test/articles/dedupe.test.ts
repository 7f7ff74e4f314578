import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  BAND_ROWS,
  bands,
  earliestCopy,
  isNearDuplicate,
  SIGNATURE_SIZE,
  signature,
  signatureFromBytes,
  signatureToBytes,
  similarity,
} from "../../src/articles/dedupe.ts";

const wire =
  "SEOUL (Reuters) - North Korea is preparing to send additional troops to Russia after suffering heavy casualties in the Kursk region, South Korea's military said on Friday, citing intelligence assessments.";
const edited =
  "North Korea is preparing to send additional troops to Russia after suffering heavy casualties in the Kursk region, South Korea's military said on Friday, citing intelligence assessments, the agency reported.";
const other =
  "The central bank raised its main interest rate by a quarter point on Thursday, citing persistent inflation in services and a tight labour market.";

describe("near-duplicate signatures", () => {
  it("are deterministic and survive storage", () => {
    const a = signature("Troops", wire);
    const b = signature("Troops", wire);
    assert.ok(a && b);
    assert.equal(a.length, SIGNATURE_SIZE);
    assert.deepEqual(a, b);
    assert.deepEqual(signatureFromBytes(signatureToBytes(a)), a);
    assert.deepEqual(bands(a), bands(b));
    assert.equal(bands(a).length, SIGNATURE_SIZE / BAND_ROWS);
  });

  it("match an edited wire copy and not a different story", () => {
    const a = signature("North Korea to send more troops to Russia", wire);
    const b = signature("N. Korea preparing more troops for Russia, Seoul says", edited);
    const c = signature("Central bank raises rates", other);
    assert.ok(a && b && c);
    assert.ok(similarity(a, b) >= 0.5, `similarity ${similarity(a, b)}`);
    assert.ok(isNearDuplicate(a, b));
    assert.ok(!isNearDuplicate(a, c), `similarity ${similarity(a, c)}`);
    const shared = bands(a).filter((k) => bands(b).includes(k));
    assert.ok(shared.length > 0, "a copy is found through the band index");
    assert.deepEqual(
      bands(a).filter((k) => bands(c).includes(k)),
      [],
    );
  });

  it("are not made for texts too short to judge", () => {
    assert.equal(signature("Live updates", ""), null);
    assert.equal(signature("", "   "), null);
  });

  it("credit the earliest matching copy, following copies back to their original", () => {
    const s = signature("Troops", wire)!;
    const far = signature("Rates", other)!;
    const cands = [
      { id: "late", signature: s, duplicateOf: null, at: 300 },
      { id: "copy", signature: s, duplicateOf: "orig", at: 100 },
      { id: "unrelated", signature: far, duplicateOf: null, at: 0 },
    ];
    assert.equal(earliestCopy(s, cands), "orig");
    assert.equal(earliestCopy(s, [cands[0]]), "late");
    assert.equal(earliestCopy(s, [cands[2]]), null);
    assert.equal(earliestCopy(s, []), null);
  });
});
