import assert from "node:assert/strict";
import { test } from "node:test";
import { informative } from "../../src/server/story-data.ts";
import { whyChips } from "../../src/server/why-chips.ts";

const article = {
  title: "Biden, Capito abandon infrastructure talks",
  text: "President Joe Biden ended talks with Sen. Shelley Moore Capito, R-W.Va., on Tuesday after weeks of negotiations, the White House said. The Centers for Disease Control and Prevention was not involved. Officials said the federal department would add funds.",
};

test("why-grouped chips name the shared names as written, once, without their parts", () => {
  // What the clusterer's explanation holds: lower-cased keys, parts of names, generic words.
  const chips = whyChips(
    article,
    {
      terms: [
        "infrastructure",
        "capito",
        "talks",
        "federal",
        "moore",
        "negotiations",
        "she",
        "officials",
        "department",
      ],
      entities: [
        "capito",
        "moore",
        "shelley",
        "shelley moore capito",
        "va",
        "r-w",
        "biden",
        "prevention",
        "disease control",
        "tuesday",
      ],
    },
    ["Joe Biden", "President", "White House"],
    informative,
  );
  assert.deepEqual(chips.entities, ["Joe Biden", "White House", "Shelley Moore Capito"]);
  // Specific terms stay; generic ones and words of a name chip go.
  assert.deepEqual(chips.terms, ["infrastructure", "talks", "negotiations"]);
});

test("a capitalised word is a name only where it is not capitalised anyway", () => {
  const chips = whyChips(
    {
      title: "Trump Allies Say Audit Confirms Biden Victory In Arizona",
      text: "Speaking on Friday, officials in Maricopa County said the audit confirmed the result.",
    },
    { terms: ["audit"], entities: ["confirms", "speaking", "maricopa county", "arizona"] },
    [],
    informative,
  );
  // "Confirms" is capitalised only in a Title Case headline, "Speaking" only first in a
  // sentence; "Arizona" is written only in the Title Case headline too, so it cannot be told.
  assert.deepEqual(chips.entities, ["Maricopa County"]);
  assert.deepEqual(chips.terms, ["audit"]);
});
