/**
 * Abuse suite, process mode only: the out-of-memory paths on which V8 gives up on the whole
 * process whatever the isolate's memoryLimit says (isolated-vm #137, #457, #527). In the
 * default process isolation they kill only the sandbox process; the host survives, the run
 * comes back as a result, and a fresh sandbox process serves the next run.
 *
 * These cases never run in-process: there they would abort the test runner itself, which is
 * exactly the documented risk of `isolation: "in-process"`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NodeRuntime } from "../../src/index.ts";
import {
  abuseBindings,
  createProbe,
  expectBounded,
  expectHealthy,
  measure,
  type Probe,
} from "./helpers.ts";

const FILL = "new Array(1e9).fill(0); return 'survived';";

describe("abuse: fatal out-of-memory paths (process isolation)", () => {
  let rt: NodeRuntime;
  let probe: Probe;

  beforeAll(async () => {
    probe = createProbe();
    // The default isolation and memoryLimitMb; a lower RSS cap than the default keeps the
    // case fast and light on a shared CI machine.
    rt = await NodeRuntime.create({
      bindings: abuseBindings(probe),
      processMemoryLimitMb: 256,
      limits: { timeoutMs: 20_000 },
      // One process, so that the bystander below really shares the killed process.
      pool: { mode: "dedicated", processes: 1 },
    });
  });
  afterAll(async () => {
    await rt?.dispose();
  });

  it("runs in process isolation by default", () => {
    expect(rt.isolation).toBe("process");
    expect(rt.limits.memoryLimitMb).toBe(128);
  });

  it("ends new Array(1e9).fill(0) with exit 137 and restarts the sandbox process", async () => {
    const m = await measure(rt, FILL);
    expect(m.result.exitCode).toBe(137);
    expect(["MEMORY_LIMIT", "SANDBOX_CRASHED"]).toContain(m.result.error?.code);
    expect(m.result.value).toBeUndefined();
    expectBounded(m, "process");
    await expectHealthy(rt);
  });

  it("also ends a concurrent run of the killed process with a result, not a hang", async () => {
    const [fill, bystander] = await Promise.all([
      rt.run(FILL),
      rt.run("await tools.slow({}); return 'never';"),
    ]);
    expect(fill.exitCode).toBe(137);
    // Every run of a killed sandbox process ends; that is the cost of sharing one process.
    expect(bystander.exitCode).toBe(137);
    expect(["MEMORY_LIMIT", "SANDBOX_CRASHED"]).toContain(bystander.error?.code);
    expect(probe.signals.at(-1)?.aborted).toBe(true);
    await expectHealthy(rt);
  });

  it("survives V8's catastrophic out-of-memory abort when the RSS cap is far away", async () => {
    // With the cap out of reach, V8 itself gives up (~1.4 GB here): the sandbox process reports
    // the catastrophic error, kills itself, and the supervisor reports the run.
    await using big = await NodeRuntime.create({
      bindings: abuseBindings(createProbe()),
      processMemoryLimitMb: 8192,
      // Filling ~1.4 GB takes over 30 s on a 2-core machine, more under load: the run's budget
      // is a guard against a hang, not a measurement.
      limits: { timeoutMs: 120_000 },
    });
    const m = await measure(big, FILL);
    expect(m.result.exitCode).toBe(137);
    expect(["MEMORY_LIMIT", "SANDBOX_CRASHED"]).toContain(m.result.error?.code);
    expectBounded(m, "process");
    await expectHealthy(big);
  }, 150_000);
});
