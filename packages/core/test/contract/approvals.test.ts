import {
  type Bindings,
  InvalidOptionsError,
  type IsolationMode,
  NodeRuntime,
  type PausedRunResult,
  type RunEvent,
  type RunResult,
} from "@isobind/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

interface Ctx {
  user: string;
}

const SECRET = "approvals-contract-test-secret-0123456789";
const calls = new Map<string, number>();
const seenContexts: unknown[] = [];
const count = (name: string) => calls.set(name, (calls.get(name) ?? 0) + 1);

const bindings: Bindings<Ctx> = {
  "payments.refund": {
    description: "Refund an amount; above 100 needs approval",
    inputSchema: {
      type: "object",
      properties: { amount: { type: "number", maximum: 10000 }, to: { type: "string" } },
      required: ["amount"],
      additionalProperties: false,
    },
    needsApproval: (input: { amount: number }) => (input.amount > 100 ? "amount over 100" : false),
    handler: (input: { amount: number }, ctx) => {
      count("refund");
      seenContexts.push(ctx.context);
      return { refunded: input.amount, by: ctx.context?.user ?? null };
    },
  },
  lookup: {
    description: "A read-only lookup with a random delay",
    inputSchema: { type: "object", properties: { key: { type: "string" } } },
    handler: async (input: { key?: string }) => {
      count("lookup");
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 15)));
      return { key: input.key ?? null, n: calls.get("lookup") };
    },
  },
  "always-ask": {
    description: "Always needs approval",
    inputSchema: { type: "object" },
    needsApproval: true,
    handler: () => {
      count("always");
      return "done";
    },
  },
};

function paused<T>(r: RunResult<T>): PausedRunResult<T> {
  expect(r.status, r.stderr).toBe("paused");
  return r as PausedRunResult<T>;
}

const approveAll = (r: PausedRunResult) =>
  Object.fromEntries(r.pending.map((p) => [p.id, { approved: true as const }]));

describe.each<IsolationMode>(["process", "in-process"])("approvals (%s)", (isolation) => {
  let rt: NodeRuntime<Ctx>;

  beforeAll(async () => {
    rt = await NodeRuntime.create<Ctx>({ isolation, bindings, approvals: { secret: SECRET } });
  });
  afterAll(async () => {
    await rt.dispose();
  });
  beforeEach(() => {
    calls.clear();
    seenContexts.length = 0;
  });

  it("pauses at a call that needs approval and resumes it after approval", async () => {
    const code = `
      const small = await tools.payments.refund({ amount: 20 });
      const big = await tools.payments.refund({ amount: 500, to: "ann" });
      return { small, big };`;
    const first = paused(await rt.run(code, { context: { user: "ann" } }));
    expect(first.exitCode).toBe(75);
    expect(first.error.code).toBe("PAUSED");
    expect(first.value).toBeUndefined();
    expect(first.pending).toEqual([
      {
        id: expect.any(String),
        binding: "payments.refund",
        path: ["payments", "refund"],
        input: { amount: 500, to: "ann" },
        reason: "amount over 100",
      },
    ]);
    expect(typeof first.continuation).toBe("string");
    expect(first.continuation).not.toContain("ann");
    expect(calls.get("refund")).toBe(1);

    const done = await rt.resume(first.continuation, {
      decisions: approveAll(first),
      context: { user: "bob" },
    });
    expect(done.status).toBe("completed");
    expect(done.exitCode).toBe(0);
    expect(done.value).toEqual({
      small: { refunded: 20, by: "ann" },
      big: { refunded: 500, by: "bob" },
    });
    expect(calls.get("refund")).toBe(2);
    expect(done.stats).toMatchObject({ bindingCalls: 2, replayedCalls: 1, executedCalls: 1 });
  });

  it("pauses three calls issued in the same tick together, as one batch", async () => {
    const code = `
      const r = await Promise.all([1, 2, 3].map((i) => tools.payments.refund({ amount: 100 + i })));
      return r.map((x) => x.refunded);`;
    const first = paused(await rt.run(code));
    expect(first.pending.map((p) => p.input)).toEqual([
      { amount: 101 },
      { amount: 102 },
      { amount: 103 },
    ]);
    expect(new Set(first.pending.map((p) => p.id)).size).toBe(3);
    const done = await rt.resume(first.continuation, { decisions: approveAll(first) });
    expect(done.value).toEqual([101, 102, 103]);
    expect(calls.get("refund")).toBe(3);
  });

  it("goes through two rounds of approvals; no handler runs twice", async () => {
    const code = `
      const a = await tools.lookup({ key: "a" });
      const one = await tools.payments.refund({ amount: 200 });
      const b = await tools.lookup({ key: "b" });
      const two = await tools.alwaysAsk({});
      return { a, one, b, two };`;
    const first = paused(await rt.run(code));
    const second = paused(await rt.resume(first.continuation, { decisions: approveAll(first) }));
    expect(second.pending.map((p) => p.binding)).toEqual(["always-ask"]);
    const done = await rt.resume(second.continuation, { decisions: approveAll(second) });
    expect(done.value).toEqual({
      a: { key: "a", n: 1 },
      one: { refunded: 200, by: null },
      b: { key: "b", n: 2 },
      two: "done",
    });
    expect(Object.fromEntries(calls)).toEqual({ lookup: 2, refund: 1, always: 1 });
    expect(done.stats).toMatchObject({ bindingCalls: 4, replayedCalls: 3 });
  });

  it("rejects a denied call in the guest with APPROVAL_DENIED, which the program can catch", async () => {
    const code = `
      try {
        await tools.payments.refund({ amount: 900 });
        return "refunded";
      } catch (e) {
        return { code: e.code, message: e.message };
      }`;
    const first = paused(await rt.run(code));
    const id = first.pending[0]?.id as string;
    const done = await rt.resume(first.continuation, {
      decisions: { [id]: { approved: false, reason: "too much for one refund" } },
    });
    expect(done.exitCode).toBe(0);
    expect(done.value).toEqual({
      code: "APPROVAL_DENIED",
      message: expect.stringContaining("too much for one refund"),
    });
    expect(calls.get("refund")).toBeUndefined();
  });

  it("fails the run with the binding's code when a denied call is not caught", async () => {
    const first = paused(await rt.run(`return await tools.payments.refund({ amount: 900 });`));
    const done = await rt.resume(first.continuation, {
      decisions: { [first.pending[0]?.id as string]: { approved: false } },
    });
    expect(done.exitCode).toBe(1);
    expect(done.error).toMatchObject({
      code: "GUEST_ERROR",
      bindingCode: "APPROVAL_DENIED",
      binding: "payments.refund",
    });
    expect(done.stderr).toContain("APPROVAL_DENIED: payments.refund");
  });

  it("runs an approved call with the approver's edited input, validated against the schema", async () => {
    const first = paused(await rt.run(`return await tools.payments.refund({ amount: 900 });`));
    const id = first.pending[0]?.id as string;
    const bad = rt.resume(first.continuation, {
      decisions: { [id]: { approved: true, input: { amount: "lots" } } },
    });
    await expect(bad).rejects.toThrow(InvalidOptionsError);
    await expect(bad).rejects.toThrow(/decisions\.[\w-]+\.input: does not match .*amount/);
    const done = await rt.resume(first.continuation, {
      decisions: { [id]: { approved: true, input: { amount: 90 } } },
    });
    expect(done.value).toEqual({ refunded: 90, by: null });
    expect(calls.get("refund")).toBe(1);
  });

  it("replays Date, Math.random, performance.now and a Promise.race winner identically", async () => {
    const code = `
      const before = { now: Date.now(), date: new Date().toISOString(), random: Math.random(),
        perf: performance.now(), str: typeof Date() };
      const winner = await Promise.race([
        tools.lookup({ key: "x" }).then(() => "x"),
        tools.lookup({ key: "y" }).then(() => "y"),
        new Promise((r) => setTimeout(() => r("timer"), 7)),
      ]);
      console.log(JSON.stringify({ before, winner }));
      await tools.payments.refund({ amount: 101 });
      const after = { now: Date.now(), perf: performance.now(), random: Math.random() };
      return { before, winner, after };`;
    const first = paused(await rt.run(code));
    const printed = JSON.parse(first.stdout.trim());
    await new Promise((r) => setTimeout(r, 20));
    const done = await rt.resume<{
      before: unknown;
      winner: string;
      after: { now: number; perf: number; random: number };
    }>(first.continuation, { decisions: approveAll(first) });
    expect(done.exitCode, done.stderr).toBe(0);
    expect(done.value?.before).toEqual(printed.before);
    expect(done.value?.winner).toBe(printed.winner);
    expect(done.stdout).toBe(first.stdout);
    expect(done.value?.after.now).toBeGreaterThanOrEqual(printed.before.now);
    expect(done.value?.after.perf).toBeGreaterThanOrEqual(printed.before.perf);
    expect(calls.get("lookup")).toBe(2);
  });

  it("replays a timer that fired before the pause and keeps one still pending", async () => {
    const code = `
      const order = [];
      setTimeout(() => order.push("late"), 40);
      await new Promise((r) => setTimeout(() => { order.push("early"); r(); }, 5));
      await tools.payments.refund({ amount: 150 });
      await new Promise((r) => setTimeout(r, 60));
      return order;`;
    const first = paused(await rt.run(code));
    const done = await rt.resume(first.continuation, { decisions: approveAll(first) });
    expect(done.value).toEqual(["early", "late"]);
  });

  it("keeps the result of a call still in flight at the pause and delivers it without a rerun", async () => {
    const code = `
      const [slow, big] = await Promise.all([
        tools.lookup({ key: "slow" }),
        tools.payments.refund({ amount: 640 }),
      ]);
      return { slow, big };`;
    const first = paused(await rt.run(code));
    expect(calls.get("lookup")).toBe(1);
    const done = await rt.resume(first.continuation, { decisions: approveAll(first) });
    expect(done.value).toEqual({ slow: { key: "slow", n: 1 }, big: { refunded: 640, by: null } });
    expect(calls.get("lookup")).toBe(1);
    expect(done.stats).toMatchObject({ replayedCalls: 1, executedCalls: 1 });
  });

  it("gives a resumed run its own timeout", async () => {
    const code = `
      await tools.payments.refund({ amount: 101 });
      await new Promise(() => {});`;
    const first = paused(await rt.run(code, { timeout: 60_000 }));
    const done = await rt.resume(first.continuation, {
      decisions: approveAll(first),
      timeout: 300,
    });
    expect(done.error?.code).toBe("TIMEOUT");
    expect(done.error?.message).toContain("300 ms");
    expect(calls.get("refund")).toBe(1);
  });

  it("lets an inline approver approve, edit, deny and fail", async () => {
    const requests: unknown[] = [];
    const code = `
      const out = [];
      for (const amount of [150, 250, 350, 450]) {
        try { out.push((await tools.payments.refund({ amount })).refunded); }
        catch (e) { out.push(e.code + " " + e.message); }
      }
      return out;`;
    const result = await rt.run(code, {
      context: { user: "cli" },
      approve: (request) => {
        requests.push({ input: request.input, context: request.context, reason: request.reason });
        const amount = (request.input as { amount: number }).amount;
        if (amount === 150) return { approved: true };
        if (amount === 250) return { approved: true, input: { amount: 99 } };
        if (amount === 350) return { approved: false, reason: "no" };
        throw new Error("approver offline");
      },
    });
    expect(result.status).toBe("completed");
    expect(result.value).toEqual([
      150,
      99,
      "APPROVAL_DENIED APPROVAL_DENIED: payments.refund: the call was denied: no",
      "APPROVAL_DENIED APPROVAL_DENIED: payments.refund: the call was denied: the approver failed: approver offline",
    ]);
    expect(requests[0]).toEqual({
      input: { amount: 150 },
      context: { user: "cli" },
      reason: "amount over 100",
    });
    expect(calls.get("refund")).toBe(2);
  });

  it("counts an approver's wait inside the run's timeout", async () => {
    let aborted = false;
    const result = await rt.run(`return await tools.payments.refund({ amount: 500 });`, {
      timeout: 300,
      approve: (_request, ctx) =>
        new Promise((resolve) => {
          ctx.signal.addEventListener("abort", () => {
            aborted = true;
            resolve({ approved: true });
          });
        }),
    });
    expect(result.exitCode).toBe(124);
    expect(result.error?.code).toBe("TIMEOUT");
    await new Promise((r) => setTimeout(r, 20));
    expect(aborted).toBe(true);
    expect(calls.get("refund")).toBeUndefined();
  });

  it("hands the context to handlers, permissions and approval policies, never to the guest", async () => {
    const seen: Record<string, unknown> = {};
    const marker = "ctx-marker-7f3a";
    const local = await NodeRuntime.create<{ marker: string }>({
      isolation,
      bindings: {
        probe: {
          description: "probe",
          inputSchema: { type: "object" },
          needsApproval: (_i, ctx) => {
            seen.needs = ctx.context;
            return false;
          },
          handler: (_i, ctx) => {
            seen.handler = ctx.context;
            return "ok";
          },
        },
      },
      permissions: {
        binding: (req) => {
          seen.permission = req.context;
          return true;
        },
      },
      approvals: {
        needsApproval: (req) => {
          seen.policy = req.context;
          return false;
        },
      },
    });
    try {
      const result = await local.run(
        `await tools.probe({});
         const names = Object.getOwnPropertyNames(globalThis).join(",");
         return { names, context: typeof context, found: JSON.stringify(globalThis).includes("${marker.slice(0, 4)}") };`,
        { context: { marker } },
      );
      expect(result.exitCode, result.stderr).toBe(0);
      const value = result.value as { names: string; context: string; found: boolean };
      expect(value.context).toBe("undefined");
      expect(value.found).toBe(false);
      expect(value.names).not.toContain(marker);
      for (const where of ["needs", "handler", "permission", "policy"]) {
        expect(seen[where], where).toEqual({ marker });
      }
    } finally {
      await local.dispose();
    }
  });

  it("emits approval and replay events; replayed calls are not reported as executed", async () => {
    const events: RunEvent[] = [];
    const code = `await tools.lookup({}); return await tools.payments.refund({ amount: 120 });`;
    const first = paused(await rt.run(code, { onEvent: (e) => events.push(e) }));
    expect(events.map((e) => e.type)).toEqual([
      "binding:start",
      "binding:end",
      "binding:start",
      "approval:requested",
    ]);
    events.length = 0;
    await rt.resume(first.continuation, {
      decisions: approveAll(first),
      onEvent: (e) => events.push(e),
    });
    expect(events.map((e) => e.type)).toEqual([
      "binding:replayed",
      "binding:start",
      "approval:decided",
      "binding:end",
    ]);
    expect(events[2]).toMatchObject({ approved: true, by: "resume", edited: false });
  });
});
