import { describe, expect, it } from "vitest";
import { GuestGuard } from "./guest-guard.ts";
import type { SandboxLimits } from "./protocol.ts";

const limits: SandboxLimits = {
  timeoutMs: 1000,
  cpuTimeMs: 1000,
  memoryLimitMb: 32,
  maxOutputBytes: 100,
  maxResultBytes: 50,
  maxBindingCalls: 10,
  maxConcurrentBindingCalls: 2,
  maxBindingInputBytes: 20,
  maxPendingTimers: 2,
};

describe("GuestGuard: the host re-checks what a subverted bootstrap could send", () => {
  it("refuses a binding input over maxBindingInputBytes before it is passed on", () => {
    const g = new GuestGuard(limits);
    expect(g.check("call", 1, "echo", "x".repeat(20))).toBeUndefined();
    expect(g.check("call", 2, "echo", "x".repeat(21))).toMatch(/maxBindingInputBytes/);
  });

  it("counts calls in flight until the host settles them", () => {
    const g = new GuestGuard(limits);
    expect(g.check("call", 1, "echo", "{}")).toBeUndefined();
    expect(g.check("call", 2, "echo", "{}")).toBeUndefined();
    expect(g.check("call", 3, "echo", "{}")).toMatch(/maxConcurrentBindingCalls/);
    const h = new GuestGuard(limits);
    h.check("call", 1, "echo", "{}");
    h.check("call", 2, "echo", "{}");
    h.callSettled();
    expect(h.check("call", 3, "echo", "{}")).toBeUndefined();
  });

  it("bounds pending and created timers", () => {
    const g = new GuestGuard(limits);
    expect(g.check("timer", 1, 5, undefined)).toBeUndefined();
    expect(g.check("timer", 2, 5, undefined)).toBeUndefined();
    expect(g.check("timer", 3, 5, undefined)).toMatch(/maxPendingTimers/);
    const churn = new GuestGuard(limits);
    let last: string | undefined;
    for (let id = 1; id <= 21; id++) {
      last = churn.check("timer", id, 0, undefined);
      churn.check("clear", id, undefined, undefined);
    }
    expect(last).toMatch(/timers created/);
  });

  it("bounds output and the result, and refuses malformed or unknown messages", () => {
    const g = new GuestGuard(limits);
    expect(g.check("out", "stdout", "x".repeat(100), undefined)).toBeUndefined();
    expect(g.check("out", "stderr", "y", undefined)).toMatch(/maxOutputBytes/);
    expect(g.check("done", 1, "1".repeat(51), 0)).toMatch(/maxResultBytes/);
    expect(g.check("done", 1, "1".repeat(50), 0)).toBeUndefined();
    expect(g.check("limit", "SANDBOX_CRASHED", "x", 0)).toMatch(/malformed/);
    expect(g.check("limit", "BINDING_CALL_LIMIT", "x", 0)).toBeUndefined();
    expect(g.check("call", "1", "echo", "{}")).toMatch(/malformed/);
    expect(g.check("timer", 1, Number.NaN, undefined)).toMatch(/malformed/);
    expect(g.check("eval", 1, 2, 3)).toMatch(/unknown/);
  });
});
