import { describe, expect, it } from "vitest";
import { readResultsFile } from "./bench-results.ts";
import { defaultRows, liveToolCount, parseTokenResults } from "./token-results.ts";

const row = (tools: number, mode: string, isDefault: boolean, codeModeTokens: number) => ({
  tools,
  mode,
  isDefault,
  individualTokens: tools * 100,
  mcpTokens: tools * 150,
  codeModeTokens,
  codeModeTextTokens: codeModeTokens - 70,
  savedPercent: 50,
});

const doc = {
  tokenizer: "o200k_base",
  servers: [
    { name: "a", version: "1", tools: 4 },
    { name: "b", version: "2", tools: 6 },
  ],
  defaultDiscoveryThreshold: 40,
  rows: [row(50, "full", false, 3000), row(10, "full", true, 800), row(50, "discovery", true, 251)],
  checks: [{ name: "small", ok: true }],
};

describe("parseTokenResults", () => {
  it("reads every row, with optional fields left undefined when absent", () => {
    const results = parseTokenResults(doc);
    expect(results.rows).toHaveLength(3);
    expect(results.rows[0]).toMatchObject({ tools: 50, codeModeTokens: 3000 });
    expect(results.rows[0]?.codeModeInputOnlyTokens).toBeUndefined();
    expect(results.discoveryRound).toBeUndefined();
    expect(results.checks).toEqual([{ name: "small", ok: true }]);
  });

  it("reads the discovery measurements and goals when present", () => {
    const round = { median: 247, p90: 365, max: 526 };
    const results = parseTokenResults({
      ...doc,
      defaultDiscoveryTokenBudget: 4000,
      discovery: {
        tools: 182,
        queries: 52,
        searchRound: round,
        describeRound: round,
        searchRoundWithFullDeclarations: round,
        recallAt1: 45,
        recallAt5: 52,
      },
      goals: [{ name: "40% below", ok: false }],
      rows: [{ ...row(50, "full", false, 5280), floorTokens: 3969 }],
      goalPercent: 40,
      floorAgainstGoal: [
        {
          tools: 50,
          goalTokens: 4608,
          floorTokens: 3969,
          leftAboveFloor: 639,
          spentAboveFloor: 1311,
        },
      ],
    });
    expect(results.rows[0]?.floorTokens).toBe(3969);
    expect(results.goalPercent).toBe(40);
    expect(results.floorAgainstGoal).toEqual([
      {
        tools: 50,
        goalTokens: 4608,
        floorTokens: 3969,
        leftAboveFloor: 639,
        spentAboveFloor: 1311,
      },
    ]);
    expect(parseTokenResults(doc).floorAgainstGoal).toEqual([]);
    expect(results.defaultDiscoveryTokenBudget).toBe(4000);
    expect(results.discovery).toMatchObject({ recallAt1: 45, searchRound: { median: 247 } });
    expect(results.goals).toEqual([{ name: "40% below", ok: false }]);
    expect(() =>
      parseTokenResults({ ...doc, discovery: { tools: 1, queries: 1 } }, "tokens.json"),
    ).toThrow(/discovery\.searchRound/);
  });

  it("lists every field that does not fit, naming the file", () => {
    const broken = {
      ...doc,
      tokenizer: 7,
      rows: [{ ...row(10, "full", true, 800), savedPercent: "50%" }, { tools: 25 }],
    };
    expect(() => parseTokenResults(broken, "tokens.json")).toThrow(
      /tokens\.json does not have the format[\s\S]*tokenizer: expected a string, got number[\s\S]*rows\[0\]\.savedPercent: expected a number, got string[\s\S]*rows\[1\]\.mode: expected a string, got undefined/,
    );
  });

  it("refuses a file without rows", () => {
    expect(() => parseTokenResults({ ...doc, rows: [] }, "tokens.json")).toThrow(
      'tokens.json: "rows" is empty',
    );
  });

  it("reads the file the token benchmark wrote", () => {
    const file = readResultsFile("tokens.json");
    if (!file) return; // before `pnpm bench:tokens` ran the pages say "not yet measured"
    const results = parseTokenResults(file.data, file.path);
    expect(results.rows.length).toBeGreaterThan(0);
    expect(defaultRows(results).length).toBeGreaterThan(0);
  });
});

describe("defaultRows", () => {
  it("keeps the modes createCodeTool picks, smallest set first", () => {
    const rows = defaultRows(parseTokenResults(doc));
    expect(rows.map((r) => [r.tools, r.mode])).toEqual([
      [10, "full"],
      [50, "discovery"],
    ]);
  });
});

describe("liveToolCount", () => {
  it("adds up the tools of the measured servers", () => {
    expect(liveToolCount(parseTokenResults(doc))).toBe(10);
  });
});
