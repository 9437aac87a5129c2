// The quickstart's safe evaluator: JavaScript's arithmetic for what it accepts, a SyntaxError
// naming the problem for anything else, and never a way to reach the host.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { evaluateArithmetic } from "./arithmetic.ts";

describe("evaluateArithmetic", () => {
  const cases: [string, number][] = [
    ["14 * 5 / 9", (14 * 5) / 9],
    ["1 + 2 * 3", 7],
    ["(1 + 2) * 3", 9],
    ["2 ** 3 ** 2", 512],
    ["-2 ** 2", -4],
    ["--3", 3],
    ["7 % 4 - .5", 2.5],
    ["1e3 / 8", 125],
    ["1 / 0", Number.POSITIVE_INFINITY],
  ];
  for (const [expression, expected] of cases) {
    it(`evaluates ${expression}`, () => assert.equal(evaluateArithmetic(expression), expected));
  }

  const rejected: [string, RegExp][] = [
    ["process.exit(1)", /expected a number or \(, found "p"/],
    ["globalThis", /found "g"/],
    ["1 + ", /expected a number or \(, found the end/],
    ["(1 + 2", /expected "\)", found the end/],
    ["1 2", /expected an operator, found "2"/],
    ["", /expected a number or \(, found the end/],
    ["(".repeat(200) + "1" + ")".repeat(200), /nested too deeply/],
    ["1+".repeat(600) + "1", /longer than 1000 characters/],
  ];
  for (const [expression, message] of rejected) {
    it(`rejects ${JSON.stringify(expression.slice(0, 20))}`, () =>
      assert.throws(() => evaluateArithmetic(expression), { name: "SyntaxError", message }));
  }
});
