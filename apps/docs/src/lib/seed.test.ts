import { describe, expect, it } from "vitest";
import {
  quickstartExpectation,
  quickstartGuestCode,
  seedExpectation,
  seedGuestCode,
} from "./seed.ts";

describe("seedGuestCode", () => {
  it("extracts the guest program from the real seed example with its escapes undone", () => {
    const code = seedGuestCode();
    expect(code.startsWith("const [sf, tokyo] = await Promise.all([")).toBe(true);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the guest's own template literal
    expect(code).toContain('callBinding("calculate", { expression: `${diffF} * 5 / 9` })');
    expect(code).toContain("globalThis.__return({");
    expect(code).not.toContain("\\`");
  });

  it("refuses a source without llmGeneratedCode", () => {
    expect(() => seedGuestCode("const other = `x`;")).toThrow(
      'cannot find "const llmGeneratedCode',
    );
  });

  it("refuses a guest program that interpolates host values", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an unescaped host interpolation
    expect(() => seedGuestCode("const llmGeneratedCode = `a ${b}`;")).toThrow(
      "interpolates host values",
    );
  });
});

describe("seedExpectation", () => {
  it("parses the seed's expected output", () => {
    const { stdout, valueJson } = seedExpectation();
    expect(stdout).toBe("chained 3 binding calls in one sandbox execution");
    expect(JSON.parse(valueJson)).toEqual({
      san_francisco: { temp_f: 61 },
      tokyo: { temp_f: 75 },
      difference: { fahrenheit: 14, celsius: 7.777777777777778 },
      warmer: "Tokyo",
    });
  });

  it("refuses text in another format", () => {
    expect(() => seedExpectation("exitCode: 1\n")).toThrow("unexpected format");
  });
});

describe("quickstartGuestCode and quickstartExpectation", () => {
  it("extracts the quickstart's guest program, which returns its result", () => {
    const code = quickstartGuestCode();
    expect(code.startsWith("const [sf, tokyo] = await Promise.all([")).toBe(true);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the guest's own template literal
    expect(code).toContain("tools.calculate({ expression: `${diffF} * 5 / 9` })");
    expect(code).toContain("return {");
  });

  it("parses the quickstart's expected output", () => {
    const { stdout, valueJson } = quickstartExpectation();
    expect(stdout).toBe("chained 3 binding calls in one sandbox execution");
    expect(JSON.parse(valueJson)).toEqual({
      difference: { fahrenheit: 14, celsius: 7.777777777777778 },
      warmer: "Tokyo",
    });
  });

  it("refuses text in another format", () => {
    expect(() => quickstartExpectation("exitCode: 0\n")).toThrow("unexpected format");
  });
});
