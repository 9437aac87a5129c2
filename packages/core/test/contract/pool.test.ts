/**
 * Contract: one host, many tenants (issue 15). Process-isolated runtimes share a pool of
 * sandbox processes; these tests pin down what sharing must never change (each runtime sees
 * only its own bindings, one runtime's dispose or crash leaves the others' runs intact) and
 * what the pool adds (a bounded fair queue, crash containment, no process left behind).
 *
 * Each test that needs its own pool gives it settings no other test uses: runtimes share a
 * pool exactly when their pool settings are equal.
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  type BindingContext,
  type Bindings,
  InvalidOptionsError,
  NodeRuntime,
  type RunResult,
} from "@isobind/core";
import { describe, expect, it } from "vitest";

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Live child processes of `parent` that are isobind sandbox processes, from /proc. */
function sandboxPids(parent = process.pid): number[] {
  const pids: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[1]) !== parent || fields[0] === "Z") continue;
      if (readFileSync(`/proc/${name}/cmdline`, "utf8").includes("process-child")) {
        pids.push(Number(name));
      }
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

/** Polls until `check` holds (behaviour, not timing: the bound is only there to end a hang). */
async function eventually(check: () => boolean, what: string, maxMs = 20_000): Promise<void> {
  const end = Date.now() + maxMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`never happened: ${what}`);
    await sleep(25);
  }
}

/** Counts handler entries and holds each call until its run ends (the signal aborts). */
function holdBinding() {
  let entered = 0;
  const waiters: (() => void)[] = [];
  const binding = {
    description: "waits until its run ends",
    inputSchema: { type: "object" },
    handler: (_input: unknown, ctx: BindingContext) =>
      new Promise<number>((resolve) => {
        entered++;
        for (const w of waiters.splice(0)) w();
        ctx.signal.addEventListener("abort", () => resolve(0), { once: true });
      }),
  };
  const until = async (n: number) => {
    while (entered < n) await new Promise<void>((r) => waiters.push(r));
  };
  return { binding, until, entered: () => entered };
}

/** A gate the host opens: calls wait on it. */
function gateBinding() {
  let open!: () => void;
  const opened = new Promise<void>((r) => {
    open = r;
  });
  let entered = 0;
  const binding = {
    description: "waits for the gate",
    inputSchema: { type: "object" },
    handler: async () => {
      entered++;
      await opened;
      return "through";
    },
  };
  return { binding, open, entered: () => entered };
}

const FILL = "new Array(1e9).fill(0); return 'survived';";

describe("shared sandbox pool (process isolation)", () => {
  it("lists every bad pool option with its path", async () => {
    const error = await NodeRuntime.create({
      pool: {
        mode: "solo" as "shared",
        processes: 0,
        maxQueuedRuns: -1,
        maxRunsPerProcess: 1.5,
        typo: 1,
      } as never,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect((error as InvalidOptionsError).issues.map((i) => i.path).sort()).toEqual([
      "pool.maxQueuedRuns",
      "pool.maxRunsPerProcess",
      "pool.mode",
      "pool.processes",
      "pool.typo",
    ]);
    await expect(NodeRuntime.create({ pool: 3 as never })).rejects.toThrow(
      /pool: must be an object/,
    );
  });

  it("200 runtimes on one pool, runs interleaved: each sees only its own bindings", async () => {
    const runtimes: NodeRuntime[] = [];
    for (let i = 0; i < 200; i++) {
      const bindings: Bindings = {
        who: {
          description: "which tenant am I",
          inputSchema: { type: "object" },
          handler: async (_input: unknown, ctx: BindingContext) => {
            await sleep((i * 7) % 5);
            return { tenant: i, runId: ctx.runId };
          },
        },
        [`only-${i}`]: {
          description: "a binding of this tenant alone",
          inputSchema: { type: "object" },
          handler: () => i,
        },
      };
      runtimes.push(await NodeRuntime.create({ bindings, pool: { processes: 2 } }));
    }
    try {
      expect(sandboxPids().length).toBeGreaterThan(0);
      expect(sandboxPids().length).toBeLessThanOrEqual(2);
      const code = `
        const [a, b] = await Promise.all([tools.who({}), tools.who({})]);
        const names = Object.keys(tools).sort();
        let other = null;
        try { await callBinding("only-" + ((a.tenant + 1) % 200), {}); } catch (e) { other = e.code; }
        return { a: a.tenant, b: b.tenant, names, mine: await tools["only" + a.tenant]({}), other };`;
      const results = await Promise.all(
        runtimes.flatMap((rt) => [rt.run(code, { timeout: 20_000 }), rt.run(code)]),
      );
      results.forEach((r, k) => {
        const i = k >> 1;
        expect(r.exitCode, JSON.stringify(r.error)).toBe(0);
        expect(r.value).toEqual({
          a: i,
          b: i,
          names: [`only${i}`, "who"].sort(),
          mine: i,
          other: "UNKNOWN_BINDING",
        });
      });
      // Two hundred runtimes, at most two sandbox processes.
      expect(sandboxPids().length).toBeLessThanOrEqual(2);
    } finally {
      await Promise.all(runtimes.map((rt) => rt.dispose()));
    }
    await eventually(() => sandboxPids().length === 0, "no sandbox process left");
  }, 120_000);

  it("a fatal OOM fails only the runs executing in that process; waiting runs complete", async () => {
    const hold = holdBinding();
    const pool = { processes: 1, maxRunsPerProcess: 3 };
    const settings = { processMemoryLimitMb: 256, limits: { timeoutMs: 30_000 }, pool };
    await using attacker = await NodeRuntime.create(settings);
    await using victim = await NodeRuntime.create({
      ...settings,
      bindings: { hold: hold.binding, id: { ...hold.binding, handler: (x: unknown) => x } },
    });
    const [pid] = sandboxPids();
    // Two victim runs executing (their binding was called), then the attacker's run.
    const executing = [
      victim.run("await tools.hold({}); return 'held';"),
      victim.run("await tools.hold({}); return 'held';"),
    ];
    await hold.until(2);
    const oom = attacker.run(FILL);
    // The process is full (three runs): these wait in the queue and never reach it.
    const waiting = [1, 2, 3, 4].map((n) => victim.run(`return await tools.id({ n: ${n} });`));
    const [crash, ...held] = await Promise.all([oom, ...executing]);
    expect(crash!.exitCode).toBe(137);
    expect(["MEMORY_LIMIT", "SANDBOX_CRASHED"]).toContain(crash!.error?.code);
    for (const r of held) {
      expect(r.exitCode).toBe(137);
      expect(["MEMORY_LIMIT", "SANDBOX_CRASHED"]).toContain(r.error?.code);
    }
    const done = await Promise.all(waiting);
    expect(done.map((r) => r.value)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }]);
    // A fresh process took over.
    expect(sandboxPids()).not.toContain(pid);
    expect((await attacker.run("return 1 + 1")).value).toBe(2);
  }, 90_000);

  it("a run sent to a process that dies before taking it is retried on a fresh process", async () => {
    await using rt = await NodeRuntime.create({ pool: { processes: 1, maxQueuedRuns: 999 } });
    expect((await rt.run("return 'warm'")).value).toBe("warm");
    const [pid] = sandboxPids();
    // A stopped process cannot acknowledge: the runs are sent but never start there.
    process.kill(pid!, "SIGSTOP");
    const runs = [1, 2, 3].map((n) => rt.run(`return ${n} * 10`));
    await sleep(50);
    process.kill(pid!, "SIGKILL");
    const results = await Promise.all(runs);
    expect(results.map((r) => [r.exitCode, r.value])).toEqual([
      [0, 10],
      [0, 20],
      [0, 30],
    ]);
    expect(sandboxPids()).not.toContain(pid);
  }, 60_000);

  it("a full queue answers QUEUE_FULL (exit 75) at once; the queued runs still complete", async () => {
    const gate = gateBinding();
    await using rt = await NodeRuntime.create({
      bindings: { gate: gate.binding },
      pool: { processes: 1, maxRunsPerProcess: 1, maxQueuedRuns: 2 },
    });
    const running = rt.run("return await tools.gate({})");
    await eventually(() => gate.entered() === 1, "the first run is executing");
    const q1 = rt.run("return 'q1'");
    // A waiting run its signal aborts leaves the queue without running.
    const controller = new AbortController();
    const events: string[] = [];
    const aborted = rt.run("console.log('ran'); return 'never'", {
      signal: controller.signal,
      onEvent: (e) => events.push(e.type),
    });
    controller.abort(new Error("user gave up"));
    const abortedResult = await aborted;
    expect(abortedResult.error?.code).toBe("ABORTED");
    expect(abortedResult.stdout).toBe("");
    const queued = [q1, rt.run("return 'q2'")];
    const refused: RunResult = await rt.run("return 'too many'");
    expect(refused.exitCode).toBe(75);
    expect(refused.error?.code).toBe("QUEUE_FULL");
    expect(refused.error?.message).toMatch(/maxQueuedRuns/);
    expect(refused.value).toBeUndefined();
    gate.open();
    expect((await running).value).toBe("through");
    expect((await Promise.all(queued)).map((r) => r.value)).toEqual(["q1", "q2"]);
    expect(events).toEqual([]);
  }, 60_000);

  it("bounds one runtime's waiting runs (maxQueuedRunsPerRuntime); others still queue", async () => {
    const gate = gateBinding();
    const pool = {
      processes: 1,
      maxRunsPerProcess: 1,
      maxQueuedRuns: 10,
      maxQueuedRunsPerRuntime: 1,
    };
    await using greedy = await NodeRuntime.create({ bindings: { gate: gate.binding }, pool });
    await using other = await NodeRuntime.create({ pool });
    const running = greedy.run("return await tools.gate({})");
    await eventually(() => gate.entered() === 1, "the greedy runtime holds the process");
    const waiting = greedy.run("return 'waits'");
    const refused = await greedy.run("return 'refused'");
    expect(refused.error?.code).toBe("QUEUE_FULL");
    expect(refused.error?.message).toMatch(/maxQueuedRunsPerRuntime/);
    const theirs = other.run("return 'queued too'");
    gate.open();
    expect((await Promise.all([running, waiting, theirs])).map((r) => r.value)).toEqual([
      "through",
      "waits",
      "queued too",
    ]);
  }, 60_000);

  it("serves waiting runs round-robin: a busy runtime cannot starve another", async () => {
    const gate = gateBinding();
    const order: string[] = [];
    const mark = (who: string) => ({
      description: "records the order runs execute in",
      inputSchema: { type: "object" },
      handler: (input: { n: number }) => {
        order.push(`${who}${input.n}`);
        return input.n;
      },
    });
    const pool = { processes: 1, maxRunsPerProcess: 1, maxQueuedRuns: 100 };
    await using busy = await NodeRuntime.create({
      bindings: { gate: gate.binding, mark: mark("A") },
      pool,
    });
    await using quiet = await NodeRuntime.create({ bindings: { mark: mark("B") }, pool });
    const first = busy.run("return await tools.gate({})");
    await eventually(() => gate.entered() === 1, "the busy runtime holds the process");
    const many = [1, 2, 3, 4, 5].map((n) => busy.run(`return await tools.mark({ n: ${n} })`));
    const one = quiet.run("return await tools.mark({ n: 1 })");
    gate.open();
    await Promise.all([first, ...many, one]);
    // B1 came after all five of A's runs in the queue, yet runs right after A's first.
    expect(order.indexOf("B1")).toBe(1);
    expect(order.filter((o) => o.startsWith("A"))).toEqual(["A1", "A2", "A3", "A4", "A5"]);
  }, 60_000);

  it("dispose() of one runtime mid-flight leaves the other runtimes' runs intact", async () => {
    const gate = gateBinding();
    const hold = holdBinding();
    const pool = { processes: 1, maxRunsPerProcess: 3 };
    const leaving = await NodeRuntime.create({ bindings: { hold: hold.binding }, pool });
    await using staying = await NodeRuntime.create({ bindings: { gate: gate.binding }, pool });
    const mine = [1, 2].map((n) => staying.run(`return [await tools.gate({}), ${n}]`));
    const theirs = [1, 2, 3].map(() => leaving.run("await tools.hold({}); return 'never'"));
    await hold.until(1);
    await eventually(() => gate.entered() === 2, "both of the staying runtime's runs execute");
    await leaving.dispose();
    const gone = await Promise.all(theirs);
    expect(gone.map((r) => r.error?.code)).toEqual(["ABORTED", "ABORTED", "ABORTED"]);
    gate.open();
    const kept = await Promise.all(mine);
    expect(kept.map((r) => [r.exitCode, r.value])).toEqual([
      [0, ["through", 1]],
      [0, ["through", 2]],
    ]);
    expect((await staying.run("return 'still here'")).value).toBe("still here");
  }, 60_000);

  it("finds a stopped sandbox process, ends its run shortly after the run's own timeout, and replaces it", async () => {
    const hold = holdBinding();
    await using rt = await NodeRuntime.create({
      bindings: { hold: hold.binding },
      pool: { processes: 1, maxRunsPerProcess: 5 },
    });
    const run = rt.run("await tools.hold({}); return 'never'", { timeout: 1000 });
    await hold.until(1);
    const [pid] = sandboxPids();
    process.kill(pid!, "SIGSTOP");
    const idle = rt.run("return 'sent to the stopped process'", { timeout: 60_000 });
    const r = await run;
    expect(r.exitCode).not.toBe(0);
    expect(["TIMEOUT", "SANDBOX_CRASHED"]).toContain(r.error?.code);
    // The stopped process is killed; the run it never started runs on its replacement.
    expect((await idle).value).toBe("sent to the stopped process");
    await eventually(() => !alive(pid!), "the stopped process is gone");
    expect((await rt.run("return 'fresh'")).value).toBe("fresh");
  }, 60_000);

  it("leaves no sandbox process after the last dispose, and none when the host is SIGKILLed", async () => {
    const a = await NodeRuntime.create({ pool: { processes: 2, maxQueuedRuns: 7 } });
    const b = await NodeRuntime.create({ pool: { processes: 2, maxQueuedRuns: 7 } });
    await Promise.all([a.run("return 1"), b.run("return 2")]);
    const pids = sandboxPids();
    expect(pids.length).toBeGreaterThan(0);
    await a.dispose();
    expect(pids.every(alive)).toBe(true);
    await b.dispose();
    expect(pids.some(alive)).toBe(false);

    // A host process that dies without a chance to clean up.
    const dist = fileURLToPath(new URL("../../dist/index.js", import.meta.url));
    const host = spawn(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `const { NodeRuntime } = await import(${JSON.stringify(dist)});
         const rt = await NodeRuntime.create();
         await rt.run("return 1");
         console.log("ready");
         setInterval(() => {}, 1000);`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    await new Promise<void>((resolve) => host.stdout.once("data", () => resolve()));
    const orphans = sandboxPids(host.pid);
    expect(orphans.length).toBe(1);
    host.kill("SIGKILL");
    await eventually(() => !orphans.some(alive), "the sandbox process exits with its host");
  }, 60_000);
});
