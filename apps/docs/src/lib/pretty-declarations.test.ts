import { describe, expect, it } from "vitest";
import { prettyDeclarations, splitDescription } from "./pretty-declarations.ts";

const compact =
  "declare const tools:{/** Look up the weather */getWeather(input:{/** City name */city:string}):Promise<{temp_f:number}>}";

describe("prettyDeclarations", () => {
  it("lays the declarations out one member per line, comments kept", () => {
    expect(prettyDeclarations(compact)).toBe(
      [
        "declare const tools: {",
        "  /** Look up the weather */",
        "  getWeather(input: {",
        "    /** City name */",
        "    city: string",
        "  }): Promise<{",
        "    temp_f: number",
        "  }>",
        "}",
      ].join("\n"),
    );
  });

  it("changes only whitespace, and keeps strings and unions intact", () => {
    const source =
      "type A={state:'open'|'closed',tags?:(string|number)[]};\ndeclare const tools:{a(input?:{}):Promise<A>;b:{c(input:A):Promise<unknown>}}";
    const pretty = prettyDeclarations(source);
    expect(pretty.replace(/\s/g, "")).toBe(source.replace(/\s/g, "").replace(/,(?=tags)/, ";"));
    expect(pretty).toContain("state: 'open' | 'closed';");
    expect(pretty).toContain("a(input?: {}): Promise<A>;");
  });
});

describe("splitDescription", () => {
  it("splits the instructions from the declarations", () => {
    const parts = splitDescription(`Runs JavaScript.\nNo require.\n${compact}`);
    expect(parts.prose).toBe("Runs JavaScript.\nNo require.");
    expect(parts.declarations.startsWith("declare const tools: {\n")).toBe(true);
  });
});
