// Every program the playground offers runs on the real runtime (through the same runner the
// endpoint uses) and ends the way its header says; the weather program's output is exactly the
// quickstart's.
import { afterAll, describe, expect, it } from "vitest";
import { loadPresets } from "../src/lib/playground/presets.ts";
import { disposePlayground, runPlayground } from "../src/lib/playground/runner.ts";
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
});
