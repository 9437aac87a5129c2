/**
 * Token benchmark (`pnpm bench:tokens`): what a model reads to learn the tools, counted with the
 * o200k_base tokenizer (gpt-tokenizer), on a real catalogue: the 182 tools of 11 MCP servers
 * from npm, listed offline into packages/core/test/fixtures/mcp-catalogue.json by
 * bench/tokens/list-catalogue.ts. Sets of 10 / 25 / 50 / 100 / all tools take the servers in
 * turn, so every set mixes them. For each set:
 *   (a) the tools as OpenAI function tools, compact JSON: as the servers send the schemas, and
 *       with unused `$defs` pruned (the fair baseline: a careful host would prune them);
 *   (b) the same tools as an MCP `tools/list` result;
 *   (c) the isobind code tool as an OpenAI function tool: full mode (with and without output
 *       types; every description and constraint kept), discovery, and the prompt-caching
 *       `stable` description; the cost of the constraint notes; the cheap token estimate the
 *       mode switch uses, against the real count.
 * Then discovery on the whole catalogue: the tokens of one `tools.$search` round (call + result)
 * and one `tools.$describe` round for each of the written queries, with recall@1 / recall@5.
 * Writes bench/results/tokens.json and bench/results/tokens.md.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { countTokens } from "gpt-tokenizer/encoding/o200k_base";
import { declareBindingAt } from "../../packages/core/src/code-tool/declarations.ts";
// The source, not the package's dist: the numbers must describe the code checked out, built or not.
import {
  type BindingInfo,
  type Bindings,
  type CodeTool,
  createBindingIndex,
  createCodeTool,
  DEFAULT_DISCOVERY_TOKEN_BUDGET,
  estimateTokens,
  formatRunResult,
  generateDeclarations,
  NodeRuntime,
  pruneUnusedDefs,
  toJsPath,
} from "../../packages/core/src/index.ts";

interface McpTool {
  server: string;
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
}
interface Query {
  query: string;
  expect: string[];
}

const fixtures = new URL("../../packages/core/test/fixtures/", import.meta.url);
const read = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(name, fixtures), "utf8")) as unknown;
const catalogue = read("mcp-catalogue.json") as {
  about: string;
  servers: { server: string; tools: number }[];
  tools: McpTool[];
};
const queries = (read("catalogue-queries.json") as { queries: Query[] }).queries;
/** The earlier benchmark's 40 intents over the 36 tools of three reference servers. */
const referenceIntents = (read("search-intents.json") as { intents: Query[] }).intents;
const referenceTools = (read("mcp-reference-tools.json") as { tools: McpTool[] }[]).flatMap(
  (s) => s.tools,
);

const tools = interleave(catalogue.tools);
const SIZES = [10, 25, 50, 100, tools.length];

interface Row {
  tools: number;
  mode: "full" | "discovery";
  /** The mode `createCodeTool` picks for this set with default options. */
  isDefault: boolean;
  /** (a) as sent. */
  individualTokens: number;
  /** (a) with unused `$defs` pruned: the fair baseline. */
  individualPrunedTokens: number;
  mcpTokens: number;
  /** The code tool as one OpenAI function tool (what is sent). */
  codeModeTokens: number;
  /** Its description text alone. */
  codeModeTextTokens: number;
  /** Full mode without output types: the same information as (a) carries. */
  codeModeInputOnlyTokens?: number;
  /** Saved against (a) as sent, in percent. */
  savedPercent: number;
  /** Saved against (a) pruned, in percent. */
  savedPercentVsPruned: number;
  savedPercentInputOnly?: number;
  savedPercentInputOnlyVsPruned?: number;
  /** Full mode: tokens the constraint notes add to the declaration. */
  constraintTokens?: number;
  /** Full mode: `estimateTokens` of the description, which the mode switch uses. */
  estimatedTextTokens?: number;
  /**
   * The tool and field descriptions alone (in the pruned input schemas): what any format that
   * keeps every description must carry. `1 - this / pruned` is the most any such format saves.
   */
  descriptionTokens?: number;
  /**
   * The floor: every tool and field name with its description (a field that repeats with the
   * same name and description counted once), every enum value, the code tool's instructions and
   * its JSON wrapper, one token between items and no types. No declaration that keeps all of
   * that can cost less; `1 - this / pruned` is the most such a declaration can save.
   */
  floorTokens?: number;
}

const rows: Row[] = [];
let stableTokens = 0;
let ajvWarnings = 0;
for (const size of SIZES) {
  const set = tools.slice(0, size);
  const individualTokens = countTokens(JSON.stringify(set.map(openAiTool)));
  const individualPrunedTokens = countTokens(
    JSON.stringify(
      set.map((t) => openAiTool({ ...t, inputSchema: pruneUnusedDefs(t.inputSchema) })),
    ),
  );
  const mcpTokens = countTokens(JSON.stringify({ tools: set.map(mcpListEntry) }));
  await using rt = await NodeRuntime.create({
    isolation: "in-process",
    poolSize: 0,
    bindings: bindingsOf(set),
  });
  ajvWarnings = Math.max(ajvWarnings, rt.diagnostics.length);
  const full = createCodeTool(rt, { mode: "full" });
  const inputOnly = createCodeTool(withoutOutputSchemas(rt.bindings, rt), { mode: "full" });
  const disc = createCodeTool(rt, { mode: "discovery" });
  const defaultMode = isDiscovery(createCodeTool(rt)) ? "discovery" : "full";
  stableTokens = countTokens(
    JSON.stringify([openAiCodeTool(createCodeTool(rt, { mode: "stable" }))]),
  );

  const fullTokens = countTokens(JSON.stringify([openAiCodeTool(full)]));
  const inputOnlyTokens = countTokens(JSON.stringify([openAiCodeTool(inputOnly)]));
  const withConstraints = countTokens(generateDeclarations(rt.bindings));
  const withoutConstraints = countTokens(generateDeclarations(rt.bindings, { constraints: false }));
  rows.push({
    tools: size,
    mode: "full",
    isDefault: defaultMode === "full",
    individualTokens,
    individualPrunedTokens,
    mcpTokens,
    codeModeTokens: fullTokens,
    codeModeTextTokens: countTokens(full.description),
    codeModeInputOnlyTokens: inputOnlyTokens,
    savedPercent: saved(fullTokens, individualTokens),
    savedPercentVsPruned: saved(fullTokens, individualPrunedTokens),
    savedPercentInputOnly: saved(inputOnlyTokens, individualTokens),
    savedPercentInputOnlyVsPruned: saved(inputOnlyTokens, individualPrunedTokens),
    constraintTokens: withConstraints - withoutConstraints,
    estimatedTextTokens: estimateTokens(full.description),
    descriptionTokens: countTokens(
      set
        .flatMap((t) => [t.description ?? "", ...descriptionsIn(pruneUnusedDefs(t.inputSchema))])
        .join("\n"),
    ),
    floorTokens: floorOf(set, full),
  });
  const discTokens = countTokens(JSON.stringify([openAiCodeTool(disc)]));
  rows.push({
    tools: size,
    mode: "discovery",
    isDefault: defaultMode === "discovery",
    individualTokens,
    individualPrunedTokens,
    mcpTokens,
    codeModeTokens: discTokens,
    codeModeTextTokens: countTokens(disc.description),
    savedPercent: saved(discTokens, individualTokens),
    savedPercentVsPruned: saved(discTokens, individualPrunedTokens),
  });
}

// ---- discovery on the whole catalogue ---------------------------------------------------------

await using rt = await NodeRuntime.create({
  isolation: "in-process",
  poolSize: 0,
  bindings: bindingsOf(tools),
});
const disc = createCodeTool(rt, { mode: "discovery" });
const index = createBindingIndex(rt.bindings);
const rounds: {
  query: string;
  searchTokens: number;
  describeTokens: number;
  fullHitsTokens: number;
  rank: number;
}[] = [];
for (const { query, expect } of queries) {
  const code = `return await tools.$search(${JSON.stringify(query)})`;
  const search = await round(disc, code);
  const hits = index.search(query, 5);
  const top = hits[0]?.binding.name ?? "";
  const describe = await round(disc, `return await tools.$describe(${JSON.stringify(top)})`);
  rounds.push({
    query,
    searchTokens: search,
    describeTokens: describe,
    // What the round cost before: the same hits as full declarations.
    fullHitsTokens: roundWithValue(
      code,
      hits.map((h) => declareBindingAt(h.binding)),
    ),
    rank: hits.findIndex((h) => expect.includes(h.binding.name)) + 1,
  });
}
const discovery = {
  tools: tools.length,
  queries: rounds.length,
  searchRound: stats(rounds.map((r) => r.searchTokens)),
  describeRound: stats(rounds.map((r) => r.describeTokens)),
  searchRoundWithFullDeclarations: stats(rounds.map((r) => r.fullHitsTokens)),
  recallAt1: rounds.filter((r) => r.rank === 1).length,
  recallAt5: rounds.filter((r) => r.rank >= 1).length,
  misses: rounds.filter((r) => r.rank !== 1).map((r) => ({ query: r.query, rank: r.rank })),
  reference: referenceRecall(),
};
const typical = rounds.find((r) => r.query.startsWith("open https://")) ?? rounds[0];
if (typical === undefined) throw new Error("no queries");

const at = (n: number, mode: Row["mode"]): Row | undefined =>
  rows.find((r) => r.tools === n && r.mode === mode);
const estimateErrors = rows
  .filter((r) => r.estimatedTextTokens !== undefined)
  .map((r) => (r.estimatedTextTokens ?? 0) / r.codeModeTextTokens - 1);
/** The issue's goal: full mode this many percent below the pruned JSON at these sizes. */
const GOAL_PERCENT = 40;
const GOAL_SIZES = [50, 100];
/** At each goal size: what the goal allows, the floor, and what is left above it. */
const floorAgainstGoal = GOAL_SIZES.flatMap((n) => {
  const row = at(n, "full");
  if (row?.floorTokens === undefined) return [];
  const goalTokens = Math.floor((1 - GOAL_PERCENT / 100) * row.individualPrunedTokens);
  return [
    {
      tools: n,
      goalTokens,
      floorTokens: row.floorTokens,
      floorSavedPercent: saved(row.floorTokens, row.individualPrunedTokens),
      /** Tokens the goal leaves above the floor for types, marks, output types, notes. */
      leftAboveFloor: goalTokens - row.floorTokens,
      /** Tokens the full declaration spends above the floor. */
      spentAboveFloor: row.codeModeTokens - row.floorTokens,
    },
  ];
});
// Goals are reported, met or not; a failed check (a regression) fails the run.
const goals = [
  check(
    `full mode (every description, constraint and output type kept) ≥ ${GOAL_PERCENT}% below the pruned OpenAI JSON at ${GOAL_SIZES.join(" and ")} tools`,
    GOAL_SIZES.every((n) => (at(n, "full")?.savedPercentVsPruned ?? 0) >= GOAL_PERCENT),
  ),
  check(
    `full mode, input information only, ≥ ${GOAL_PERCENT}% below the pruned OpenAI JSON at ${GOAL_SIZES.join(" and ")} tools`,
    GOAL_SIZES.every((n) => (at(n, "full")?.savedPercentInputOnlyVsPruned ?? 0) >= GOAL_PERCENT),
  ),
];
const checks = [
  check(
    "discovery description < 300 tokens at every size",
    rows.filter((r) => r.mode === "discovery").every((r) => r.codeModeTextTokens < 300),
  ),
  check("discovery search round median < 600 tokens", discovery.searchRound.median < 600),
  check(
    `recall@5 on the ${discovery.reference.queries} reference intents ≥ 39 (as before)`,
    discovery.reference.recallAt5 >= 39,
  ),
  check(
    `recall@1 on the ${discovery.reference.queries} reference intents > 33 (before: 33)`,
    discovery.reference.recallAt1 > 33,
  ),
  check(
    "the token estimate is within 15% of o200k_base at every size",
    estimateErrors.every((e) => Math.abs(e) <= 0.15),
  ),
];

const report = {
  tokenizer: `o200k_base (gpt-tokenizer ${packageVersion("gpt-tokenizer")})`,
  catalogue: catalogue.about,
  servers: catalogue.servers.map((s) => {
    const at = s.server.lastIndexOf("@");
    return { name: s.server.slice(0, at), version: s.server.slice(at + 1), tools: s.tools };
  }),
  defaultDiscoveryTokenBudget: DEFAULT_DISCOVERY_TOKEN_BUDGET,
  ajvWarnings,
  stableDescriptionTokens: stableTokens,
  rows,
  goalPercent: GOAL_PERCENT,
  floorAgainstGoal,
  discoveryRound: {
    intent: typical.query,
    codeTokens: countTokens(
      JSON.stringify({ code: `return await tools.$search(${JSON.stringify(typical.query)})` }),
    ),
    resultTokens:
      typical.searchTokens -
      countTokens(
        JSON.stringify({ code: `return await tools.$search(${JSON.stringify(typical.query)})` }),
      ),
    medianOverIntents: discovery.searchRound.median,
  },
  discovery,
  goals,
  checks,
};
mkdirSync(resultsDir(), { recursive: true });
writeFileSync(new URL("tokens.json", resultsDir()), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(new URL("tokens.md", resultsDir()), markdown(report));
for (const doc of ["../../packages/core/README.md", "../../packages/core/docs/code-tool.md"])
  rewriteTable(new URL(doc, import.meta.url), readmeTable(report));
console.log(markdown(report));
if (checks.some((c) => !c.ok)) process.exitCode = 1;

// ---------------------------------------------------------------------------------------------

function resultsDir(): URL {
  return new URL("../results/", import.meta.url);
}

/** The servers in turn (one tool of each, then the next of each…), so every set mixes them. */
function interleave(all: McpTool[]): McpTool[] {
  const lists = new Map<string, McpTool[]>();
  for (const t of all) lists.set(t.server, [...(lists.get(t.server) ?? []), t]);
  const out: McpTool[] = [];
  const longest = Math.max(...[...lists.values()].map((l) => l.length));
  for (let i = 0; i < longest; i++)
    for (const list of lists.values()) if (i < list.length) out.push(list[i] as McpTool);
  return out;
}

/** Tokens of one model turn: the tool-call arguments plus the text the model gets back. */
async function round(tool: CodeTool, code: string): Promise<number> {
  const args = JSON.stringify({ code });
  const out = await tool.execute(args);
  if (out.isError) throw new Error(`round failed for ${code}: ${out.text}`);
  return countTokens(args) + countTokens(out.text);
}

/** Tokens of a search round whose result is `value`, formatted as the code tool formats it. */
function roundWithValue(code: string, value: unknown): number {
  const text = formatRunResult({
    status: "completed",
    exitCode: 0,
    stdout: "",
    stderr: "",
    value,
    stats: {
      wallMs: 0,
      cpuMs: 0,
      bindingCalls: 0,
      droppedOutputBytes: 0,
      replayedCalls: 0,
      executedCalls: 0,
    },
  });
  return countTokens(JSON.stringify({ code })) + countTokens(text);
}

function referenceRecall(): { queries: number; recallAt1: number; recallAt5: number } {
  const idx = createBindingIndex(
    referenceTools.map((t) => ({
      name: t.name,
      path: toJsPath(t.name),
      description: t.description ?? "",
      inputSchema: t.inputSchema,
    })),
  );
  let recallAt1 = 0;
  let recallAt5 = 0;
  for (const { query, expect } of referenceIntents) {
    const names = idx.search(query, 5).map((h) => h.binding.name);
    if (expect.includes(names[0] ?? "")) recallAt1++;
    if (names.some((n) => expect.includes(n))) recallAt5++;
  }
  return { queries: referenceIntents.length, recallAt1, recallAt5 };
}

/**
 * The least any declaration of `set` can cost that keeps every tool and field name, every
 * description and every enum value: those alone, one newline between items, no types, plus the
 * code tool's instructions (the first line of its description) and its function-tool JSON.
 * A field that occurs again with the same name and description is counted once (a declaration
 * can share it).
 */
function floorOf(set: McpTool[], tool: CodeTool): number {
  const lines: string[] = [];
  const fields = new Set<string>();
  const enums: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) for (const item of node) visit(item);
    else if (typeof node === "object" && node !== null) {
      const schema = node as Record<string, unknown>;
      if (Array.isArray(schema.enum)) enums.push(...schema.enum.map((v) => String(v)));
      for (const [key, value] of Object.entries(schema)) {
        if (key === "properties" && typeof value === "object" && value !== null) {
          for (const [name, field] of Object.entries(value)) {
            const f = (typeof field === "object" && field !== null ? field : {}) as Record<
              string,
              unknown
            >;
            const doc = f.description ?? f.title;
            fields.add(typeof doc === "string" ? `${name} ${doc}` : name);
            visit(field);
          }
        } else visit(value);
      }
    }
  };
  for (const t of set) {
    lines.push(t.description === undefined ? t.name : `${t.name} ${t.description}`);
    visit(pruneUnusedDefs(t.inputSchema));
  }
  const instructions = tool.description.slice(0, tool.description.indexOf("\n"));
  return (
    countTokens(JSON.stringify([...lines, ...fields].join("\n"))) +
    countTokens(JSON.stringify(enums.join("|"))) +
    countTokens(JSON.stringify([openAiCodeTool({ ...tool, description: instructions })]))
  );
}

/** Every `description` (and `title`) string inside a schema. */
function descriptionsIn(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) descriptionsIn(item, out);
  else if (typeof node === "object" && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if ((key === "description" || key === "title") && typeof value === "string") out.push(value);
      else descriptionsIn(value, out);
    }
  }
  return out;
}

function stats(values: number[]): { median: number; p90: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const pick = (q: number): number =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { median: pick(0.5), p90: pick(0.9), max: sorted[sorted.length - 1] ?? 0 };
}

function isDiscovery(tool: CodeTool): boolean {
  return tool.description.includes("$search(query:");
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
  const d = r.discovery;
  const lines = [
    "# Token benchmark",
    "",
    `Tokenizer: ${r.tokenizer}. Catalogue: ${d.tools} tools of ${r.servers.length} MCP servers from npm (${r.servers.map((s) => `${s.name}@${s.version} (${s.tools})`).join(", ")}), ${r.catalogue} Sets of 10 to ${d.tools} take the servers in turn. Generated by \`pnpm bench:tokens\`.`,
    "",
    "- **individual**: the tools as OpenAI function tools, compact JSON, schemas as the servers send them; **pruned**: the same with unused `$defs` removed (the fair baseline).",
    "- **MCP**: the same tools as a `tools/list` result (`name`, `description`, `inputSchema`, `outputSchema`).",
    "- **code mode**: the single code tool as an OpenAI function tool. *Full* declares every tool with every description, constraint and output type; *input only* leaves out output types (the information the individual tools carry); *discovery* declares `tools.$search` / `tools.$describe` only.",
    `- **default**: the mode \`createCodeTool\` picks (discovery when the declaration is estimated above ${r.defaultDiscoveryTokenBudget} tokens). **constraints**: tokens the constraint notes (\`≥1\`, \`length ≤64\`, \`pattern …\`) add. **estimate**: \`estimateTokens\` of the description, which the switch uses.`,
    "",
    "| tools | mode | default | individual | pruned | MCP | code mode | saved vs pruned | saved vs sent | input only | saved vs pruned (input only) | description text | constraints | estimate | descriptions alone (most any format can save) | floor (most a declaration can save) |",
    "|---:|---|:-:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const row of r.rows) {
    const opt = (v: number | undefined, suffix = ""): string =>
      v === undefined ? "" : `${v}${suffix}`;
    lines.push(
      `| ${row.tools} | ${row.mode} | ${row.isDefault ? "✓" : ""} | ${row.individualTokens} | ${row.individualPrunedTokens} | ${row.mcpTokens} | ${row.codeModeTokens} | ${row.savedPercentVsPruned}% | ${row.savedPercent}% | ${opt(row.codeModeInputOnlyTokens)} | ${opt(row.savedPercentInputOnlyVsPruned, "%")} | ${row.codeModeTextTokens} | ${opt(row.constraintTokens)} | ${opt(row.estimatedTextTokens)} | ${row.descriptionTokens === undefined ? "" : `${row.descriptionTokens} (${saved(row.descriptionTokens, row.individualPrunedTokens)}%)`} | ${row.floorTokens === undefined ? "" : `${row.floorTokens} (${saved(row.floorTokens, row.individualPrunedTokens)}%)`} |`,
    );
  }
  lines.push(
    "",
    `The \`stable\` mode (for prompt caching: the same description whatever the catalogue) costs ${r.stableDescriptionTokens} tokens as a function tool. Compiling the catalogue's schemas, ajv warned ${r.ajvWarnings} times (unknown formats); those now go to \`rt.diagnostics\`.`,
    "",
    `## Discovery on all ${d.tools} tools, ${d.queries} written queries`,
    "",
    "A round is the tokens of the model's tool-call arguments plus the text it gets back.",
    "",
    "| round | median | p90 | max |",
    "|---|---:|---:|---:|",
    `| \`tools.$search(query)\` (compact hits) | ${d.searchRound.median} | ${d.searchRound.p90} | ${d.searchRound.max} |`,
    `| the same hits as full declarations (before) | ${d.searchRoundWithFullDeclarations.median} | ${d.searchRoundWithFullDeclarations.p90} | ${d.searchRoundWithFullDeclarations.max} |`,
    `| \`tools.$describe(top hit)\` | ${d.describeRound.median} | ${d.describeRound.p90} | ${d.describeRound.max} |`,
    "",
    `Recall on the catalogue queries: @1 ${d.recallAt1}/${d.queries}, @5 ${d.recallAt5}/${d.queries}. On the earlier ${d.reference.queries} intents over the 36 reference tools: @1 ${d.reference.recallAt1}/${d.reference.queries}, @5 ${d.reference.recallAt5}/${d.reference.queries}.`,
    "",
    "Not first (rank 0: not in the first five):",
    "",
    ...d.misses.map((m) => `- ${JSON.stringify(m.query)}: rank ${m.rank}`),
    "",
    "Goals (reported, met or not):",
    "",
    ...r.goals.map((c) => `- ${c.ok ? "✓" : "✗"} ${c.name}`),
    "",
    "The floor against the goal:",
    "",
    ...r.floorAgainstGoal.map((f) => `- ${floorSentence(f, r.goalPercent)}`),
    "",
    "Checks (a failed one fails the run):",
    "",
    ...r.checks.map((c) => `- ${c.ok ? "✓" : "✗"} ${c.name}`),
    "",
  );
  return lines.join("\n");
}

/** One goal size's floor figures as a sentence. */
function floorSentence(f: (typeof floorAgainstGoal)[number], goalPercent: number): string {
  return `${f.tools} tools: ${goalPercent}% below the pruned JSON is ≤ ${f.goalTokens} tokens and the floor is ${f.floorTokens} (−${f.floorSavedPercent}%), which leaves ${f.leftAboveFloor} tokens for every type, optional mark, comment mark, output type, default and constraint; the full declaration spends ${f.spentAboveFloor} on them.`;
}

/** The README's token table: one row per set size, both modes, against both baselines. */
function readmeTable(r: typeof report): string {
  const n = (v: number): string => v.toLocaleString("en-US");
  const lines = [
    "| tools | OpenAI JSON as sent | pruned | MCP | code tool, full (input only), vs pruned | discovery | default | floor |",
    "|---:|---:|---:|---:|---:|---:|:-:|---:|",
  ];
  for (const full of r.rows.filter((row) => row.mode === "full")) {
    const disc = r.rows.find((row) => row.tools === full.tools && row.mode === "discovery");
    if (disc === undefined) continue;
    lines.push(
      `| ${full.tools} | ${n(full.individualTokens)} | ${n(full.individualPrunedTokens)} | ${n(full.mcpTokens)} | ${n(full.codeModeTokens)} −${full.savedPercentVsPruned}% (${n(full.codeModeInputOnlyTokens ?? 0)} −${full.savedPercentInputOnlyVsPruned}%) | ${n(disc.codeModeTokens)} | ${full.isDefault ? "full" : "discovery"} | ${n(full.floorTokens ?? 0)} −${saved(full.floorTokens ?? 0, full.individualPrunedTokens)}% |`,
    );
  }
  const d = r.discovery;
  lines.push(
    "",
    `Floor and the ${r.goalPercent}% goal: ${r.floorAgainstGoal.map((f) => floorSentence(f, r.goalPercent)).join(" ")}`,
    "",
    `Discovery on all ${d.tools} tools: a \`tools.$search\` round (call and result) costs a median ${d.searchRound.median} tokens (max ${d.searchRound.max}; ${d.searchRoundWithFullDeclarations.median} with full declarations as hits, as before), a \`tools.$describe\` round ${d.describeRound.median}; recall@1 ${d.recallAt1}/${d.queries}, recall@5 ${d.recallAt5}/${d.queries}. The \`stable\` description costs ${r.stableDescriptionTokens} tokens.`,
  );
  return lines.join("\n");
}

/** Replaces the text between `<!-- tokens:start -->` and `<!-- tokens:end -->` in `file`. */
function rewriteTable(file: URL, table: string): void {
  if (!existsSync(file)) return;
  const text = readFileSync(file, "utf8");
  const start = "<!-- tokens:start -->";
  const end = "<!-- tokens:end -->";
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a === -1 || b < a) throw new Error(`${file.pathname}: no ${start} … ${end} markers`);
  writeFileSync(file, `${text.slice(0, a + start.length)}\n${table}\n${text.slice(b)}`);
}
