/**
 * Traces of runs and binding calls, read from the real OpenTelemetry SDK's in-memory exporter,
 * in both isolation modes: the span tree of the seed example, failures, a timeout, parallel
 * calls, nesting under the caller's span and of a handler's own spans, and content capture.
 */
import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { type IsolationMode, NodeRuntime } from "../../src/index.ts";
import { createLatch, telemetryBindings, WEATHER_CODE } from "./bindings.ts";
import { bounds, idOf, parentOf, registerSdk } from "./sdk.ts";

const sdk = registerSdk();
let latch = createLatch(2);
const MODES: IsolationMode[] = ["process", "in-process"];

afterEach(() => sdk.spans.reset());
afterAll(() => sdk.shutdown());

const byName = (spans: ReadableSpan[], name: string) => spans.filter((s) => s.name === name);
const only = (spans: ReadableSpan[], name: string): ReadableSpan => {
  const found = byName(spans, name);
  expect(found, `spans named ${name}`).toHaveLength(1);
  return found[0]!;
};
const children = (spans: ReadableSpan[], parent: ReadableSpan) =>
  spans.filter((s) => parentOf(s) === idOf(parent));

/** The finished spans once `count` of them exist (a handler may settle after its run). */
async function spansWhen(count: number): Promise<ReadableSpan[]> {
  await vi.waitFor(() => expect(sdk.spans.getFinishedSpans().length).toBeGreaterThanOrEqual(count));
  return sdk.spans.getFinishedSpans();
}

describe.each(MODES)("telemetry spans (%s)", (isolation) => {
  let rt: NodeRuntime;
  let capturing: NodeRuntime;
  beforeAll(async () => {
    const bindings = telemetryBindings(() => latch);
    rt = await NodeRuntime.create({ isolation, bindings, poolSize: 1 });
    capturing = await NodeRuntime.create({
      isolation,
      bindings,
      poolSize: 1,
      telemetry: { captureContent: true, maxContentChars: 64 },
    });
  });
  afterAll(async () => {
    await rt.dispose();
    await capturing.dispose();
  });

  it("reports the seed example as a run span with three execute_tool children", async () => {
    const result = await rt.run(WEATHER_CODE);
    expect(result.exitCode).toBe(0);
    const spans = await spansWhen(4);
    expect(spans).toHaveLength(4);
    const run = only(spans, "isobind.run");
    expect(parentOf(run)).toBeUndefined();
    expect(run.kind).toBe(SpanKind.INTERNAL);
    expect(run.status.code).toBe(SpanStatusCode.UNSET);
    expect(run.attributes).toMatchObject({
      "isobind.isolation": isolation,
      "isobind.language": "javascript",
      "isobind.run.outcome": "ok",
      "isobind.run.exit_code": 0,
      "isobind.run.binding_calls": 3,
    });
    expect(run.attributes["error.type"]).toBeUndefined();
    const calls = children(spans, run);
    expect(calls.map((s) => s.name).sort()).toEqual([
      "execute_tool calculate",
      "execute_tool get-weather",
      "execute_tool get-weather",
    ]);
    const runId = run.attributes["isobind.run.id"];
    for (const call of calls) {
      expect(call.kind).toBe(SpanKind.INTERNAL);
      expect(call.spanContext().traceId).toBe(run.spanContext().traceId);
      expect(call.attributes).toMatchObject({
        "gen_ai.operation.name": "execute_tool",
        "gen_ai.tool.type": "function",
        "isobind.run.id": runId,
        "isobind.binding.phase": "execute",
      });
      expect(call.attributes["gen_ai.tool.call.id"]).toMatch(new RegExp(`^${runId}\\.\\d+$`));
      // No content unless asked for.
      expect(call.attributes["gen_ai.tool.call.arguments"]).toBeUndefined();
      expect(call.attributes["gen_ai.tool.call.result"]).toBeUndefined();
    }
    const calc = only(calls, "execute_tool calculate");
    expect(calc.attributes["gen_ai.tool.name"]).toBe("calculate");
    expect(calc.attributes["gen_ai.tool.description"]).toBe(
      "Evaluate a simple arithmetic expression",
    );
    expect(run.attributes["isobind.run.code"]).toBeUndefined();
    expect(run.attributes["isobind.run.stdout"]).toBeUndefined();
  });

  it("marks a failing binding with error.type = its code, and the run with the run's code", async () => {
    const result = await rt.run(`
      try { await callBinding("fails", {}); } catch (e) { console.log("caught", e.code); }
      await callBinding("get-weather", {});
    `);
    expect(result.error?.code).toBe("GUEST_ERROR");
    const spans = await spansWhen(3);
    const run = only(spans, "isobind.run");
    expect(run.attributes["error.type"]).toBe("GUEST_ERROR");
    expect(run.attributes["isobind.run.outcome"]).toBe("GUEST_ERROR");
    expect(run.status).toEqual({ code: SpanStatusCode.ERROR, message: "GUEST_ERROR" });
    const fails = only(spans, "execute_tool fails");
    expect(fails.attributes["error.type"]).toBe("HANDLER_ERROR");
    // Without capture the message (which may hold user data) stays out of the span.
    expect(fails.status).toEqual({ code: SpanStatusCode.ERROR, message: "HANDLER_ERROR" });
    const invalid = only(spans, "execute_tool get-weather");
    expect(invalid.attributes["error.type"]).toBe("INVALID_INPUT");
  });

  it("ends the run span with TIMEOUT and the abandoned call's span when its handler stops", async () => {
    const result = await rt.run(`await callBinding("hang", {});`, { timeout: 300 });
    expect(result.error?.code).toBe("TIMEOUT");
    const spans = await spansWhen(2);
    const run = only(spans, "isobind.run");
    expect(run.attributes["error.type"]).toBe("TIMEOUT");
    expect(run.attributes["isobind.run.exit_code"]).toBe(124);
    const hang = only(spans, "execute_tool hang");
    expect(parentOf(hang)).toBe(idOf(run));
    expect(hang.attributes["error.type"]).toBe("HANDLER_ERROR");
  });

  it("gives parallel calls overlapping spans", async () => {
    latch = createLatch(2);
    const result = await rt.run(
      `return await Promise.all([callBinding("latch", {}), callBinding("latch", {})]);`,
    );
    expect(result.exitCode).toBe(0);
    const [a, b] = byName(await spansWhen(3), "execute_tool latch");
    expect(a && b).toBeTruthy();
    const [aStart, aEnd] = bounds(a!);
    const [bStart, bEnd] = bounds(b!);
    // Each started before the other ended.
    expect(aStart).toBeLessThan(bEnd);
    expect(bStart).toBeLessThan(aEnd);
    expect(a!.attributes["gen_ai.tool.call.id"]).not.toBe(b!.attributes["gen_ai.tool.call.id"]);
  });

  it("nests a handler's own spans under its execute_tool span", async () => {
    await rt.run(`return await callBinding("query", {});`);
    const spans = await spansWhen(3);
    const call = only(spans, "execute_tool query");
    const query = only(spans, "db.query");
    expect(parentOf(query)).toBe(idOf(call));
    expect(query.spanContext().traceId).toBe(call.spanContext().traceId);
  });

  it("nests the run span under the span active when run() was called", async () => {
    const tracer = trace.getTracer("agent");
    await tracer.startActiveSpan("execute_tool execute_code", async (outer) => {
      await rt.run(WEATHER_CODE);
      outer.end();
    });
    const spans = await spansWhen(5);
    const outer = only(spans, "execute_tool execute_code");
    const run = only(spans, "isobind.run");
    expect(parentOf(run)).toBe(idOf(outer));
    expect(run.spanContext().traceId).toBe(outer.spanContext().traceId);
    expect(children(spans, run)).toHaveLength(3);
  });

  it("records content, bounded, when captureContent is on", async () => {
    const result = await capturing.run(`
      const r = await callBinding("get-weather", { city: "Tokyo" });
      try { await callBinding("fails", {}); } catch {}
      console.log("x".repeat(500));
      return r;
    `);
    expect(result.exitCode).toBe(0);
    const spans = await spansWhen(3);
    const weather = only(spans, "execute_tool get-weather");
    expect(weather.attributes["gen_ai.tool.call.arguments"]).toBe('{"city":"Tokyo"}');
    expect(weather.attributes["gen_ai.tool.call.result"]).toBe('{"temp_f":75}');
    const fails = only(spans, "execute_tool fails");
    expect(fails.status.message).toBe("HANDLER_ERROR: upstream is down for user 42");
    const run = only(spans, "isobind.run");
    expect(run.attributes["isobind.run.value"]).toBe('{"temp_f":75}');
    expect(String(run.attributes["isobind.run.code"])).toContain('callBinding("get-weather"');
    const stdout = String(run.attributes["isobind.run.stdout"]);
    expect(stdout.startsWith("x".repeat(64))).toBe(true);
    expect(stdout).toMatch(/…\[isobind: \d+ more characters\]$/);
    expect(stdout.length).toBeLessThan(64 + 50);
  });

  it("bounds a name no binding has, chosen by the guest", async () => {
    // Names starting with "$" (run helpers) cross to the host when they are at most 256
    // characters (the guest runtime refuses longer ones): still longer than a span may carry.
    const result = await rt.run(
      `try { await callBinding("$${"n".repeat(200)}", {}); } catch (e) { return e.code; }`,
    );
    expect(result.value).toBe("UNKNOWN_BINDING");
    const spans = await spansWhen(2);
    const call = spans.find((s) => s.name.startsWith("execute_tool "));
    expect(call?.name).toBe(`execute_tool $${"n".repeat(127)}`);
    expect(call?.attributes["error.type"]).toBe("UNKNOWN_BINDING");
  });
});

describe("telemetry: false", () => {
  it("records nothing even with an SDK registered", async () => {
    await using rt = await NodeRuntime.create({
      isolation: "in-process",
      bindings: telemetryBindings(() => latch),
      telemetry: false,
    });
    const result = await rt.run(WEATHER_CODE);
    expect(result.exitCode).toBe(0);
    expect(sdk.spans.getFinishedSpans()).toEqual([]);
  });
});
