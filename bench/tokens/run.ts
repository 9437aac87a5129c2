/**
 * Token benchmark (`pnpm bench:tokens`): what a model reads to learn the tools, counted with the
 * o200k_base tokenizer (gpt-tokenizer), for
 *   (a) the tools as individual OpenAI function tools (compact JSON, schemas as the servers send them),
 *   (b) the same tools as an MCP `tools/list` result,
 *   (c) the single isobind code tool as an OpenAI function tool, in full and discovery mode.
 * Tool sets: the live `tools/list` of three MCP servers from npm (36 tools), and sets of 10–500
 * built from them (the three servers interleaved; past 36, renamed copies with descriptions kept).
 * Writes bench/results/tokens.json and bench/results/tokens.md.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { countTokens } from "gpt-tokenizer/encoding/o200k_base";
// The source, not the package's dist: the numbers must describe the code checked out, built or not.
import {
  type BindingInfo,
  type Bindings,
  createCodeTool,
  DEFAULT_DISCOVERY_THRESHOLD,
  NodeRuntime,
} from "../../packages/core/src/index.ts";
import { listReferenceServers, type McpTool } from "./list-servers.ts";

const SIZES = [10, 25, 36, 50, 100, 250, 500];
const COPY_PREFIXES = [
  "",
  "team_",
  "archive_",
  "backup_",
  "staging_",
  "legacy_",
  "mirror_",
  "shared_",
  "project_",
  "org_",
  "local_",
  "remote_",
  "alt_",
  "test_",
  "dev_",
];
const resultsDir = new URL("../results/", import.meta.url);
const intentsFile = new URL(
  "../../packages/core/test/fixtures/search-intents.json",
  import.meta.url,
);

interface Row {
  tools: number;
  mode: "full" | "discovery";
  /** The mode createCodeTool picks at this size with the default threshold. */
  isDefault: boolean;
  individualTokens: number;
  mcpTokens: number;
  /** The code tool as one OpenAI function tool (what is sent). */
  codeModeTokens: number;
  /** Its description text alone. */
  codeModeTextTokens: number;
  /** Full mode without output types: the same information as (a) carries. */
  codeModeInputOnlyTokens?: number;
  savedPercent: number;
  savedPercentInputOnly?: number;
}

const servers = await listReferenceServers();
const real = interleave(servers.map((s) => s.tools));
const intents = (JSON.parse(readFileSync(intentsFile, "utf8")) as { intents: { query: string }[] })
  .intents;

const rows: Row[] = [];
let discoveryRound:
  | { intent: string; codeTokens: number; resultTokens: number; medianOverIntents: number }
  | undefined;

for (const size of SIZES) {
  const set = catalogue(size);
  const individualTokens = countTokens(JSON.stringify(set.map(openAiTool)));
  const mcpTokens = countTokens(JSON.stringify({ tools: set.map(mcpListEntry) }));
  await using rt = await NodeRuntime.create({
    isolation: "in-process",
    poolSize: 0,
    bindings: bindingsOf(set),
  });

  const full = createCodeTool(rt, { discoveryThreshold: Number.POSITIVE_INFINITY });
  const inputOnly = createCodeTool(withoutOutputSchemas(rt.bindings, rt), {
    discoveryThreshold: Number.POSITIVE_INFINITY,
  });
  const disc = createCodeTool(rt, { discoveryThreshold: 0 });
  const fullTokens = countTokens(JSON.stringify([openAiCodeTool(full)]));
  const inputOnlyTokens = countTokens(JSON.stringify([openAiCodeTool(inputOnly)]));
  rows.push({
    tools: size,
    mode: "full",
    isDefault: size <= DEFAULT_DISCOVERY_THRESHOLD,
    individualTokens,
    mcpTokens,
    codeModeTokens: fullTokens,
    codeModeTextTokens: countTokens(full.description),
    codeModeInputOnlyTokens: inputOnlyTokens,
    savedPercent: saved(fullTokens, individualTokens),
    savedPercentInputOnly: saved(inputOnlyTokens, individualTokens),
  });
  const discTokens = countTokens(JSON.stringify([openAiCodeTool(disc)]));
  rows.push({
    tools: size,
    mode: "discovery",
    isDefault: size > DEFAULT_DISCOVERY_THRESHOLD,
    individualTokens,
    mcpTokens,
    codeModeTokens: discTokens,
    codeModeTextTokens: countTokens(disc.description),
    savedPercent: saved(discTokens, individualTokens),
  });

  if (size === 36) {
    // One discovery round: the call the model makes and the text it gets back, for every intent.
    const rounds: { intent: string; codeTokens: number; resultTokens: number }[] = [];
    for (const { query } of intents) {
      const args = JSON.stringify({ code: `return await tools.$search(${JSON.stringify(query)})` });
      const out = await disc.execute(args);
      if (out.isError) throw new Error(`discovery round failed for ${query}: ${out.text}`);
      rounds.push({
        intent: query,
        codeTokens: countTokens(args),
        resultTokens: countTokens(out.text),
      });
    }
    const totals = rounds.map((r) => r.codeTokens + r.resultTokens).sort((a, b) => a - b);
    const median = totals[Math.floor(totals.length / 2)] ?? 0;
    const typical = rounds.find((r) => r.intent === "read a text file") ?? rounds[0];
    if (typical === undefined) throw new Error("no intents");
    discoveryRound = { ...typical, medianOverIntents: median };
  }
}

if (discoveryRound === undefined) throw new Error("the 36-tool size was not measured");

const checks = [
  check(
    "full mode at 50 tools, input information only, ≥ 40% fewer tokens than OpenAI JSON",
    (rows.find((r) => r.tools === 50 && r.mode === "full")?.savedPercentInputOnly ?? 0) >= 40,
  ),
  check(
    "discovery description < 500 tokens at every size",
    rows.filter((r) => r.mode === "discovery").every((r) => r.codeModeTextTokens < 500),
  ),
];

const report = {
  tokenizer: `o200k_base (gpt-tokenizer ${packageVersion("gpt-tokenizer")})`,
  servers: servers.map((s) => ({ name: s.server, version: s.version, tools: s.tools.length })),
  defaultDiscoveryThreshold: DEFAULT_DISCOVERY_THRESHOLD,
  rows,
  discoveryRound,
  checks,
};
mkdirSync(resultsDir, { recursive: true });
writeFileSync(new URL("tokens.json", resultsDir), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(new URL("tokens.md", resultsDir), markdown(report));
console.log(markdown(report));
if (checks.some((c) => !c.ok)) process.exitCode = 1;

// ---------------------------------------------------------------------------------------------

function interleave(lists: McpTool[][]): McpTool[] {
  const out: McpTool[] = [];
  const longest = Math.max(...lists.map((l) => l.length));
  for (let i = 0; i < longest; i++)
    for (const list of lists) if (i < list.length) out.push(list[i] as McpTool);
  return out;
}

function catalogue(size: number): McpTool[] {
  const out: McpTool[] = [];
  for (let copy = 0; out.length < size; copy++) {
    const prefix = COPY_PREFIXES[copy];
    if (prefix === undefined) throw new Error(`not enough copy prefixes for ${size} tools`);
    for (const tool of real) {
      if (out.length >= size) break;
      out.push({ ...tool, name: `${prefix}${tool.name}` });
    }
  }
  return out;
}

function openAiTool(t: McpTool): unknown {
  return {
    type: "function",
    function: { name: t.name, description: t.description, parameters: t.inputSchema },
  };
}

function mcpListEntry(t: McpTool): unknown {
  return {
    name: t.name,
    description: t.description,
    inputSchema: t.inputSchema,
    ...(t.outputSchema === undefined ? {} : { outputSchema: t.outputSchema }),
  };
}

function openAiCodeTool(tool: {
  name: string;
  description: string;
  inputSchema: unknown;
}): unknown {
  return {
    type: "function",
    function: { name: tool.name, description: tool.description, parameters: tool.inputSchema },
  };
}

function bindingsOf(set: McpTool[]): Bindings {
  const bindings: Bindings = {};
  for (const t of set) {
    bindings[t.name] = {
      description: t.description ?? "",
      inputSchema: t.inputSchema,
      ...(t.outputSchema === undefined ? {} : { outputSchema: t.outputSchema }),
      handler: () => null,
    };
  }
  return bindings;
}

function withoutOutputSchemas(bindings: readonly BindingInfo[], rt: NodeRuntime) {
  return {
    bindings: bindings.map(({ outputSchema: _, ...rest }) => rest),
    run: rt.run.bind(rt),
  };
}

function saved(tokens: number, baseline: number): number {
  return Math.round(1000 * (1 - tokens / baseline)) / 10;
}

function check(name: string, ok: boolean): { name: string; ok: boolean } {
  return { name, ok };
}

function packageVersion(name: string): string {
  const require = createRequire(import.meta.url);
  return (require(`${name}/package.json`) as { version: string }).version;
}

function markdown(r: typeof report): string {
  const lines = [
    "# Token benchmark",
    "",
    `Tokenizer: ${r.tokenizer}. Tools: ${r.servers.map((s) => `${s.name}@${s.version} (${s.tools})`).join(", ")}, listed live over stdio with the MCP SDK client; larger sets are renamed copies. Generated by \`pnpm bench:tokens\`.`,
    "",
    "- **individual**: the tools as OpenAI function tools, compact JSON, schemas as the servers send them.",
    "- **MCP**: the same tools as a `tools/list` result (`name`, `description`, `inputSchema`, `outputSchema`).",
    "- **code mode**: the single code tool as an OpenAI function tool. *Full* declares every tool (output types included); *input only* leaves out output types, carrying the same information as the individual tools; *discovery* declares `tools.$search` / `tools.$describe` only.",
    `- **default**: the mode \`createCodeTool\` picks (discovery above ${r.defaultDiscoveryThreshold} bindings).`,
    "",
    "| tools | mode | default | individual | MCP | code mode | saved | input only | saved (input only) | description text |",
    "|---:|---|:-:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const row of r.rows) {
    lines.push(
      `| ${row.tools} | ${row.mode} | ${row.isDefault ? "✓" : ""} | ${row.individualTokens} | ${row.mcpTokens} | ${row.codeModeTokens} | ${row.savedPercent}% | ${row.codeModeInputOnlyTokens ?? ""} | ${row.savedPercentInputOnly === undefined ? "" : `${row.savedPercentInputOnly}%`} | ${row.codeModeTextTokens} |`,
    );
  }
  const d = r.discoveryRound;
  lines.push(
    "",
    `One discovery round at 36 tools, \`tools.$search(${JSON.stringify(d.intent)})\`: ${d.codeTokens} tokens of call arguments + ${d.resultTokens} tokens of result = ${d.codeTokens + d.resultTokens}; median over the 40 hand-written intents: ${d.medianOverIntents}.`,
    "",
    ...r.checks.map((c) => `- ${c.ok ? "✓" : "✗"} ${c.name}`),
    "",
  );
  return lines.join("\n");
}
