/** What a runtime shares with each of its runs besides bindings and the backend. */
import type { ContinuationKeys } from "../approvals/continuation.ts";
import type { ExitCode, RunErrorCode } from "../types.ts";

/**
 * The exit code of every run error code. `PAUSED` is 75, `EX_TEMPFAIL` of sysexits.h ("try
 * again later"): the run did not fail, it waits; shells and CI treat it as not-success.
 */
export const EXIT_CODES: Record<RunErrorCode, ExitCode> = {
  GUEST_ERROR: 1,
  SYNTAX_ERROR: 1,
  RESULT_TOO_LARGE: 1,
  RESULT_NOT_SERIALIZABLE: 1,
  BINDING_CALL_LIMIT: 1,
  CODE_TOO_LARGE: 1,
  REPLAY_DIVERGED: 1,
  PAUSED: 75,
  TIMEOUT: 124,
  CPU_TIME_LIMIT: 124,
  ABORTED: 130,
  MEMORY_LIMIT: 137,
  SANDBOX_CRASHED: 137,
};

/** Continuation settings and binding facts of one runtime. */
export interface RuntimeCore {
  /** Some binding or the runtime-wide policy can ask for approval. */
  mayNeedApproval: boolean;
  keys: ContinuationKeys;
  continuationTtlMs: number;
  maxContinuationBytes: number;
  bindingsHash: string;
  pathOf(name: string): readonly string[];
}
