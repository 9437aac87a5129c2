/** What a runtime shares with each of its runs besides bindings and the backend. */
import type { ContinuationKeys } from "../approvals/continuation.ts";
import { type ExitCode, RUN_EXIT_CODES, type RunErrorCode } from "../error-codes.ts";

/**
 * The exit code of every run error code, derived from the code table (error-codes.ts), so a new
 * run code cannot be left without one. `PAUSED` is 75, `EX_TEMPFAIL` of sysexits.h ("try again
 * later"): the run did not fail, it waits; shells and CI treat it as not-success.
 */
export const EXIT_CODES: Readonly<Record<RunErrorCode, ExitCode>> = RUN_EXIT_CODES;

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
