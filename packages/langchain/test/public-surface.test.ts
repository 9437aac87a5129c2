/**
 * The runtime exports of `@isobind/langchain`, so that any change to the public surface shows up as a
 * diff of this file's snapshot.
 */
import { expect, it } from "vitest";
import * as surface from "../src/index.ts";

it("keeps the public surface of @isobind/langchain", () => {
  expect(Object.keys(surface).sort()).toMatchInlineSnapshot(`
    [
      "CodeModeTool",
      "bindingsFromLangChainTools",
      "createCodeModeTool",
    ]
  `);
});
