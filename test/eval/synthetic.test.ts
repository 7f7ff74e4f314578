import assert from "node:assert/strict";
import { test } from "node:test";
import { syntheticStream } from "../../src/eval/synthetic.ts";

const collect = (articles: number, seed: number) => [...syntheticStream({ articles, seed })];

test("the same seed gives the same stream; another seed another", () => {
  const a = collect(3000, 5);
  assert.deepEqual(collect(3000, 5), a);
  const b = collect(3000, 6);
  assert.notDeepEqual(
    b.slice(0, 50).map((x) => x.title),
    a.slice(0, 50).map((x) => x.title),
  );
});

test("articles come in published order with unique ids, titles and ledes", () => {
  const s = collect(5000, 1);
  assert.equal(s.length, 5000);
  assert.equal(new Set(s.map((a) => a.id)).size, 5000);
  for (let i = 1; i < s.length; i++) assert.ok(s[i].published >= s[i - 1].published);
  for (const a of s) {
    assert.ok(a.title.length > 10 && a.text.length > 20, a.id);
    assert.match(a.text, /[.]$/);
  }
});

test("bursts of many outlets and a long tail of one-off stories", () => {
  const s = collect(20000, 2);
  const sizes = new Map<string, number>();
  for (const a of s) sizes.set(a.cluster, (sizes.get(a.cluster) ?? 0) + 1);
  const oneOff = [...sizes.values()].filter((n) => n === 1).length / s.length;
  assert.ok(oneOff > 0.3 && oneOff < 0.4, `one-off share ${oneOff}`);
  assert.ok(Math.max(...sizes.values()) >= 100, "at least one large burst");
  // A burst is told by several outlets in different words.
  const [big] = [...sizes].sort((x, y) => y[1] - x[1])[0];
  const members = s.filter((a) => a.cluster === big);
  assert.ok(new Set(members.map((a) => a.source)).size > 20);
  assert.ok(new Set(members.map((a) => a.title)).size > members.length / 3);
  // Over days, not hours: 20,000 articles span at least the default week.
  const days = (s[s.length - 1].published - s[0].published) / 86_400_000;
  assert.ok(days >= 6, `${days} days`);
});
