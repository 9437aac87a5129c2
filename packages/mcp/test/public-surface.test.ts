/**
 * The runtime exports of `@isobind/mcp`, so that any change to the public surface shows up as a
 * diff of this file's snapshot.
 */
import { expect, it } from "vitest";
import * as surface from "../src/index.ts";

it("keeps the public surface of @isobind/mcp", () => {
  expect(Object.keys(surface).sort()).toMatchInlineSnapshot(`
    [
      "McpConfigError",
      "RUN_RESULT_OUTPUT_SCHEMA",
      "bindingsFromMcpServers",
      "connectMcpServers",
      "createCodeModeServer",
      "createMcpCodeMode",
      "handleStatelessMcpRequest",
      "loadMcpServersConfig",
      "parseMcpServersConfig",
      "serveStdio",
      "serveStreamableHttp",
    ]
  `);
});
