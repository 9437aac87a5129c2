import { toJsPath } from "@isobind/core";
import { describe, expect, it } from "vitest";
import { bindingNamesFor, sanitizeToolSegment } from "./tool-names.ts";

describe("sanitizeToolSegment", () => {
  it.each([
    ["create_entities", "create_entities"],
    ["get-sum", "get-sum"],
    ["weird name/with:chars", "weird_name_with_chars"],
    ["admin.list", "admin_list"],
    ["", "_"],
  ])("maps %j to %j", (input, expected) => {
    expect(sanitizeToolSegment(input, 100)).toBe(expected);
  });
});

describe("bindingNamesFor", () => {
  it("prefixes the server and keeps the original name as the key", () => {
    const names = bindingNamesFor("fs", ["read_file", "list dir"]);
    expect([...names]).toEqual([
      ["read_file", "fs.read_file"],
      ["list dir", "fs.list_dir"],
    ]);
  });

  it("adds a suffix when two tools would reach the same guest path", () => {
    const names = bindingNamesFor("s", ["get-x", "get_x", "get x"]);
    const bindings = [...names.values()];
    expect(bindings).toEqual(["s.get-x", "s.get_x_2", "s.get_x_3"]);
    expect(new Set(bindings.map((b) => toJsPath(b).join("."))).size).toBe(3);
  });

  it("keeps binding names within 128 characters", () => {
    const long = "t".repeat(300);
    const [name] = bindingNamesFor("server", [long]).values();
    expect(name?.length).toBe(128);
  });
});
