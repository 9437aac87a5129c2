import { describe, expect, it } from "vitest";
import type { RunResult } from "../types.ts";
import { formatRunResult } from "./format-result.ts";

const stats = {
  wallMs: 1,
  cpuMs: 1,
  bindingCalls: 0,
  droppedOutputBytes: 0,
  replayedCalls: 0,
  executedCalls: 0,
};

function result(partial: Partial<RunResult>): RunResult {
  return {
    status: "completed",
    exitCode: 0,
    stdout: "",
    stderr: "",
    value: undefined,
    stats,
    ...partial,
  } as RunResult;
}

describe("formatRunResult", () => {
  it("shows the value as compact JSON", () => {
    expect(formatRunResult(result({ value: { temp_f: 61, tags: ["a"] } }))).toBe(
      'Result: {"temp_f":61,"tags":["a"]}',
    );
  });

  it("says how to return data when there is no value", () => {
    expect(formatRunResult(result({}))).toMatch(
      /^Result: none \(end the code with `return <value>`/,
    );
  });

  it("adds console output, stdout and stderr labelled", () => {
    const text = formatRunResult(result({ value: 1, stdout: "one\ntwo\n", stderr: "careful\n" }));
    expect(text).toBe("Result: 1\nstdout:\none\ntwo\nstderr:\ncareful");
  });

  it("cuts an oversized value with a marker and the count of what was cut", () => {
    const value = "x".repeat(500);
    const text = formatRunResult(result({ value }), { maxValueChars: 100 });
    const json = JSON.stringify(value);
    expect(
      text.startsWith(
        `Result: ${json.slice(0, 100)}…[cut ${json.length - 100} of ${json.length} characters of JSON`,
      ),
    ).toBe(true);
    expect(text.length).toBeLessThan(300);
  });

  it("bounds console output, keeping the start of stdout and the end of stderr", () => {
    const text = formatRunResult(
      result({ value: 1, stdout: `${"a".repeat(1000)}END`, stderr: `START${"b".repeat(1000)}` }),
      { maxOutputChars: 200 },
    );
    expect(text).toContain(`stdout:\n${"a".repeat(100)}…[cut 903 of 1003 characters`);
    expect(text).toContain(`stderr:\n[cut the first 905 of 1005 characters]…${"b".repeat(100)}`);
    expect(text).not.toContain("END");
    expect(text).not.toContain("START");
  });

  it("gives a stream the budget the other does not use", () => {
    const text = formatRunResult(result({ value: 1, stdout: "s".repeat(150) }), {
      maxOutputChars: 200,
    });
    expect(text).toContain("s".repeat(150));
    expect(text).not.toContain("cut");
  });

  it("states the error code, line and message once, not again from stderr", () => {
    const text = formatRunResult(
      result({
        exitCode: 1,
        stdout: "before\n",
        stderr:
          "warned\nTypeError: Cannot read properties of null (reading 'x')\n    at code.js:2:6\n",
        error: {
          code: "GUEST_ERROR",
          name: "TypeError",
          message: "Cannot read properties of null (reading 'x')",
          stack: "TypeError: Cannot read properties of null (reading 'x')\n    at code.js:2:6",
          line: 2,
        },
      }),
    );
    expect(text).toBe(
      "Error (GUEST_ERROR) at line 2: TypeError: Cannot read properties of null (reading 'x')\nstdout:\nbefore\nstderr:\nwarned",
    );
  });

  it("shows guest frames when the error passed through several", () => {
    const stack = "Error: boom\n    at inner (code.js:2:9)\n    at code.js:4:1";
    const text = formatRunResult(
      result({
        exitCode: 1,
        stderr: `${stack}\n`,
        error: { code: "GUEST_ERROR", name: "Error", message: "boom", stack, line: 2 },
      }),
    );
    expect(text).toBe(
      "Error (GUEST_ERROR) at line 2: boom\nat inner (code.js:2:9)\nat code.js:4:1",
    );
  });

  it("states limit errors without a line", () => {
    const text = formatRunResult(
      result({
        exitCode: 124,
        stderr: "TIMEOUT: the run exceeded its 500 ms timeout (timeoutMs)\n",
        error: {
          code: "TIMEOUT",
          name: "IsobindError",
          message: "the run exceeded its 500 ms timeout (timeoutMs)",
        },
      }),
    );
    expect(text).toBe("Error (TIMEOUT): the run exceeded its 500 ms timeout (timeoutMs)");
  });

  it("reports output the runtime dropped", () => {
    const text = formatRunResult(
      result({ value: 1, stats: { ...stats, droppedOutputBytes: 4096 } }),
    );
    expect(text).toContain("4096 bytes of console output were dropped");
  });

  it("lists the calls a paused run waits for", () => {
    const message = "the run is paused: 1 call (payments.refund) waits for a person's approval";
    const text = formatRunResult(
      result({
        status: "paused",
        exitCode: 75,
        stderr: `PAUSED: ${message}\n`,
        error: { code: "PAUSED", name: "IsobindError", message },
        pending: [
          {
            id: "r-3",
            binding: "payments.refund",
            path: ["payments", "refund"],
            input: { amount: 260 },
            reason: "over 100 EUR",
          },
        ],
        continuation: "ibc1.x",
      }),
    );
    expect(text).toBe(
      `Error (PAUSED): ${message}\nwaiting: tools.payments.refund({"amount":260}) (over 100 EUR)`,
    );
  });
});
