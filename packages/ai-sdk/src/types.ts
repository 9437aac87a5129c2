/**
 * Public types of the code tool's output: progress snapshots while the code runs, then the
 * result.
 * @module
 */
import type { BindingErrorCode, RunEvent, RunResult } from "@isobind/core";

/** The code tool's input, as the model sends it. */
export interface CodeModeToolInput {
  /** The program: the body of an async function. */
  code: string;
}

/** One binding call as a progress snapshot shows it. */
export interface CodeModeBindingCall {
  /** The call's id within the run (1, 2, 3, …). */
  callId: number;
  /** The binding's registered name. */
  name: string;
  /** `running` until the call settles. */
  state: "running" | "done" | "failed";
  /** The binding error code of a failed call. */
  errorCode?: BindingErrorCode;
}

/**
 * A preliminary tool result, streamed while the code runs (`tool-result` parts with
 * `preliminary: true` in `streamText`, the tool part's `output` in `useChat`). Each snapshot
 * replaces the previous one; all fields are bounded.
 */
export interface CodeModeProgress {
  status: "running";
  /** Binding calls started so far. */
  bindingCalls: number;
  /** The latest binding calls (at most 20), oldest first. */
  calls: CodeModeBindingCall[];
  /** The end of what the program printed with `console.log` so far (at most 2,000 characters). */
  stdout: string;
  /** The end of what it printed with `console.warn`/`console.error` so far (same cap). */
  stderr: string;
}

/** The tool's final output: what the run returned. The model sees only `text`. */
export interface CodeModeResult {
  /** `failed` when the run failed (exit code ≠ 0) or the input was unusable. */
  status: "completed" | "failed";
  /** The compact text sent to the model: the value as JSON, console output, the error and its guest line. */
  text: string;
  /** True when the run failed; the model receives `text` as an error result then. */
  isError: boolean;
  /** The full run result, for your UI and logs (never sent to the model). */
  result: RunResult;
}

/** Everything the code tool yields: progress snapshots, then one result. */
export type CodeModeToolOutput = CodeModeProgress | CodeModeResult;

/** Which tool call a run event belongs to. */
export interface CodeModeCallRef {
  /** The AI SDK's `toolCallId` of the code tool call. */
  toolCallId: string;
}

/** Receives a run's binding calls and console output as they happen. */
export type CodeModeRunEventListener = (event: RunEvent, call: CodeModeCallRef) => void;
