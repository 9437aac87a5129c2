/**
 * The runtime exports of `@isobind/core` and `@isobind/core/internal`, so that any change to the
 * public surface shows up as a diff of this file's snapshots.
 */
import { describe, expect, it } from "vitest";
import * as core from "../src/index.ts";
import * as internal from "../src/internal.ts";

describe("public surface", () => {
  it("of @isobind/core", () => {
    expect(Object.keys(core).sort()).toMatchInlineSnapshot(`
      [
        "BINDING_NAME_PATTERN",
        "DEFAULT_DISCOVERY_THRESHOLD",
        "DEFAULT_LIMITS",
        "ERROR_CODES",
        "InvalidOptionsError",
        "IsobindError",
        "MAX_BINDING_NAME_LENGTH",
        "NodeRuntime",
        "RuntimeDisposedError",
        "SandboxUnavailableError",
        "UpstreamError",
        "buildNameMap",
        "createBindingIndex",
        "createCodeTool",
        "declareBinding",
        "formatRunResult",
        "generateDeclarations",
        "normalizeCode",
        "toJsIdentifier",
        "toJsPath",
      ]
    `);
  });

  it("of @isobind/core/internal", () => {
    expect(Object.keys(internal).sort()).toMatchInlineSnapshot(`
      [
        "BINDING_NAME_PATTERN",
        "MAX_BINDING_NAME_LENGTH",
        "TOOL_NAME_PATTERN",
        "TOOL_NAME_RULE",
        "checkCodeTool",
        "checkNamespace",
        "codedMessage",
        "errorMessage",
        "hasErrorBrand",
        "isCodeTool",
        "namespacedName",
        "toJsIdentifier",
      ]
    `);
  });
});
