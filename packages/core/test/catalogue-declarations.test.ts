/**
 * Snapshots of what the model reads for real tools: the full declaration of a sample of the
 * 182-tool catalogue (one tool of each server, plus three Kubernetes tools that share fields),
 * and the search-hit outline and `$describe` text of each. A change to the generated text shows
 * up here as a diff to review.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { toJsPath } from "../src/bindings/names.ts";
import {
  declareBindingAt,
  generateDeclarations,
  outlineBinding,
} from "../src/code-tool/declarations.ts";
import type { BindingInfo, JsonSchema } from "../src/types.ts";

const catalogue = JSON.parse(
  readFileSync(new URL("./fixtures/mcp-catalogue.json", import.meta.url), "utf8"),
) as {
  tools: {
    server: string;
    name: string;
    description?: string;
    inputSchema: JsonSchema;
    outputSchema?: JsonSchema;
  }[];
};

const bindings: BindingInfo[] = catalogue.tools.map((t) => ({
  name: t.name,
  path: toJsPath(t.name),
  description: t.description ?? "",
  inputSchema: t.inputSchema,
  ...(t.outputSchema === undefined ? {} : { outputSchema: t.outputSchema }),
}));
const servers = [...new Set(catalogue.tools.map((t) => t.server))];
const sample = [
  ...servers.map((s) => {
    const i = catalogue.tools.findIndex((t) => t.server === s);
    return bindings[i] as BindingInfo;
  }),
  ...bindings.filter((b) => ["kubectl_get", "kubectl_logs", "kubectl_scale"].includes(b.name)),
  ...bindings.filter((b) => ["browser_close", "read_text_file", "API-post-page"].includes(b.name)),
];

describe("declarations of real tools", () => {
  it("declares a sample of the catalogue (one tool per server, shared fields)", () => {
    expect(sample).toHaveLength(servers.length + 6);
    expect(generateDeclarations(sample)).toMatchSnapshot();
  });

  it("outlines each for search hits and declares each in full for $describe", () => {
    expect(sample.map((b) => outlineBinding(b))).toMatchSnapshot();
    expect(sample.map((b) => declareBindingAt(b))).toMatchSnapshot();
  });
});
