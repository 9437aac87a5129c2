/**
 * Discovery for large catalogues: a small BM25 index over binding names, descriptions and input
 * field names, behind the guest's `tools.$search(query)` and `tools.$describe(name)`.
 * @module
 */

import type { BindingInfo } from "../types.ts";
import { guestPath, outlineBinding } from "./declarations.ts";

/** One search result. */
export interface SearchHit {
  /** The binding. */
  binding: BindingInfo;
  /** Relevance; higher is better, only comparable within one search. */
  score: number;
}

/** A search index over a fixed set of bindings. Build once, query many times. */
export interface BindingIndex {
  /** The best matches for a free-text query, best first; at most `limit` (default 5). */
  search(query: string, limit?: number): SearchHit[];
  /**
   * The binding with this registered name (`github.create_issue`), JS path
   * (`github.createIssue`) or guest expression (`tools.github.createIssue`).
   */
  find(name: string): BindingInfo | undefined;
}

/** Field weights of the combined term frequency (BM25F-style): a name word says most. */
const WEIGHT_NAME = 3;
const WEIGHT_DESCRIPTION = 1;
const WEIGHT_FIELDS = 0.7;
const K1 = 1.2;
const B = 0.75;
/** A query word that is a prefix of an indexed word counts this much of a full match. */
const PREFIX_FACTOR = 0.4;
/**
 * Longest query searched, in characters; the rest is ignored. A search runs synchronously on the
 * host's thread (cost: query words × vocabulary), so a guest must not be able to make it long.
 */
export const MAX_QUERY_CHARS = 1000;
/** A curated synonym counts nearly as much as the word itself. */
const SYNONYM_FACTOR = 0.8;

const STOP_WORDS = new Set(
  (
    "a an and are as at be by can do does for from has have how i in into is it its me my of on " +
    "or our so that the their them then this to us use used using want we what when where which " +
    "with you your all any some get gets"
  ).split(" "),
);

/**
 * Verbs and nouns tool catalogues spell in several ways. A query word also matches its group,
 * at the prefix weight, so "remove a folder" finds `delete_directory`.
 */
const SYNONYMS: readonly (readonly string[])[] = [
  ["delete", "remove", "erase", "destroy", "drop", "forget"],
  ["create", "make", "add", "new", "insert", "open", "file"],
  ["update", "edit", "modify", "change", "patch", "replace"],
  ["read", "fetch", "retrieve", "load", "show", "view"],
  ["list", "enumerate", "browse", "ls", "which"],
  ["search", "find", "lookup", "query", "locate", "match"],
  ["write", "save", "store", "overwrite"],
  ["move", "rename", "mv", "relocate"],
  ["directory", "folder", "dir"],
  ["file", "document"],
  ["sum", "add", "total", "plus"],
  ["env", "environment", "variable"],
  ["compress", "gzip", "zip"],
  ["image", "picture", "photo", "logo"],
  ["metadata", "info", "stat", "detail"],
  ["relation", "link", "edge", "connection", "connect", "relationship"],
  ["entity", "node", "item", "object"],
  ["navigate", "open", "go", "visit", "goto", "browse", "url"],
  ["evaluate", "run", "execute", "exec", "eval"],
  ["javascript", "js", "script"],
  ["issue", "bug", "ticket"],
  ["screenshot", "capture", "snapshot"],
  ["message", "post", "send", "chat"],
  ["remember", "memorize", "memory", "knowledge", "observation"],
  ["log", "output"],
  ["check", "status", "ci"],
];

/** Abbreviations a query may use for words the catalogue spells out. */
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  pr: "pull request",
  prs: "pull request",
  repo: "repository",
  repos: "repository",
  k8s: "kubernetes",
  db: "database",
  msg: "message",
};

/** A URL in a query says "navigate to a URL", not the words of its host name. */
const URL = /\b[a-z][a-z0-9+.-]*:\/\/\S+|\bwww\.\S+/gi;

/** Splits names and text into lower-case, lightly stemmed words: `getWeather_v2` → get, weather, v2. */
export function tokenize(text: string): string[] {
  const spaced = text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase();
  const out: string[] = [];
  for (const word of spaced.split(/[^a-z0-9]+/)) {
    if (word.length === 0 || STOP_WORDS.has(word)) continue;
    out.push(stem(word));
  }
  return out;
}

/** A deliberately small stemmer: plural and common verb endings, so "files" meets "file". */
function stem(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith("ies") && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith("sses")) return word.slice(0, -2);
  if (/(ch|sh|x)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith("s") && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
  if (word.endsWith("ing") && word.length > 5) return word.slice(0, -3);
  if (word.endsWith("ed") && word.length > 4) return word.slice(0, -2);
  return word;
}

const SYNONYM_OF = new Map<string, Set<string>>();
for (const group of SYNONYMS) {
  const stems = group.map(stem);
  for (const s of stems) {
    const set = SYNONYM_OF.get(s) ?? new Set<string>();
    for (const other of stems) if (other !== s) set.add(other);
    SYNONYM_OF.set(s, set);
  }
}

interface Doc {
  binding: BindingInfo;
  /** Weighted term frequency per term. */
  tf: Map<string, number>;
  length: number;
}

/** Builds the search index. Pure: the same bindings give the same results. */
export function createBindingIndex(bindings: readonly BindingInfo[]): BindingIndex {
  const docs: Doc[] = bindings.map((binding) => {
    const tf = new Map<string, number>();
    let length = 0;
    const add = (words: string[], weight: number): void => {
      for (const w of words) {
        tf.set(w, (tf.get(w) ?? 0) + weight);
        length += weight;
      }
    };
    add(tokenize(binding.name), WEIGHT_NAME);
    add(tokenize(binding.description), WEIGHT_DESCRIPTION);
    add(fieldWords(binding.inputSchema), WEIGHT_FIELDS);
    return { binding, tf, length };
  });
  const avgLength = docs.reduce((n, d) => n + d.length, 0) / Math.max(1, docs.length);
  const df = new Map<string, number>();
  for (const d of docs) for (const term of d.tf.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  const vocabulary = [...df.keys()].sort();
  const idf = (term: string): number => {
    const n = df.get(term) ?? 0;
    return Math.log(1 + (docs.length - n + 0.5) / (n + 0.5));
  };

  const lookup = new Map<string, BindingInfo>();
  for (const b of bindings) {
    lookup.set(b.name, b);
    lookup.set(b.path.join("."), b);
    lookup.set(guestPath(b), b);
  }

  return {
    search(query, limit = 5) {
      // The search runs on the host's thread; a guest must not make it long.
      const words = queryWords(query.slice(0, MAX_QUERY_CHARS)).map((w) =>
        expandWord(w, vocabulary),
      );
      if (words.length === 0) return [];
      const hits: SearchHit[] = [];
      for (const d of docs) {
        let score = 0;
        let matched = 0;
        for (const terms of words) {
          // A word counts once, through its best-matching form: a word with many synonyms
          // must not outweigh a word that matched exactly.
          let best = 0;
          for (const [term, factor] of terms) {
            const f = d.tf.get(term);
            if (f === undefined) continue;
            const norm = f + K1 * (1 - B + (B * d.length) / avgLength);
            best = Math.max(best, factor * idf(term) * ((f * (K1 + 1)) / norm));
          }
          if (best > 0) matched++;
          score += best;
        }
        // Coordination: a tool that matches more of the query's words beats one that matches
        // one rare word very well ("find repositories" → search_repositories, not browser_find).
        if (score > 0) hits.push({ binding: d.binding, score: score * (matched / words.length) });
      }
      // Ties keep catalogue order, so results are deterministic.
      hits.sort((x, y) => y.score - x.score);
      return hits.slice(0, Math.max(0, Math.floor(limit)));
    },
    find(name) {
      return lookup.get(name.trim());
    },
  };
}

/** The words of a query: URLs become `url`, abbreviations are spelled out (`pr` → pull, request). */
function queryWords(query: string): string[] {
  return tokenize(query.replace(URL, " url ")).flatMap((w) => {
    const long = ABBREVIATIONS[w];
    return long === undefined ? [w] : tokenize(long);
  });
}

/** One query word's terms with their factor: itself 1, synonyms and prefix completions less. */
function expandWord(word: string, vocabulary: readonly string[]): Map<string, number> {
  const terms = new Map<string, number>();
  const put = (term: string, factor: number): void => {
    terms.set(term, Math.max(terms.get(term) ?? 0, factor));
  };
  put(word, 1);
  for (const s of SYNONYM_OF.get(word) ?? []) put(s, SYNONYM_FACTOR);
  if (word.length >= 3) {
    for (const v of vocabulary) if (v !== word && v.startsWith(word)) put(v, PREFIX_FACTOR);
  }
  return terms;
}

/** Property names and their descriptions, one level deep plus array items: what a call takes. */
function fieldWords(schema: unknown, depth = 0): string[] {
  if (typeof schema !== "object" || schema === null || depth > 2) return [];
  const s = schema as Record<string, unknown>;
  const words: string[] = [];
  const props = s.properties;
  if (typeof props === "object" && props !== null) {
    for (const [key, value] of Object.entries(props)) {
      words.push(...tokenize(key));
      if (typeof value === "object" && value !== null) {
        const v = value as Record<string, unknown>;
        if (typeof v.description === "string") words.push(...tokenize(v.description));
        words.push(...fieldWords(v.items ?? v, depth + 1));
      }
    }
  }
  return words;
}

/**
 * What `tools.$search` returns to the guest: one compact line per match, best first (the first
 * sentence of the description and an outline of the call; see `outlineBinding`). A round stays
 * small; `tools.$describe(name)` gives the full declaration of the one the model picks.
 */
export function searchDeclarations(index: BindingIndex, query: string, limit?: number): string[] {
  return index.search(query, limit).map((hit) => outlineBinding(hit.binding));
}
