export * from "./corpusCase";
export * from "./loadCorpus";
