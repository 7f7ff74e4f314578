import assert from "node:assert/strict";
import { test } from "node:test";
import { GeneratedStream } from "../../bench/generated-stream.ts";
import { engineInput } from "../../src/eval/evaluate.ts";
import { syntheticStream } from "../../src/eval/synthetic.ts";

// The benchmark's input generated on a thread of its own must be the very stream the clusterer
// would have generated itself: every article, in order, with the same fields.
test("the stream read from the generator thread is syntheticStream's, article for article", async () => {
  // More than AHEAD batches of 1,024, so the generator has to wait for the reader, and a last
  // partial batch.
  const options = { articles: 10_500, seed: 7 };
  const expected = [...syntheticStream(options)].map(engineInput);
  const generated = new GeneratedStream(options);
  try {
    generated.ready();
    const got = [...generated];
    assert.equal(got.length, expected.length);
    assert.deepEqual(got, expected);
  } finally {
    await generated.close();
  }
});

test("an empty stream ends at once", async () => {
  const generated = new GeneratedStream({ articles: 0, seed: 1 });
  try {
    assert.deepEqual([...generated], []);
  } finally {
    await generated.close();
  }
});

test("a generator that fails reports its error to the reader", async () => {
  // syntheticStream refuses a negative number of days; the thread's error reaches the reader.
  const generated = new GeneratedStream({ articles: 10, seed: 1, days: -1 });
  try {
    assert.throws(
      () => [...generated],
      /^Error: stream generator: synthetic stream: days must be a positive number, got -1$/,
    );
  } finally {
    await generated.close();
  }
});
