/**
 * `bench/results/tokens.json`, written by `pnpm bench:tokens` (bench/tokens/run.ts): how many
 * tokens the tools cost a model as individual function tools, as an MCP `tools/list`, and as
 * one code tool. Read and checked here so the pages render measured numbers only.
 * @module
 */
import { readResultsFile } from "./bench-results.ts";
import { assertNoShapeIssues, JsonReader } from "./json-reader.ts";

/** One tool-set size in one code tool mode. */
export interface TokenRow {
  /** Number of tools in the set. */
  tools: number;
  /** `full` declares every tool; `discovery` declares `tools.$search` / `tools.$describe`. */
  mode: string;
  /** Whether `createCodeTool` picks this mode for this many tools. */
  isDefault: boolean;
  /** The tools as OpenAI function tools (compact JSON). */
  individualTokens: number;
  /** The tools as an MCP `tools/list` result. */
  mcpTokens: number;
  /** The code tool as an OpenAI function tool. */
  codeModeTokens: number;
  /** The code tool's description text alone. */
  codeModeTextTokens: number;
  /** Full mode without output types (the same information as the individual tools). */
  codeModeInputOnlyTokens: number | undefined;
  /** Saved against the individual tools, in percent. */
  savedPercent: number;
  /** Saved by the input-only declaration, in percent. */
  savedPercentInputOnly: number | undefined;
  /** The OpenAI function tools with unused `$defs` pruned: the fair baseline. */
  individualPrunedTokens: number | undefined;
  /** Saved against the pruned function tools, in percent. */
  savedPercentVsPruned: number | undefined;
  /** The tool and field descriptions alone: what any format that keeps them must carry. */
  descriptionTokens: number | undefined;
  /**
   * The least any declaration keeping every name, description and enum value can cost (files
   * written before it: `undefined`).
   */
  floorTokens: number | undefined;
}

/** Median, 90th percentile and largest token count of one kind of discovery round. */
export interface RoundStats {
  median: number;
  p90: number;
  max: number;
}

/** Discovery measured on the whole catalogue with the benchmark's written queries. */
export interface DiscoveryResults {
  tools: number;
  queries: number;
  /** `tools.$search(query)`: call arguments plus result text. */
  searchRound: RoundStats;
  /** `tools.$describe(top hit)`. */
  describeRound: RoundStats;
  /** The same search hits as full declarations (the earlier format). */
  searchRoundWithFullDeclarations: RoundStats;
  recallAt1: number;
  recallAt5: number;
}

/** The whole token benchmark. */
export interface TokenResults {
  tokenizer: string;
  /** The MCP servers whose live tool lists were measured. */
  servers: { name: string; version: string; tools: number }[];
  /** Estimated declaration tokens above which the code tool switches to discovery. */
  defaultDiscoveryTokenBudget: number | undefined;
  /** Bindings above which it switched (files written before the token budget). */
  defaultDiscoveryThreshold: number | undefined;
  rows: TokenRow[];
  /** One `tools.$search` round trip, when measured. */
  discoveryRound:
    | { intent: string; codeTokens: number; resultTokens: number; medianOverIntents: number }
    | undefined;
  /** Discovery on the whole catalogue, when measured. */
  discovery: DiscoveryResults | undefined;
  /** The goal's percentage below the pruned JSON (files written before it: `undefined`). */
  goalPercent: number | undefined;
  /** At each goal size: what the goal allows, the floor, and the tokens left and spent above it. */
  floorAgainstGoal: FloorAgainstGoal[];
  /** Goals reported met or not. */
  goals: { name: string; ok: boolean }[];
  /** The benchmark's own pass/fail checks. */
  checks: { name: string; ok: boolean }[];
}

/** One goal size against the floor (see `floorTokens`). */
export interface FloorAgainstGoal {
  tools: number;
  /** The most tokens the goal allows. */
  goalTokens: number;
  floorTokens: number;
  /** Tokens the goal leaves above the floor for types, marks, output types, notes. */
  leftAboveFloor: number;
  /** Tokens the full declaration spends above the floor. */
  spentAboveFloor: number;
}

/** Reads a parsed `tokens.json`. @throws Error listing every field that does not fit. */
export function parseTokenResults(data: unknown, file = "bench/results/tokens.json"): TokenResults {
  const doc = new JsonReader(data);
  const round = doc.has("discoveryRound") ? doc.field("discoveryRound") : undefined;
  const results: TokenResults = {
    tokenizer: doc.field("tokenizer").string(),
    servers: doc
      .field("servers")
      .items()
      .map((s) => ({
        name: s.field("name").string(),
        version: s.field("version").string(),
        tools: s.field("tools").number(),
      })),
    defaultDiscoveryTokenBudget: doc.field("defaultDiscoveryTokenBudget").optionalNumber(),
    defaultDiscoveryThreshold: doc.field("defaultDiscoveryThreshold").optionalNumber(),
    rows: doc
      .field("rows")
      .items()
      .map((r) => ({
        tools: r.field("tools").number(),
        mode: r.field("mode").string(),
        isDefault: r.field("isDefault").boolean(),
        individualTokens: r.field("individualTokens").number(),
        mcpTokens: r.field("mcpTokens").number(),
        codeModeTokens: r.field("codeModeTokens").number(),
        codeModeTextTokens: r.field("codeModeTextTokens").number(),
        codeModeInputOnlyTokens: r.field("codeModeInputOnlyTokens").optionalNumber(),
        savedPercent: r.field("savedPercent").number(),
        savedPercentInputOnly: r.field("savedPercentInputOnly").optionalNumber(),
        individualPrunedTokens: r.field("individualPrunedTokens").optionalNumber(),
        savedPercentVsPruned: r.field("savedPercentVsPruned").optionalNumber(),
        descriptionTokens: r.field("descriptionTokens").optionalNumber(),
        floorTokens: r.field("floorTokens").optionalNumber(),
      })),
    discoveryRound: round && {
      intent: round.field("intent").string(),
      codeTokens: round.field("codeTokens").number(),
      resultTokens: round.field("resultTokens").number(),
      medianOverIntents: round.field("medianOverIntents").number(),
    },
    discovery: doc.has("discovery") ? discoveryOf(doc.field("discovery")) : undefined,
    goalPercent: doc.field("goalPercent").optionalNumber(),
    floorAgainstGoal: doc.has("floorAgainstGoal")
      ? doc
          .field("floorAgainstGoal")
          .items()
          .map((f) => ({
            tools: f.field("tools").number(),
            goalTokens: f.field("goalTokens").number(),
            floorTokens: f.field("floorTokens").number(),
            leftAboveFloor: f.field("leftAboveFloor").number(),
            spentAboveFloor: f.field("spentAboveFloor").number(),
          }))
      : [],
    goals: namedFlags(doc, "goals"),
    checks: namedFlags(doc, "checks"),
  };
  assertNoShapeIssues(file, doc.issues, "bench/tokens/run.ts");
  if (results.rows.length === 0) throw new Error(`${file}: "rows" is empty`);
  return results;
}

function namedFlags(doc: JsonReader, key: string): { name: string; ok: boolean }[] {
  return doc.has(key)
    ? doc
        .field(key)
        .items()
        .map((c) => ({ name: c.field("name").string(), ok: c.field("ok").boolean() }))
    : [];
}

function discoveryOf(d: JsonReader): DiscoveryResults {
  const round = (key: string): RoundStats => {
    const r = d.field(key);
    return {
      median: r.field("median").number(),
      p90: r.field("p90").number(),
      max: r.field("max").number(),
    };
  };
  return {
    tools: d.field("tools").number(),
    queries: d.field("queries").number(),
    searchRound: round("searchRound"),
    describeRound: round("describeRound"),
    searchRoundWithFullDeclarations: round("searchRoundWithFullDeclarations"),
    recallAt1: d.field("recallAt1").number(),
    recallAt5: d.field("recallAt5").number(),
  };
}

/** The rows `createCodeTool` would actually use: one per tool-set size, in size order. */
export function defaultRows(results: TokenResults): TokenRow[] {
  return results.rows.filter((r) => r.isDefault).sort((a, b) => a.tools - b.tools);
}

/** Total tools of the measured servers (the largest set). */
export function liveToolCount(results: TokenResults): number {
  return results.servers.reduce((sum, s) => sum + s.tools, 0);
}

/** `tokens.json` from the repository, or `undefined` before `pnpm bench:tokens` has run. */
export function readTokenResults(): { path: string; results: TokenResults } | undefined {
  const file = readResultsFile("tokens.json");
  return file && { path: file.path, results: parseTokenResults(file.data, file.path) };
}
