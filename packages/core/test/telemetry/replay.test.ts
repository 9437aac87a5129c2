/**
 * The replay phase: when approvals resume a paused run, calls answered from the record are
 * not reported as executed again (no execute_tool span, no duration), only noted on the run
 * span. Exercised on the telemetry module directly with explicit providers (no global SDK);
 * the end-to-end paused/resumed test waits for approvals to land on main.
 */
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from "@opentelemetry/sdk-trace";
import { describe, expect, it } from "vitest";
import type { Settled } from "../../src/bindings/invoke.ts";
import type { RunResult } from "../../src/index.ts";
import { createTelemetry } from "../../src/telemetry/telemetry.ts";

const DONE: RunResult = {
  status: "completed",
  exitCode: 0,
  stdout: "",
  stderr: "",
  value: 1,
  stats: {
    wallMs: 1,
    cpuMs: 1,
    bindingCalls: 2,
    droppedOutputBytes: 0,
    replayedCalls: 0,
    executedCalls: 2,
  },
};

describe("telemetry replay phase", () => {
  it("reports a replayed call as an event, and only the executed one as a span", async () => {
    const exporter = new InMemorySpanExporter();
    const tracerProvider = new TracerProvider({
      spanProcessors: [new SimpleSpanProcessor({ exporter })],
    });
    const telemetry = await createTelemetry(
      { captureContent: false, maxContentChars: 100, tracerProvider },
      "in-process",
      [{ name: "send-mail", path: ["sendMail"], description: "Sends mail", inputSchema: {} }],
    );
    const ok: Settled = { ok: 1, payload: '{"sent":true}' };
    let executed = 0;
    await telemetry.traceRun(
      { runId: "1.7", code: "", language: "javascript", helpers: {}, resumed: true },
      async (run) => {
        const replayed = await run.call(
          { callId: 1, name: "send-mail", inputJson: "{}", phase: "replay" },
          async () => ok,
        );
        expect(replayed).toBe(ok);
        await run.call({ callId: 2, name: "send-mail", inputJson: "{}" }, async () => {
          executed++;
          return ok;
        });
        return DONE;
      },
    );
    expect(executed).toBe(1);
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.name).sort()).toEqual(["execute_tool send-mail", "isobind.run"]);
    const call = spans.find((s) => s.name === "execute_tool send-mail");
    expect(call?.attributes["gen_ai.tool.call.id"]).toBe("1.7.2");
    const run = spans.find((s) => s.name === "isobind.run");
    expect(run?.attributes["isobind.run.resumed"]).toBe(true);
    expect(run?.events.map((e) => [e.name, e.attributes])).toEqual([
      [
        "isobind.binding.replayed",
        { "gen_ai.tool.name": "send-mail", "gen_ai.tool.call.id": "1.7.1" },
      ],
    ]);
  });
});
