import { describe, expect, it } from "vitest";
import { extractRegion } from "./regions.ts";

const source = [
  "import x from 'y';",
  "",
  "//#region setup",
  "  const a = 1;",
  "  //#region inner",
  "  const b = 2;",
  "  //#endregion",
  "//#endregion",
  "",
  "// #region tail",
  "console.log(a + b);",
  "// #endregion",
  "",
].join("\n");

describe("extractRegion", () => {
  it("returns the dedented lines of a region without nested markers", () => {
    expect(extractRegion(source, "f.ts", "setup")).toBe("const a = 1;\nconst b = 2;");
  });

  it("returns a nested region on its own", () => {
    expect(extractRegion(source, "f.ts", "inner")).toBe("const b = 2;");
  });

  it("accepts a space between // and #region", () => {
    expect(extractRegion(source, "f.ts", "tail")).toBe("console.log(a + b);");
  });

  it("returns the whole file without markers or blank edges when no region is named", () => {
    expect(extractRegion(source, "f.ts")).toBe(
      "import x from 'y';\n\n  const a = 1;\n  const b = 2;\n\nconsole.log(a + b);",
    );
  });

  it("names the file and the regions it has when the region does not exist", () => {
    expect(() => extractRegion(source, "f.ts", "nope")).toThrow(
      'f.ts: no region "nope" (regions in the file: "setup", "inner", "tail")',
    );
  });

  it("reports a region that is never closed", () => {
    expect(() => extractRegion("//#region open\nx", "g.ts", "open")).toThrow(
      'g.ts: region "open" is never closed',
    );
  });
});
