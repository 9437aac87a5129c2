import { describe, expect, it } from "vitest";
import { firstSentence, parseExportIndex } from "./api-index.ts";

describe("parseExportIndex", () => {
  it("reads each kind's table into exports with plain-text summaries", () => {
    const markdown = [
      "## Classes",
      "",
      "| Class | Description |",
      "| ------ | ------ |",
      "| [NodeRuntime](/api/core/classes/noderuntime/) | A runtime. It runs code. |",
      "",
      "## Functions",
      "",
      "| Function | Description |",
      "| ------ | ------ |",
      "| [createCodeTool](/api/core/functions/createcodetool/) | Creates the tool for [CodeToolRuntime](/x/) \\| more. |",
      "| [noDoc](/api/core/functions/nodoc/) | - |",
    ].join("\n");
    expect(parseExportIndex(markdown)).toEqual([
      {
        kind: "Classes",
        name: "NodeRuntime",
        href: "/api/core/classes/noderuntime/",
        summary: "A runtime.",
      },
      {
        kind: "Functions",
        name: "createCodeTool",
        href: "/api/core/functions/createcodetool/",
        summary: "Creates the tool for CodeToolRuntime | more.",
      },
      { kind: "Functions", name: "noDoc", href: "/api/core/functions/nodoc/", summary: "-" },
    ]);
  });
});

describe("firstSentence", () => {
  it("stops at the first full stop outside code", () => {
    expect(firstSentence("Runs `a. b` code. Then more.")).toBe("Runs `a. b` code.");
    expect(firstSentence("No stop")).toBe("No stop");
  });
});
