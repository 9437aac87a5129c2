import { describe, expect, it } from "vitest";
import { formatCell, toSections } from "./bench-results.ts";

describe("toSections", () => {
  it("turns scalar fields into facts and arrays of objects into tables", () => {
    const sections = toSections(
      {
        tokenizer: "o200k_base",
        sizes: [
          { tools: 10, json: 1094, code: 629 },
          { tools: 50, json: 5346, note: "interleaved" },
        ],
      },
      "tokens.json",
    );
    expect(sections).toEqual([
      { kind: "facts", title: "tokens.json", facts: [["tokenizer", "o200k_base"]] },
      {
        kind: "table",
        title: "tokens.json › sizes",
        columns: ["tools", "json", "code", "note"],
        numeric: [true, true, true, false],
        rows: [
          [10, 1094, 629, null],
          [50, 5346, null, "interleaved"],
        ],
        max: [50, 5346, 629, 0],
      },
    ]);
  });

  it("recurses into nested objects with a path title", () => {
    const sections = toSections({ run: { cold: { ms: 12.5 } } }, "runtime.json");
    expect(sections).toEqual([
      { kind: "facts", title: "runtime.json › run › cold", facts: [["ms", 12.5]] },
    ]);
  });

  it("joins arrays of scalars into one fact", () => {
    expect(toSections({ servers: ["memory", "everything"] }, "x")).toEqual([
      { kind: "facts", title: "x", facts: [["servers", "memory, everything"]] },
    ]);
  });
});

describe("formatCell", () => {
  it.each([
    [null, "—"],
    [12345, "12,345"],
    [1.23456, "1.23"],
    ["text", "text"],
  ])("prints %j as %j", (cell, text) => {
    expect(formatCell(cell)).toBe(text);
  });
});
