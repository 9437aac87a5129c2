/**
 * The sandbox side of pause and resume, owned by one run in the executor: it records every
 * entry into the guest (settle batches and timer fires) of a run that may pause, and on resume
 * replays a recorded log entry by entry before the run goes live.
 *
 * Why entry by entry: the guest's promise reactions depend on which results arrive in which
 * entry and in which order (a `Promise.race` picks its winner that way). Each recorded entry is
 * delivered only after the previous one finished; isolated-vm drains the isolate's microtasks
 * inside an entry and delivers the `send` messages an entry made before its `apply` settles
 * (measured on isolated-vm 7.0.1, both isolation modes), so when an entry is due, every call it
 * answers must already have been made. If one was not, or a call differs in binding or input
 * JSON, the program took another path: the run ends `REPLAY_DIVERGED` before any live call was
 * forwarded, so no recorded side effect runs again.
 */
import type { LogEntry, ReplayPlan } from "../sandbox/protocol.ts";

/** What the driver needs of the run it belongs to. */
export interface ReplayHost {
  /** Enters the guest with one entry; resolves when the entry finished (whatever its outcome). */
  enter(entry: LogEntry): Promise<void>;
  /** Hands a binding call to the run controller. */
  forwardCall(callId: number, name: string, inputJson: string, replayed: boolean): void;
  /** Arms a real timer. */
  armTimer(id: number, ms: number): void;
  /** Ends the run with `REPLAY_DIVERGED`. */
  diverged(message: string): void;
  /** True once the run ended. */
  isDone(): boolean;
}

/** Records a run's entries and replays a recorded log. */
export class ReplayDriver {
  /** Every entry of this run so far, replayed ones included: the log of the next pause. */
  readonly log: LogEntry[] = [];
  /** Set at a pause: no more entries go into the guest. */
  frozen = false;
  #replaying: boolean;
  readonly #host: ReplayHost;
  readonly #plan: ReplayPlan | undefined;
  readonly #known = new Map<number, [name: string, inputJson: string]>();
  readonly #recorded = new Set<number>();
  readonly #seen = new Set<number>();
  readonly #heldCalls: [number, string, string][] = [];
  /** Timers the guest armed during the replay: fired by the log, or armed for real after it. */
  readonly #armed = new Map<number, number>();
  readonly #remaining: Map<number, number>;

  constructor(host: ReplayHost, plan: ReplayPlan | undefined) {
    this.#host = host;
    this.#plan = plan;
    this.#replaying = plan !== undefined;
    this.#remaining = new Map(plan?.timers ?? []);
    for (const [callId, name, input] of plan?.calls ?? []) this.#known.set(callId, [name, input]);
    for (const entry of plan?.entries ?? []) {
      if (entry[0] !== "settle") continue;
      for (let i = 1; i + 2 < entry.length; i += 3) this.#recorded.add(entry[i] as number);
    }
  }

  /** True while recorded entries are still being replayed. */
  get replaying(): boolean {
    return this.#replaying;
  }

  /** Notes an entry the run is about to make; false when the run is frozen (drop it). */
  record(entry: LogEntry): boolean {
    if (this.frozen) return false;
    this.log.push(entry);
    return true;
  }

  /** Replays the plan once the start entry finished, then lets the run go live. */
  async drive(started: Promise<void>): Promise<void> {
    await started;
    for (const entry of this.#plan?.entries ?? []) {
      if (this.#host.isDone()) return;
      const problem = this.#check(entry);
      if (problem) {
        this.#host.diverged(problem);
        return;
      }
      if (entry[0] === "timer") this.#armed.delete(entry[1] as number);
      await this.#host.enter(entry);
    }
    if (this.#host.isDone() || !this.#replaying) return;
    this.#replaying = false;
    for (const [id, delay] of this.#armed)
      this.#host.armTimer(id, this.#remaining.get(id) ?? delay);
    this.#armed.clear();
    for (const [callId, name, input] of this.#heldCalls) {
      this.#host.forwardCall(callId, name, input, false);
    }
    this.#heldCalls.length = 0;
  }

  /** A call from the guest. During the replay it must be one the paused run made. */
  onCall(callId: number, name: string, inputJson: string): void {
    if (!this.#replaying) {
      this.#host.forwardCall(callId, name, inputJson, false);
      return;
    }
    const known = this.#known.get(callId);
    if (!known) {
      this.#host.diverged(`call ${callId} (${name}) was not made before the pause`);
      return;
    }
    if (known[0] !== name) {
      this.#host.diverged(`call ${callId} went to ${name}, not to ${known[0]} as before the pause`);
      return;
    }
    if (known[1] !== inputJson) {
      this.#host.diverged(`call ${callId} (${name}) has other input than before the pause`);
      return;
    }
    this.#seen.add(callId);
    if (this.#recorded.has(callId)) this.#host.forwardCall(callId, name, inputJson, true);
    // Calls that were in flight or waiting for approval at the pause go live after the replay.
    else this.#heldCalls.push([callId, name, inputJson]);
  }

  /** A timer the guest armed; true when the driver took it (during the replay). */
  onTimer(id: number, ms: number): boolean {
    if (!this.#replaying) return false;
    this.#armed.set(id, ms);
    return true;
  }

  /** A timer the guest cleared; true when the driver took it (during the replay). */
  onClear(id: number): boolean {
    if (!this.#replaying) return false;
    this.#armed.delete(id);
    return true;
  }

  #check(entry: LogEntry): string | undefined {
    if (entry[0] === "timer") {
      return this.#armed.has(entry[1] as number)
        ? undefined
        : `timer ${entry[1]} was not pending when it fired before the pause`;
    }
    for (let i = 1; i + 2 < entry.length; i += 3) {
      const callId = entry[i] as number;
      if (!this.#seen.has(callId)) {
        const name = this.#known.get(callId)?.[0] ?? "?";
        return `call ${callId} (${name}) was not made by the time its result was due`;
      }
    }
    return undefined;
  }
}
