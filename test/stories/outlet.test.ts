// An article's own outlet name is not story evidence: trailing title segments naming it are cut,
// other trailing segments stay.
import assert from "node:assert/strict";
import { test } from "node:test";
import { outletNames, stripOutlet } from "../../src/stories/outlet.ts";

const strip = (title: string, source: string | null) => stripOutlet(title, outletNames(source));

test("outlet names come from a source name or a host's main label", () => {
  assert.deepEqual(outletNames("CNN (Online News)"), ["cnn"]);
  assert.deepEqual(outletNames("The Express Tribune"), ["the express tribune", "express tribune"]);
  assert.deepEqual(outletNames("www.theguardian.com"), ["theguardian", "guardian"]);
  assert.deepEqual(outletNames("tribune.com.pk"), ["tribune"]);
  assert.deepEqual(outletNames(null), []);
});

test("a trailing segment naming the article's own outlet is cut from its title", () => {
  assert.equal(strip("Storm Elin cuts power | CNN", "CNN (Online News)"), "Storm Elin cuts power");
  assert.equal(
    strip("Storm Elin cuts power - Eastern Tribune", "Eastern Tribune"),
    "Storm Elin cuts power",
  );
  assert.equal(
    strip(
      "Four security personnel shot dead in city, Khyber – The Express Tribune",
      "tribune.com.pk",
    ),
    "Four security personnel shot dead in city, Khyber",
  );
  assert.equal(
    strip("Israeli Ground Operation In Gaza Continues : The Two-Way : NPR", "www.npr.org"),
    "Israeli Ground Operation In Gaza Continues : The Two-Way",
  );
});

test("segments that do not name the outlet stay, and so does a title without a source", () => {
  const scottish = "Delta variant doubles risk of COVID hospitalisation - Scottish study";
  assert.equal(strip(scottish, "Reuters"), scottish);
  const guardian = "Ukraine crisis: Putin calls for postponed referendum - the day's events";
  assert.equal(strip(guardian, "www.theguardian.com"), guardian);
  assert.equal(strip("Storm Elin cuts power | CNN", null), "Storm Elin cuts power | CNN");
});
