// The `stopword` package ships no type declarations; only its per-language lists are used here.
declare module "stopword" {
  const lists: Record<string, string[] | undefined>;
  export = lists;
}
