import assert from "node:assert/strict";
import { test } from "node:test";
import { numbersIn, repeats, sentence, storyCore } from "../../src/stories/redundancy.ts";
import { terms } from "../../src/stories/text.ts";

// Unit term vector, as the labeller builds it.
function vec(text: string): Map<string, number> {
  const v = new Map<string, number>();
  for (const t of terms(text)) v.set(t, (v.get(t) ?? 0) + 1);
  const n = Math.sqrt([...v.values()].reduce((s, x) => s + x * x, 0));
  for (const [k, x] of v) v.set(k, x / n);
  return v;
}
const s = (text: string) => sentence(text, vec(text));

// Each story: what its members' titles and ledes say (the story's own words come from these),
// then pairs of lede sentences from two outlets. Written after the dev sets' ledes, in other words.
const stories = [
  {
    members: [
      "Covid deaths in the US top 700,000. The United States passed another grim milestone on Friday as deaths from Covid-19 topped 700,000.",
      "US records grim milestone of 700,000 Covid deaths. The country recorded a grim milestone as the number of people killed by the coronavirus climbed past 700,000.",
      "700,000 Americans have now died of Covid. Hospitals in the South remain under strain as the Delta variant spreads.",
    ],
    same: [
      [
        "The United States passed another grim milestone on Friday as deaths from Covid-19 topped 700,000.",
        "The country recorded a grim milestone as the number of people killed by the coronavirus climbed past 700,000.",
      ],
    ],
    different: [
      [
        "The United States passed another grim milestone on Friday as deaths from Covid-19 topped 700,000.",
        "Hospitals in the South remain under strain as the Delta variant spreads.",
      ],
    ],
  },
  {
    members: [
      "Hiring slows as US adds 194,000 jobs. US employers added only 194,000 jobs in September, a troubling sign that the virus is still holding back the economy.",
      "Economy adds just 194,000 jobs in September. Employers added just 194,000 jobs last month, a second weak gain in a row as companies struggled to fill open positions.",
      "Jobs report disappoints. The unemployment rate fell to 4.8 percent from 5.2 percent, the Labor Department said.",
    ],
    same: [
      [
        "US employers added only 194,000 jobs in September, a troubling sign that the virus is still holding back the economy.",
        "Employers added just 194,000 jobs last month, a second weak gain in a row as companies struggled to fill open positions.",
      ],
    ],
    different: [
      [
        "US employers added only 194,000 jobs in September, a troubling sign that the virus is still holding back the economy.",
        "The unemployment rate fell to 4.8 percent from 5.2 percent, the Labor Department said.",
      ],
    ],
  },
  {
    members: [
      "Appeals court lets Texas abortion law stand. A federal appeals court on Thursday allowed Texas to keep enforcing its abortion law, suspending a judge's order that had blocked it.",
      "Texas abortion ban back in force after appeals court ruling. Texas may go on banning most abortions after the appeals court sided with the state, setting aside the order that had blocked the law.",
      "Clinics in Texas cancel appointments again. Abortion providers said they had stopped offering the procedure after six weeks within hours of the ruling.",
    ],
    same: [
      [
        "A federal appeals court on Thursday allowed Texas to keep enforcing its abortion law, suspending a judge's order that had blocked it.",
        "Texas may go on banning most abortions after the appeals court sided with the state, setting aside the order that had blocked the law.",
      ],
    ],
    different: [
      [
        "A federal appeals court on Thursday allowed Texas to keep enforcing its abortion law, suspending a judge's order that had blocked it.",
        "Abortion providers said they had stopped offering the procedure after six weeks within hours of the ruling.",
      ],
    ],
  },
];

test("two outlets' wordings of one fact are repeats; a new fact from the same story is not", () => {
  for (const story of stories) {
    const core = storyCore(story.members.map((m) => terms(m)));
    for (const [a, b] of story.same) {
      assert.ok(repeats(s(a), s(b), core), `repeat missed:\n${a}\n${b}`);
      assert.ok(repeats(s(b), s(a), core), `repeat missed (reversed):\n${b}\n${a}`);
    }
    for (const [a, b] of story.different)
      assert.ok(!repeats(s(a), s(b), core), `new fact taken for a repeat:\n${a}\n${b}`);
  }
});

test("the numbers that carry a fact: not years, single digits or parts of names", () => {
  assert.deepEqual(
    [...numbersIn("In 2021, 194,000 jobs, 5.9% more, 3 states, COVID-19 and F-35 jets, 42 dead")],
    ["194000", "5.9", "42"],
  );
});

test("a story's own words are those several members use", () => {
  const core = storyCore([
    ["quak", "chile"],
    ["quak", "santiago"],
    ["chile", "quak", "rescu"],
  ]);
  assert.deepEqual([...core].sort(), ["chile", "quak"]);
});
