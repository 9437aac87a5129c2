// Every program the playground offers runs on the real runtime (through the same runner the
// endpoint uses) and ends the way its header says; the weather program's output is exactly the
// quickstart's.
import { afterAll, describe, expect, it } from "vitest";
import { loadPresets } from "../src/lib/playground/presets.ts";
import {
  disposePlayground,
  resumePlayground,
  runPlayground,
} from "../src/lib/playground/runner.ts";
import { quickstartExpectation } from "../src/lib/seed.ts";

const presets = loadPresets();

afterAll(() => disposePlayground());

describe("playground presets", () => {
  it("starts with the weather program and has the failure examples the browser tests use", () => {
    expect(presets.map((p) => p.id)).toEqual(
      expect.arrayContaining(["weather", "50-syntax-error", "60-timeout"]),
    );
    expect(presets[0]?.id).toBe("weather");
  });

  it.each(presets.map((p) => [p.id, p] as const))(
    "%s ends with its declared exit code and error code",
    async (_id, preset) => {
      const result = await runPlayground({
        code: preset.code,
        language: preset.language,
        timeoutMs: preset.timeoutMs,
      });
      expect(
        { exitCode: result.exitCode, errorCode: result.error?.code },
        JSON.stringify(result.error ?? result.stderr),
      ).toEqual({ exitCode: preset.expectExitCode, errorCode: preset.expectErrorCode });
    },
  );

  it("prints and returns exactly what the quickstart expects", async () => {
    const seed = presets[0]!;
    const result = await runPlayground({
      code: seed.code,
      language: "javascript",
      timeoutMs: 5000,
    });
    const expected = quickstartExpectation();
    expect(result.stdout.trim()).toBe(expected.stdout);
    expect(JSON.stringify(result.value, null, 2)).toBe(expected.valueJson);
    const calls = result.events.filter((e) => e.type === "binding:start").map((e) => e.name);
    expect(calls).toEqual(["get-weather", "get-weather", "calculate"]);
  });

  it("reports the line of a syntax error as shown in the editor", async () => {
    const preset = presets.find((p) => p.id === "50-syntax-error")!;
    const result = await runPlayground({
      code: preset.code,
      language: "javascript",
      timeoutMs: 5000,
    });
    const badLine = preset.code.split("\n").findIndex((l) => l.trim() === "]);") + 1;
    expect(result.error?.line).toBe(badLine);
  });

  it("shows the namespaced, permission and handler errors the examples describe", async () => {
    const preset = presets.find((p) => p.id === "30-binding-errors")!;
    const result = await runPlayground({
      code: preset.code,
      language: "javascript",
      timeoutMs: 5000,
    });
    expect(result.value).toEqual({
      missingField: "INVALID_INPUT",
      wrongType: "INVALID_INPUT",
      denied: "PERMISSION_DENIED",
      unknown: "UNKNOWN_BINDING",
    });
  });

  it("pauses the approval example and resumes it with one approval and one denial", async () => {
    const preset = presets.find((p) => p.id === "80-approval")!;
    const first = await runPlayground({
      code: preset.code,
      language: "javascript",
      timeoutMs: 5000,
    });
    expect(first.status).toBe("paused");
    if (first.status !== "paused") return;
    expect(first.pending.map((p) => p.input)).toEqual([
      { orderId: "B-2", amount: 260 },
      { orderId: "C-3", amount: 180 },
    ]);
    const [b2, c3] = first.pending;
    const decisions = {
      [b2!.id]: { approved: true as const },
      [c3!.id]: { approved: false as const, reason: "no" },
    };
    const done = await resumePlayground({
      continuation: first.continuation,
      decisions,
      timeoutMs: 5000,
    });
    expect(done.exitCode).toBe(0);
    expect(done.value).toEqual([
      { refunded: 40, orderId: "A-1", currency: "EUR" },
      { refunded: 260, orderId: "B-2", currency: "EUR" },
      { orderId: "C-3", refused: "APPROVAL_DENIED: payments.refund: the call was denied: no" },
    ]);
    expect(done.events.filter((e) => e.type === "binding:replayed")).toHaveLength(1);
    await expect(
      resumePlayground({ continuation: first.continuation, decisions, timeoutMs: 5000 }),
    ).rejects.toMatchObject({ code: "CONTINUATION_CONSUMED" });
  });
});
