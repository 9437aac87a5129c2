/**
 * Turns a run's events into bounded progress snapshots, delivered through an async iterator,
 * so the AI SDK can stream them as preliminary tool results while the code runs.
 * @module
 */
import type { RunEvent } from "@isobind/core";
import type { CodeModeBindingCall, CodeModeProgress } from "../types.ts";

/** Binding calls a snapshot lists at most (the newest); older ones are only counted. */
export const MAX_LISTED_CALLS = 20;
/** Console characters a snapshot keeps per stream (the newest). */
export const MAX_CONSOLE_CHARS = 2_000;

function tail(text: string): string {
  return text.length <= MAX_CONSOLE_CHARS ? text : text.slice(text.length - MAX_CONSOLE_CHARS);
}

/**
 * Accumulates events into the current snapshot. Bounded whatever the guest does: a program
 * that makes 1,000 calls or prints a megabyte yields snapshots of a few kilobytes at most.
 */
export class ProgressTracker {
  #calls: CodeModeBindingCall[] = [];
  #total = 0;
  #stdout = "";
  #stderr = "";

  apply(event: RunEvent): void {
    if (event.type === "console") {
      if (event.stream === "stdout") this.#stdout = tail(this.#stdout + event.text);
      else this.#stderr = tail(this.#stderr + event.text);
      return;
    }
    if (event.type === "binding:start") {
      this.#total++;
      this.#calls.push({ callId: event.callId, name: event.name, state: "running" });
      if (this.#calls.length > MAX_LISTED_CALLS) this.#calls.shift();
      return;
    }
    // Approval and replay events are not progress of a call that is running here.
    if (event.type !== "binding:end") return;
    const call = this.#calls.find((c) => c.callId === event.callId);
    if (call === undefined) return;
    call.state = event.ok ? "done" : "failed";
    if (event.errorCode !== undefined) call.errorCode = event.errorCode;
  }

  snapshot(): CodeModeProgress {
    return {
      status: "running",
      bindingCalls: this.#total,
      calls: this.#calls.map((c) => ({ ...c })),
      stdout: this.#stdout,
      stderr: this.#stderr,
    };
  }
}

/**
 * A one-consumer queue of "something changed" pings: several events that arrive before the
 * consumer reads coalesce into one snapshot, so a chatty program cannot flood the stream.
 */
export class ChangeSignal {
  #dirty = false;
  #wake: (() => void) | undefined;

  notify(): void {
    this.#dirty = true;
    this.#wake?.();
    this.#wake = undefined;
  }

  /** Resolves when something changed since the last call, or when `done` settles. */
  async next(done: Promise<unknown>): Promise<void> {
    if (!this.#dirty) {
      await Promise.race([new Promise<void>((resolve) => (this.#wake = resolve)), done]);
    }
    this.#dirty = false;
  }
}
