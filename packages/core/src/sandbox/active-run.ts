/**
 * One run in progress inside one sandbox: enters the guest with the budgets that are left,
 * relays its messages (binding calls, console output, timers) through the {@link GuestGuard},
 * records or replays entries when the run may pause, and settles the run's outcome. The
 * {@link Executor} prepares sandboxes and hands each run one of them.
 */
import type ivmTypes from "isolated-vm";
import { ReplayDriver } from "../approvals/replay-driver.ts";
import type { RunErrorCode } from "../types.ts";
import { GuestGuard } from "./guest-guard.ts";
import {
  describeRejection,
  GUEST_FILENAME,
  guestErrorOutcome,
  type PartialOutcome,
  syntaxOutcome,
  thrownMessage,
  wrapperOutcome,
} from "./outcomes.ts";
import {
  HOST_ERROR_NAME,
  type RunSink,
  type SandboxLimits,
  type SandboxOutcome,
  type StartRequest,
} from "./protocol.ts";
import { stripTypes } from "./typescript.ts";

/** An isolate with its context and bootstrap, ready for (or serving) one run. */
export interface Sandbox {
  isolate: ivmTypes.Isolate;
  context: ivmTypes.Context;
  start: ivmTypes.Reference<(main: unknown, limitsJson: string, determinismJson: string) => void>;
  dispatch: ivmTypes.Reference<(...args: ivmTypes.Transferable[]) => void>;
  check: ivmTypes.Reference<(code: string) => string>;
  memoryLimitMb: number;
  /** The binding set baked into this sandbox's bootstrap (see `Executor.defineBindings`). */
  bindingKey: string;
  /** Where the guest's messages go; set when a run takes the sandbox. */
  route: { run?: ActiveRun };
}

function tooLargeToCheck(chars: number, memoryLimitMb: number): PartialOutcome {
  const message = `the code is ${chars} characters; a sandbox with memoryLimitMb ${memoryLimitMb} can check at most ${memoryLimitMb * 131072} (raise limits.memoryLimitMb or send less code)`;
  return {
    code: "CODE_TOO_LARGE",
    error: { code: "CODE_TOO_LARGE", name: HOST_ERROR_NAME, message },
  };
}

/** Unhandled-rejection lines one run may add to stderr. */
const MAX_UNHANDLED_REPORTS = 10;

/**
 * How often the host reads the isolate's CPU counter. Every entry carries its own timeout; this
 * catches guest code V8 runs outside any entry, and ends the run this much past its budget.
 */
const CPU_WATCH_MS = 50;

/** A run in progress inside one sandbox. */
export class ActiveRun {
  readonly startedAt = performance.now();
  private done = false;
  private deadline: NodeJS.Timeout | undefined;
  private cpuWatch: NodeJS.Timeout | undefined;
  private readonly timers = new Map<number, NodeJS.Timeout>();
  /** When each pending timer was armed and for how long: a pause hands over what is left. */
  private readonly timerDue = new Map<number, number>();
  /** Entries into the guest that have not finished yet. */
  private readonly entries = new Set<Promise<void>>();
  /** Records entries (and replays them on resume) when the run may pause. */
  private readonly driver: ReplayDriver | undefined;
  private droppedOutputBytes = 0;
  private resolveOutcome!: (o: SandboxOutcome) => void;
  readonly outcome = new Promise<SandboxOutcome>((r) => {
    this.resolveOutcome = r;
  });

  readonly req: StartRequest;
  readonly sandbox: Sandbox;
  readonly sink: RunSink;
  private readonly guard: GuestGuard;
  private readonly release: (run: ActiveRun) => void;

  constructor(
    req: StartRequest,
    sandbox: Sandbox,
    sink: RunSink,
    release: (run: ActiveRun) => void,
  ) {
    this.req = req;
    this.sandbox = sandbox;
    this.sink = sink;
    this.release = release;
    this.guard = new GuestGuard(req.limits);
    if (req.record) {
      this.driver = new ReplayDriver(
        {
          enter: (entry) => this.enter(entry),
          forwardCall: (callId, name, input, replayed) =>
            this.sink.call(callId, name, input, replayed),
          armTimer: (id, ms) => this.armTimer(id, ms),
          diverged: (message) => this.fail("REPLAY_DIVERGED", `the replay diverged: ${message}`),
          isDone: () => this.done,
        },
        req.record.replay,
      );
    }
  }

  get limits(): SandboxLimits {
    return this.req.limits;
  }

  /**
   * Time budget of the next entry, as the integer milliseconds isolated-vm wants: the smaller
   * of the wall-clock and CPU budgets left. Which of the two it was is what later tells a
   * timeout from a CPU limit; the clock read after the timeout fires can land a hair short of
   * the deadline, so it cannot tell.
   */
  private entryBudget(): { timeout: number; boundBy: "wall" | "cpu" } {
    const wallLeft = this.limits.timeoutMs - (performance.now() - this.startedAt);
    const cpuLeft = this.limits.cpuTimeMs - this.cpuMs();
    return {
      timeout: Math.max(1, Math.ceil(Math.min(wallLeft, cpuLeft))),
      // The two clocks differ by fractions of a millisecond; a tie is the wall clock's.
      boundBy: wallLeft <= cpuLeft + 1 ? "wall" : "cpu",
    };
  }

  /** CPU time of this run: the isolate's counter also holds the bootstrap, run when pooled. */
  cpuMs(): number {
    try {
      return Number(this.sandbox.isolate.cpuTime) / 1e6 - this.cpuBaseMs;
    } catch {
      return this.lastCpuMs;
    }
  }
  private lastCpuMs = 0;
  private cpuBaseMs = 0;

  begin(): void {
    this.cpuBaseMs = this.cpuMs();
    this.deadline = setTimeout(
      () =>
        this.fail(
          "TIMEOUT",
          `the run exceeded its ${this.limits.timeoutMs} ms timeout (timeoutMs)`,
        ),
      this.limits.timeoutMs,
    );
    this.cpuWatch = setInterval(() => this.watchCpu(), CPU_WATCH_MS);
    this.cpuWatch.unref();
    const { req } = this;
    let code = req.code;
    if (req.language === "typescript") {
      const stripped = stripTypes(code);
      if (!stripped.ok) {
        this.finishWith({
          code: "SYNTAX_ERROR",
          error: { code: "SYNTAX_ERROR", name: "SyntaxError", message: stripped.message },
        });
        return;
      }
      code = stripped.code;
    }
    const main = this.compile(code);
    if (main === undefined) return;
    const record = req.record;
    const determinism = record
      ? JSON.stringify({
          seed: record.seed,
          date: record.replay?.clock.date ?? [],
          perf: record.replay?.clock.perf ?? [],
        })
      : "";
    const started = this.enterGuest(this.sandbox.start, [
      main.derefInto(),
      JSON.stringify(this.limits),
      determinism,
    ]);
    this.driver?.drive(started);
  }

  /**
   * Compiles the guest's code as the body of an async function. The wrapper alone could be
   * closed from inside (`}); for(;;){} (async function(){` would run at the script's top level),
   * so the bootstrap first has V8 parse the code as a function body on its own (`check`), and
   * only code that is exactly one body is run. Line 1 of the code is line 1 in stacks.
   */
  private compile(code: string): ivmTypes.Reference<unknown> | undefined {
    const { sandbox } = this;
    try {
      const script = sandbox.isolate.compileScriptSync(`(async function () {\n${code}\n})`, {
        filename: GUEST_FILENAME,
        lineOffset: -1,
      });
      const problem = sandbox.check.applySync(undefined, [code], {
        timeout: this.entryBudget().timeout,
      });
      if (problem !== "") {
        script.release();
        // isolated-vm refuses to compile strings longer than an eighth of the memory limit
        // from inside the isolate: such code cannot be checked, so it does not run.
        this.finishWith(
          problem.startsWith("EvalError")
            ? tooLargeToCheck(code.length, this.limits.memoryLimitMb)
            : wrapperOutcome(sandbox.isolate, code, String(problem)),
        );
        return undefined;
      }
      const main = script.runSync(sandbox.context, { reference: true, timeout: 1000 });
      script.release();
      return main;
    } catch (e) {
      if (/^Script execution timed out\.?$/.test(thrownMessage(e))) this.failOverBudget("cpu");
      else this.finishWith(syntaxOutcome(e));
      return undefined;
    }
  }

  /**
   * A message from the guest's `send`. The bootstrap bounds every message before sending it;
   * the host re-checks each bound before passing anything on, in case the bootstrap was
   * subverted: a violation ends the run.
   */
  onGuest(kind: string, a: unknown, b: unknown, c: unknown): void {
    if (this.done) return;
    const violation = this.guard.check(kind, a, b, c);
    if (violation !== undefined) {
      this.fail("SANDBOX_CRASHED", `the sandbox broke its protocol: ${violation}`);
      return;
    }
    switch (kind) {
      case "call":
        if (this.driver) this.driver.onCall(a as number, b as string, c as string);
        else this.sink.call(a as number, b as string, c as string, false);
        return;
      case "out":
        this.sink.output(a === "stderr" ? "stderr" : "stdout", b as string);
        return;
      case "timer":
        if (!this.driver?.onTimer(a as number, b as number))
          this.armTimer(a as number, b as number);
        return;
      case "clear": {
        if (this.driver?.onClear(a as number)) return;
        const t = this.timers.get(a as number);
        if (t) clearTimeout(t);
        this.timers.delete(a as number);
        this.timerDue.delete(a as number);
        return;
      }
      case "limit":
        this.droppedOutputBytes = Number(c) || 0;
        this.fail(a as RunErrorCode, b as string);
        return;
      case "done":
        this.droppedOutputBytes = Number(c) || 0;
        if (this.driver?.replaying) {
          this.fail("REPLAY_DIVERGED", "the replay diverged: the program ended before the pause");
          return;
        }
        if (a === 1) {
          this.finishWith({ code: null, valueJson: b === "" ? undefined : (b as string) });
        } else {
          this.finishWith(guestErrorOutcome(b as string));
        }
        return;
    }
  }

  private armTimer(id: number, ms: number): void {
    const handle = setTimeout(() => {
      this.timers.delete(id);
      this.timerDue.delete(id);
      this.enter(["timer", id]);
    }, ms);
    this.timers.set(id, handle);
    this.timerDue.set(id, performance.now() + ms);
  }

  private settleQueue: (string | number)[] = [];

  /**
   * Delivers a binding result into the guest. Results that arrive in the same tick (the usual
   * `Promise.all` case) go in one entry: each entry is a thread hop into the isolate.
   */
  settle(callId: number, ok: 0 | 1, payload: string): void {
    if (this.done || this.driver?.frozen) return;
    this.settleQueue.push(callId, ok, payload);
    if (this.settleQueue.length === 3) {
      queueMicrotask(() => {
        const batch = this.settleQueue;
        this.settleQueue = [];
        this.enter(["settle", ...batch]);
      });
    }
  }

  /**
   * A settle or timer entry, live or replayed from a continuation's record. The guard's counts
   * move here, so that results and timers answered by the replay driver count like live ones.
   */
  private enter(args: (string | number)[]): Promise<void> {
    if (this.done) return Promise.resolve();
    if (this.driver && !this.driver.record(args)) return Promise.resolve();
    if (args[0] === "settle") for (let i = 1; i + 2 < args.length; i += 3) this.guard.callSettled();
    else if (args[0] === "timer") this.guard.timerFired(args[1] as number);
    return this.enterGuest(this.sandbox.dispatch, args);
  }

  /**
   * One entry into the guest, bounded by what is left of the run's wall-clock and CPU budgets;
   * the promise settles once the entry finished (its failure ends or reports on the run).
   */
  private enterGuest(
    fn: ivmTypes.Reference<(...args: never[]) => void>,
    args: ivmTypes.Transferable[],
  ): Promise<void> {
    if (this.done) return Promise.resolve();
    const budget = this.entryBudget();
    const enteredAt = performance.now();
    const done = (fn as ivmTypes.Reference<(...args: ivmTypes.Transferable[]) => void>)
      .apply(undefined, args, { timeout: budget.timeout })
      .then(
        () => {},
        (e: unknown) => this.entryFailed(e, budget, enteredAt),
      );
    this.entries.add(done);
    done.then(() => this.entries.delete(done));
    return done;
  }

  /**
   * Ends the run `PAUSED`: no entry goes into the guest any more (results and timers that come
   * later are dropped here; the controller keeps the results). Once the entries under way
   * finished, the guest's clock journal is taken and the recorded state handed over.
   */
  pause(): void {
    const driver = this.driver;
    if (this.done || !driver || driver.frozen) return;
    driver.frozen = true;
    const now = performance.now();
    const timers: [number, number][] = [];
    for (const [id, due] of this.timerDue) timers.push([id, Math.max(0, Math.round(due - now))]);
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.timerDue.clear();
    Promise.all([...this.entries]).then(() => this.takeSnapshot(driver, timers));
  }

  private takeSnapshot(driver: ReplayDriver, timers: [number, number][]): void {
    if (this.done) return;
    const budget = this.entryBudget();
    const enteredAt = performance.now();
    this.sandbox.dispatch.apply(undefined, ["snapshot"], { timeout: budget.timeout }).then(
      (json: unknown) => {
        let clock: { date: number[]; perf: number[]; overflow: boolean };
        try {
          clock = JSON.parse(String(json));
        } catch {
          this.fail(
            "SANDBOX_CRASHED",
            "the sandbox broke its protocol: an unreadable clock journal",
          );
          return;
        }
        this.finishWith({
          code: "PAUSED",
          paused: {
            entries: driver.log,
            clock: { date: clock.date, perf: clock.perf },
            timers,
            overflow: clock.overflow,
          },
        });
      },
      (e: unknown) => this.entryFailed(e, budget, enteredAt),
    );
  }

  /**
   * An entry into the guest threw. The bootstrap catches everything inside an entry, so this is
   * a timeout, a dispose (memory), or isolated-vm reporting a promise the guest left rejected
   * with no handler when the entry ended. The guest can reject with any message it likes, so
   * the message alone decides nothing: a timeout is one only once the entry's budget was spent,
   * a dispose only when the isolate really is disposed.
   */
  private entryFailed(
    e: unknown,
    budget: { timeout: number; boundBy: "wall" | "cpu" },
    enteredAt: number,
  ): void {
    if (this.done) return;
    const message = thrownMessage(e);
    let disposed: boolean;
    try {
      disposed = this.sandbox.isolate.isDisposed;
    } catch {
      disposed = true;
    }
    const spent = performance.now() - enteredAt >= budget.timeout - 1;
    if (disposed && /memory limit/i.test(message)) {
      this.fail(
        "MEMORY_LIMIT",
        `the sandbox ran out of memory (memoryLimitMb: ${this.limits.memoryLimitMb})`,
      );
    } else if (disposed) {
      this.fail("SANDBOX_CRASHED", `the sandbox stopped unexpectedly: ${message}`);
    } else if (spent && /^Script execution timed out\.?$/.test(message)) {
      this.failOverBudget(budget.boundBy);
    } else {
      this.unhandledRejection(e);
    }
  }

  private failOverBudget(boundBy: "wall" | "cpu"): void {
    if (boundBy === "wall") {
      this.fail("TIMEOUT", `the run exceeded its ${this.limits.timeoutMs} ms timeout (timeoutMs)`);
    } else {
      this.fail(
        "CPU_TIME_LIMIT",
        `the run used more than ${this.limits.cpuTimeMs} ms of CPU time (cpuTimeMs)`,
      );
    }
  }

  private unhandledReports = 0;

  /**
   * A promise of the guest rejected and had no handler when the entry ended (isolated-vm checks
   * after each entry, as Node does after each turn of its event loop). The guest may still
   * handle it in a later turn, which the host cannot see, so the run goes on and stderr says
   * what happened. Binding calls never get here: the bootstrap tracks those itself.
   */
  private unhandledRejection(e: unknown): void {
    this.unhandledReports++;
    if (this.unhandledReports > MAX_UNHANDLED_REPORTS) return;
    const line =
      this.unhandledReports === MAX_UNHANDLED_REPORTS
        ? "isobind: more unhandled promise rejections were not reported\n"
        : `isobind: unhandled promise rejection (no handler when the code next waited): ${describeRejection(e)}\n`;
    this.sink.output("stderr", line);
  }

  /** CPU the isolate spent outside any timed entry (a backstop: see CPU_WATCH_MS). */
  private watchCpu(): void {
    if (this.done) return;
    if (this.cpuMs() > this.limits.cpuTimeMs + CPU_WATCH_MS) this.failOverBudget("cpu");
  }

  /** Ends the run from the host side (limit, abort, deadline). */
  fail(code: RunErrorCode, message: string): void {
    this.finishWith({ code, error: { code, name: HOST_ERROR_NAME, message } });
  }

  private finishWith(partial: PartialOutcome): void {
    if (this.done) return;
    this.lastCpuMs = this.cpuMs();
    this.done = true;
    if (this.deadline) clearTimeout(this.deadline);
    if (this.cpuWatch) clearInterval(this.cpuWatch);
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.release(this);
    this.resolveOutcome({
      ...partial,
      cpuMs: Math.round(this.lastCpuMs * 1000) / 1000,
      droppedOutputBytes: this.droppedOutputBytes,
    });
  }
}
