import { describe, expect, it } from "vitest";
import type { OptionIssue } from "../errors.ts";
import { NodeRuntime } from "../runtime/node-runtime.ts";
import { captureContentFromEnv, DEFAULT_MAX_CONTENT_CHARS, validateTelemetry } from "./options.ts";

const ENV = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT";

describe("captureContentFromEnv", () => {
  it.each([
    ["true", true],
    ["TRUE", true],
    [" span_only ", true],
    ["span_and_event", true],
    ["false", false],
    ["1", false],
    ["", false],
    [undefined, false],
  ])("reads %j as %s", (value, expected) => {
    expect(captureContentFromEnv(value === undefined ? {} : { [ENV]: value })).toBe(expected);
  });
});

describe("validateTelemetry", () => {
  const check = (value: unknown, env: NodeJS.ProcessEnv = {}) => {
    const issues: OptionIssue[] = [];
    return { resolved: validateTelemetry(value, issues, env), issues };
  };

  it("is on without content by default", () => {
    expect(check(undefined)).toEqual({
      resolved: { captureContent: false, maxContentChars: DEFAULT_MAX_CONTENT_CHARS },
      issues: [],
    });
    expect(check(true).resolved).toEqual(check(undefined).resolved);
  });

  it("is off with false", () => {
    expect(check(false)).toEqual({ resolved: false, issues: [] });
  });

  it("takes content capture from the environment unless the option says otherwise", () => {
    expect(check(undefined, { [ENV]: "true" }).resolved).toMatchObject({ captureContent: true });
    expect(check({ captureContent: false }, { [ENV]: "true" }).resolved).toMatchObject({
      captureContent: false,
    });
    expect(check({ captureContent: true }).resolved).toMatchObject({ captureContent: true });
  });

  it("keeps providers that look like providers", () => {
    const tracerProvider = { getTracer: () => ({}) };
    const meterProvider = { getMeter: () => ({}) };
    expect(check({ tracerProvider, meterProvider, maxContentChars: 0 }).resolved).toEqual({
      captureContent: false,
      maxContentChars: 0,
      tracerProvider,
      meterProvider,
    });
  });

  it("reports every problem with its path", () => {
    const { issues } = check({
      captureContent: "yes",
      maxContentChars: -1,
      tracerProvider: {},
      meterProvider: 3,
      sampler: 1,
    });
    expect(issues.map((i) => i.path)).toEqual([
      "telemetry.sampler",
      "telemetry.captureContent",
      "telemetry.maxContentChars",
      "telemetry.tracerProvider",
      "telemetry.meterProvider",
    ]);
    expect(issues[0]?.message).toContain("known: captureContent, maxContentChars");
  });

  it.each([["on"], [1], [null], [[]]])("refuses %j", (value) => {
    expect(check(value).issues).toEqual([
      { path: "telemetry", message: "must be a boolean or an object" },
    ]);
  });
});

describe("NodeRuntime.create({ telemetry })", () => {
  it("lists telemetry problems with the others", async () => {
    await expect(
      NodeRuntime.create({
        isolation: "in-process",
        // @ts-expect-error: wrong types on purpose
        telemetry: { captureContent: 1 },
        poolSize: -1,
      }),
    ).rejects.toThrow(/poolSize[\s\S]*telemetry\.captureContent: must be a boolean, got 1/);
  });
});
