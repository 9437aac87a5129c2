/** The part of a run's limits the sandbox enforces itself. */
import type { StartRequest } from "../sandbox/protocol.ts";
import type { ResolvedLimits } from "./options.ts";

/** Picks the limits a sandbox enforces from a run's resolved limits. */
export function sandboxLimits(l: ResolvedLimits): StartRequest["limits"] {
  return {
    timeoutMs: l.timeoutMs,
    cpuTimeMs: l.cpuTimeMs,
    memoryLimitMb: l.memoryLimitMb,
    maxOutputBytes: l.maxOutputBytes,
    maxResultBytes: l.maxResultBytes,
    maxBindingCalls: l.maxBindingCalls,
    maxConcurrentBindingCalls: l.maxConcurrentBindingCalls,
    maxBindingInputBytes: l.maxBindingInputBytes,
    maxPendingTimers: l.maxPendingTimers,
  };
}
