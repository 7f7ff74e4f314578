// The seven labelled article sets in ../shared/data/dev that the engine is trained and scored on.
export const DEV_SETS = [
  "allsides_2021_dev_articles",
  "handpicked_2014",
  "uci_2014_prefix",
  "wikinews_10E",
  "wikinews_20E",
  "wikinews_medium",
  "wikinews_small",
];
