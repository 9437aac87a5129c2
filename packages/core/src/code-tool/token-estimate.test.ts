import { describe, expect, it } from "vitest";
import { estimateTokens } from "./token-estimate.ts";

describe("estimateTokens", () => {
  it("counts word pieces, digit groups and punctuation runs, not characters", () => {
    expect(estimateTokens("")).toBe(0);
    // get|Weather|(|input|:{|city|:|string|}): about what o200k_base makes of it (8).
    expect(estimateTokens("getWeather(input:{city:string})")).toBe(9);
    expect(estimateTokens("the quick brown fox")).toBe(4);
    expect(estimateTokens("12345678")).toBe(3);
  });

  it("grows with the text: ten times the declaration, ten times the estimate", () => {
    const one =
      "/** Look up the weather */getWeather(input:{/** City */city:string}):Promise<unknown>;";
    expect(estimateTokens(one.repeat(10))).toBe(10 * estimateTokens(one));
  });
});
