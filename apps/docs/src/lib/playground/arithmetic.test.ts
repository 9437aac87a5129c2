import { describe, expect, it } from "vitest";
import { evaluateArithmetic } from "./arithmetic.ts";

describe("evaluateArithmetic", () => {
  it.each([
    ["14 * 5 / 9", (14 * 5) / 9],
    ["1 + 2 * 3", 7],
    ["(1 + 2) * 3", 9],
    ["-2 ** 2", -4],
    ["2 ** 3 ** 2", 512],
    ["10 % 4 - -1", 3],
    [" .5e1 + 1.25 ", 6.25],
    ["(61 + 75) / 2", 68],
  ])("evaluates %s like JavaScript does", (expression, expected) => {
    expect(evaluateArithmetic(expression)).toBe(expected);
  });

  it("gives the seed example's celsius difference exactly", () => {
    expect(evaluateArithmetic("14 * 5 / 9")).toBe(7.777777777777778);
  });

  it.each([
    ["process.exit()", 'unexpected "p" at column 1'],
    ["1 + alert(1)", 'unexpected "a" at column 5'],
    ["(1 + 2", 'expected ")" at the end'],
    ["1 +", "expected a number or ( at the end"],
    ["1 2", 'unexpected token at column 3, found "2"'],
    ["", "expression is empty"],
    ["   ", "expression is empty"],
  ])("refuses %j with a message saying where", (expression, message) => {
    expect(() => evaluateArithmetic(expression)).toThrow(message);
  });

  it("refuses very long and very deeply nested expressions", () => {
    expect(() => evaluateArithmetic(`${"1+".repeat(600)}1`)).toThrow("longer than 1000");
    expect(() => evaluateArithmetic(`${"(".repeat(200)}1${")".repeat(200)}`)).toThrow(
      "nested too deeply",
    );
  });
});
