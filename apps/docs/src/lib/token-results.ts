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
}

/** The whole token benchmark. */
export interface TokenResults {
  tokenizer: string;
  /** The MCP servers whose live tool lists were measured. */
  servers: { name: string; version: string; tools: number }[];
  /** Bindings above which the code tool switches to discovery. */
  defaultDiscoveryThreshold: number;
  rows: TokenRow[];
  /** One `tools.$search` round trip, when measured. */
  discoveryRound:
    | { intent: string; codeTokens: number; resultTokens: number; medianOverIntents: number }
    | undefined;
  /** The benchmark's own pass/fail checks. */
  checks: { name: string; ok: boolean }[];
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
    defaultDiscoveryThreshold: doc.field("defaultDiscoveryThreshold").number(),
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
      })),
    discoveryRound: round && {
      intent: round.field("intent").string(),
      codeTokens: round.field("codeTokens").number(),
      resultTokens: round.field("resultTokens").number(),
      medianOverIntents: round.field("medianOverIntents").number(),
    },
    checks: doc.has("checks")
      ? doc
          .field("checks")
          .items()
          .map((c) => ({ name: c.field("name").string(), ok: c.field("ok").boolean() }))
      : [],
  };
  assertNoShapeIssues(file, doc.issues, "bench/tokens/run.ts");
  if (results.rows.length === 0) throw new Error(`${file}: "rows" is empty`);
  return results;
}

/** The rows `createCodeTool` would actually use: one per tool-set size, in size order. */
export function defaultRows(results: TokenResults): TokenRow[] {
  return results.rows.filter((r) => r.isDefault).sort((a, b) => a.tools - b.tools);
}

/** Total tools of the measured servers (the largest set that is not a renamed copy). */
export function liveToolCount(results: TokenResults): number {
  return results.servers.reduce((sum, s) => sum + s.tools, 0);
}

/** `tokens.json` from the repository, or `undefined` before `pnpm bench:tokens` has run. */
export function readTokenResults(): { path: string; results: TokenResults } | undefined {
  const file = readResultsFile("tokens.json");
  return file && { path: file.path, results: parseTokenResults(file.data, file.path) };
}
