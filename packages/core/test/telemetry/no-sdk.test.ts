/**
 * Without an SDK nothing is recorded and nothing fails: with `@opentelemetry/api` installed
 * but no tracer provider, and with the package not installed at all. (The cost of both is
 * measured in bench/: `pnpm bench:telemetry`.)
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { context, createContextKey, TraceFlags, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { afterAll, describe, expect, it } from "vitest";
import { type IsolationMode, NodeRuntime } from "../../src/index.ts";

// A context manager, as a framework may register, but no tracer or meter provider.
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
afterAll(() => context.disable());

const TENANT = createContextKey("tenant");
const CALLER = {
  traceId: "0af7651916cd43dd8448eb211c80319c",
  spanId: "b7ad6b7169203331",
  traceFlags: TraceFlags.SAMPLED,
};

describe.each<IsolationMode>(["process", "in-process"])("no SDK registered (%s)", (isolation) => {
  it("records nothing, and handlers still see the caller's context", async () => {
    const seen: { tenant: unknown; traceId?: string; recording?: boolean }[] = [];
    await using rt = await NodeRuntime.create({
      isolation,
      poolSize: 1,
      bindings: {
        look: {
          description: "Reports the context it runs in",
          inputSchema: { type: "object" },
          handler: () => {
            const span = trace.getActiveSpan();
            seen.push({
              tenant: context.active().getValue(TENANT),
              traceId: span?.spanContext().traceId,
              recording: span?.isRecording(),
            });
            return null;
          },
        },
      },
    });
    const caller = trace.setSpanContext(context.active().setValue(TENANT, "acme"), CALLER);
    const result = await context.with(caller, () =>
      rt.run(`await Promise.all([callBinding("look", {}), callBinding("look", {})]);`),
    );
    expect(result.exitCode).toBe(0);
    // The API's non-recording spans carry the caller's trace id (logs still correlate), and
    // the handlers run in the caller's context, not in whatever context the IPC message had.
    expect(seen).toEqual([
      { tenant: "acme", traceId: CALLER.traceId, recording: false },
      { tenant: "acme", traceId: CALLER.traceId, recording: false },
    ]);
  });
});

describe("@opentelemetry/api not installed", () => {
  it("runs as usual, with no warning", () => {
    const script = fileURLToPath(new URL("./fixtures/without-api.ts", import.meta.url));
    const child = spawnSync(process.execPath, [script], { encoding: "utf8", timeout: 60_000 });
    expect(child.stderr).toBe("");
    expect(child.status).toBe(0);
    expect(JSON.parse(child.stdout)).toEqual({ hidden: true, exitCode: 0, value: { x: 1 } });
  });
});
