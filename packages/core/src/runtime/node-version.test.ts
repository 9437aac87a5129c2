import { describe, expect, it } from "vitest";
import { unsupportedNodeReason } from "./node-version.ts";

describe("unsupportedNodeReason", () => {
  it.each(["v24.21.0", "24.0.0", "v26.1.0"])("accepts %s", (version) => {
    expect(unsupportedNodeReason(version)).toBeUndefined();
  });

  it.each(["v20.20.2", "v22.12.0", "18.0.0"])("explains why %s cannot run isobind", (version) => {
    expect(unsupportedNodeReason(version)).toBe(
      `@isobind/core needs Node.js 24 or later (isolated-vm 7 ships binaries for Node 24 and 26); this process runs Node ${version.replace(/^v/, "")}`,
    );
  });
});
