/**
 * The host's own count of what one run's guest sent. The bootstrap bounds every message before
 * it crosses, but it runs in the guest's realm: if guest code ever subverted it (the bug class
 * of a polluted prototype reaching the bootstrap's state), the host must not take its word for
 * any count or size. Each message is checked here before anything is passed on or copied
 * further (to the IPC channel, the binding controller or the output buffer).
 */
import type { SandboxLimits } from "./protocol.ts";

/** Codes a guest may end its own run with ("limit" messages); anything else is a violation. */
const GUEST_LIMIT_CODES = new Set(["BINDING_CALL_LIMIT", "GUEST_ERROR"]);
/** Longest binding name or limit message the bootstrap ever sends. */
const MAX_LABEL = 16 * 1024;
/** Longest error payload the bootstrap sends (its messages and stacks are cut at 12 KB). */
const MAX_ERROR_PAYLOAD = 64 * 1024;
const TIMERS_CREATED_PER_PENDING = 10;

function isId(v: unknown): v is number {
  return typeof v === "number" && Number.isSafeInteger(v) && v > 0;
}

/** Checks each message of one run's guest against the run's limits. */
export class GuestGuard {
  private inFlight = 0;
  private readonly pendingTimers = new Set<number>();
  private timersCreated = 0;
  private outChars = 0;
  private readonly limits: SandboxLimits;

  constructor(limits: SandboxLimits) {
    this.limits = limits;
  }

  /** Why the message breaks the protocol or a bound, or `undefined` when it is fine. */
  check(kind: string, a: unknown, b: unknown, c: unknown): string | undefined {
    const l = this.limits;
    switch (kind) {
      case "call":
        if (!isId(a) || typeof b !== "string" || b.length > MAX_LABEL || typeof c !== "string")
          return "a malformed binding call";
        // A string has at least as many UTF-8 bytes as UTF-16 units; the exact check is invoke's.
        if (c.length > l.maxBindingInputBytes)
          return `a binding input of ${c.length} characters, over limits.maxBindingInputBytes`;
        if (++this.inFlight > l.maxConcurrentBindingCalls)
          return `more than ${l.maxConcurrentBindingCalls} binding calls at once (limits.maxConcurrentBindingCalls)`;
        return undefined;
      case "out":
        if ((a !== "stdout" && a !== "stderr") || typeof b !== "string") return "malformed output";
        this.outChars += b.length;
        if (this.outChars > l.maxOutputBytes)
          return `more output than limits.maxOutputBytes (${l.maxOutputBytes} bytes)`;
        return undefined;
      case "timer":
        if (!isId(a) || typeof b !== "number" || !(b >= 0 && b <= 2_147_483_647))
          return "a malformed timer";
        this.pendingTimers.add(a);
        if (this.pendingTimers.size > l.maxPendingTimers)
          return `more than ${l.maxPendingTimers} pending timers (limits.maxPendingTimers)`;
        if (++this.timersCreated > l.maxPendingTimers * TIMERS_CREATED_PER_PENDING)
          return "more timers created than the run allows (10 x limits.maxPendingTimers)";
        return undefined;
      case "clear":
        if (!isId(a)) return "a malformed clearTimeout";
        this.pendingTimers.delete(a);
        return undefined;
      case "limit":
        if (!GUEST_LIMIT_CODES.has(a as string) || typeof b !== "string" || b.length > MAX_LABEL)
          return "a malformed limit report";
        return undefined;
      case "done":
        if (a === 1) {
          if (typeof b !== "string") return "a malformed result";
          if (b.length > l.maxResultBytes)
            return `a result of ${b.length} characters, over limits.maxResultBytes`;
          return undefined;
        }
        if (a !== 0 || typeof b !== "string" || b.length > MAX_ERROR_PAYLOAD)
          return "a malformed error report";
        return undefined;
      default:
        return "an unknown message";
    }
  }

  /** The host delivered a binding result: the call is no longer in flight. */
  callSettled(): void {
    if (this.inFlight > 0) this.inFlight--;
  }

  /** A timer fired on the host: it is no longer pending. */
  timerFired(id: number): void {
    this.pendingTimers.delete(id);
  }
}
