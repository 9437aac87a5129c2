import { describe, expect, it } from "vitest";
import { normalizeCode } from "./normalize.ts";

function ok(input: unknown, language?: "javascript" | "typescript") {
  const r = normalizeCode(input, language);
  if (!r.ok) throw new Error(`expected ok, got: ${r.message}`);
  return r;
}

function refused(input: unknown) {
  const r = normalizeCode(input);
  if (r.ok) throw new Error(`expected a refusal, got code: ${r.code}`);
  return r;
}

describe("normalizeCode", () => {
  it("passes plain code through untouched", () => {
    const r = ok({ code: "const a = 1;\nreturn a;" });
    expect(r).toEqual({
      ok: true,
      code: "const a = 1;\nreturn a;",
      language: "javascript",
      rewrites: [],
    });
  });

  it("accepts the raw JSON text of the tool arguments", () => {
    expect(ok('{"code":"return 1"}').code).toBe("return 1");
  });

  it("takes a string that is not a JSON object as the code itself", () => {
    expect(ok("return 2").code).toBe("return 2");
  });

  it.each<[string, unknown, RegExp]>([
    ["a number", 5, /must be an object \{ code: string \}, got a number/],
    ["null", null, /got null/],
    ["an array", [1], /got an array/],
    ["an object without code", { source: "x" }, /no "code" field \(it has "source"\)/],
    [
      "code that is not a string",
      { code: 42 },
      /"code" must be a string of JavaScript, got a number/,
    ],
    ["empty code", { code: "  \n " }, /"code" is empty/],
  ])("refuses %s with a clear message", (_label, input, message) => {
    const r = refused(input);
    expect(r.reason).toBe("input");
    expect(r.message).toMatch(message);
  });

  it("strips a Markdown fence and keeps line numbers", () => {
    const r = ok({ code: "```javascript\nconst a = 1;\nreturn a;\n```" });
    expect(r.code).toBe("\nconst a = 1;\nreturn a;");
    expect(r.code.split("\n")[2]).toBe("return a;");
    expect(r.rewrites).toEqual(["markdown fence"]);
  });

  it("switches to TypeScript for a ts fence", () => {
    const r = ok({ code: "```ts\nconst a: number = 1;\nreturn a;\n```" });
    expect(r.language).toBe("typescript");
  });

  it("calls an `export default async` arrow and returns its result", () => {
    const r = ok({ code: "export default async () => {\n  return 1;\n};" });
    expect(r.code).toBe("return await (async () => {\n  return 1;\n}\n)();");
    expect(r.rewrites).toEqual(["export default", "function called"]);
  });

  it.each([
    "async () => { return await tools.x({}); }",
    "async function main() { return 1 }",
    "async () => 42",
    "() => 42",
  ])("calls the bare function expression %s", (code) => {
    const r = ok({ code });
    expect(r.code.startsWith("return await (")).toBe(true);
    expect(r.code.endsWith("\n)();")).toBe(true);
    expect(() => new Function(`return (async () => { ${r.code} })`)).not.toThrow();
  });

  it("leaves code alone when a function is only its first statement", () => {
    const code = "async function main() { return 1 }\nreturn await main();";
    expect(ok({ code }).code).toBe(code);
  });

  it.each([
    ["ls -la /tmp", "shell"],
    ["$ cat notes.txt", "shell"],
    ["#!/bin/bash\necho hi", "shell"],
    ['echo "hello"', "shell"],
    ["git status", "shell"],
    ["```bash\nls\n```", "shell"],
    ["import os\nprint(os.listdir('.'))", "Python"],
    ["from pathlib import Path\nPath('.').iterdir()", "Python"],
    ["def main():\n    return 1", "Python"],
    ["print('hello')", "Python"],
    ["for x in range(3):\n    print(x)", "Python"],
    ["```python\nx = 1\n```", "Python"],
    ["#!/usr/bin/env python3\nx = 1", "Python"],
  ])("refuses %j as %s without running it", (code, kind) => {
    const r = refused({ code });
    expect(r.reason).toBe("language");
    expect(r.message).toMatch(
      kind === "Python" ? /looks like Python/ : /looks like a shell command/,
    );
    expect(r.message).toMatch(/Send JavaScript/);
    expect(r.message).toMatch(/Nothing was run/);
  });

  it.each([
    "const files = await tools.fs.listDirectory({ path: '.' });\nreturn files;",
    "const find = (xs) => xs[0];\nreturn find([1]);",
    "function print(x) { console.log(x) }\nprint('ok');",
    "let head = 3;\nreturn head;",
    "for (const x of [1]) { console.log(x) }",
    "// import os is what python would say\nreturn 1;",
  ])("does not mistake JavaScript %j for another language", (code) => {
    expect(ok({ code }).code).toBe(code);
  });

  it("says TypeScript in messages when the tool runs TypeScript", () => {
    const r = normalizeCode({ code: 1 }, "typescript");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/string of TypeScript/);
  });
});
