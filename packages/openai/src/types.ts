/**
 * Public types shared by the tool-call handlers and the loops.
 * @module
 */
import type { ApprovalDecision, CodeTool, RunEvent, RunResult } from "@isobind/core";
import type {
  ResponseCustomToolCallOutput,
  ResponseInputItem,
} from "openai/resources/responses/responses";

/** The context a host handler of another tool receives. */
export interface FunctionToolContext {
  /** Aborts when the caller's `signal` aborts; never aborts when no signal was given. */
  readonly signal: AbortSignal;
  /** The call's `tool_call_id` (Chat Completions) or `call_id` (Responses). */
  readonly callId: string;
  /** The tool's name. */
  readonly name: string;
}

/**
 * Host handler of a tool other than the code tool. Function tools get the parsed JSON
 * arguments, custom tools the raw input text. A string result is sent as is, anything else as
 * JSON. A throw becomes an error output the model can read, never a rejection.
 */
export type FunctionToolHandler = (args: unknown, context: FunctionToolContext) => unknown;

/** Which call a run event or an outcome belongs to. */
export interface ToolCallRef {
  /** `tool_call_id` (Chat Completions) or `call_id` (Responses). */
  readonly callId: string;
  /** The tool's name. */
  readonly name: string;
}

/** The outcome of one tool call. */
export interface ToolCallOutcome extends ToolCallRef {
  /** The text sent back to the model. */
  readonly output: string;
  /**
   * True when the run failed, the arguments were unusable, the tool was unknown or its handler
   * threw. OpenAI has no error flag on tool results: the model reads the failure from `output`.
   */
  readonly isError: boolean;
  /** The full run result, present when the code tool ran. */
  readonly result?: RunResult;
}

/** Options of the tool-call handlers; the loops accept the same fields. */
export interface ToolCallHandlerOptions {
  /** The code tool (from `createCodeTool(rt)`) whose calls run the model's code. */
  codeTool: CodeTool;
  /**
   * Host handlers of other tools the model may call, by tool name (tools you send next to the
   * code tool).
   * @defaultValue `{}`
   */
  handlers?: Readonly<Record<string, FunctionToolHandler>>;
  /**
   * A call to a tool that is neither the code tool nor in `handlers`: `"skip"` leaves it out of
   * the returned list (answer it yourself: the API refuses a conversation with an unanswered
   * tool call); `"error"` answers it with an `UNKNOWN_TOOL` error the model can read.
   * @defaultValue "skip" in the handlers, "error" in the loops
   */
  unknownTools?: "skip" | "error";
  /** Aborts running code (`ABORTED`, exit 130) and is passed on to handlers. */
  signal?: AbortSignal;
  /** Receives each code run's binding calls and console output as they happen. */
  onRunEvent?: (event: RunEvent, call: ToolCallRef) => void;
  /** Receives each call's outcome as it settles (completion order). Exceptions it throws are ignored. */
  onToolResult?: (outcome: ToolCallOutcome) => void;
}

/** The answer to one Responses tool call: `function_call_output` or `custom_tool_call_output`. */
export type ResponsesToolOutputItem =
  | ResponseInputItem.FunctionCallOutput
  | ResponseCustomToolCallOutput;

/**
 * One binding call inside a code run that waits for a person's decision. The run paused at it;
 * nothing after it ran, and the model has not seen the tool call's result yet.
 */
export interface ToolApprovalRequest {
  /** Key of its decision: `<tool call id>:<pending id>`, unique across the calls of one turn. */
  readonly id: string;
  /** The code tool call (`tool_call_id` / `call_id`) whose run paused. */
  readonly callId: string;
  /** The binding's registered name. */
  readonly binding: string;
  /** Its guest path (`["payments", "refund"]` for `tools.payments.refund`). */
  readonly path: readonly string[];
  /** The validated input the guest passed. */
  readonly input: unknown;
  /** Why it needs approval, when the policy gave a reason. */
  readonly reason?: string;
}

/**
 * Decisions on {@link ToolApprovalRequest}s, keyed by their `id`: `{ approved: true, input? }`
 * (an edited input is validated against the binding's schema) or `{ approved: false, reason? }`
 * (the call rejects in the guest with `APPROVAL_DENIED`). Every request needs one.
 */
export type ToolApprovalDecisions = Readonly<Record<string, ApprovalDecision>>;

/**
 * The outcome of {@link runChatToolCalls} / {@link runResponsesToolCalls} and their `resume`
 * counterparts: every call answered, or some code run paused for approval.
 * @typeParam O - The answer type: tool messages (Chat Completions) or output items (Responses).
 */
export type ToolCallsStep<O> =
  | {
      /** Every call is answered: send `outputs` to the model. */
      status: "done";
      /** The answers, in call order. */
      outputs: O[];
    }
  | {
      /** A code run waits for decisions; nothing goes to the model yet. */
      status: "paused";
      /** What a person decides. */
      approvals: ToolApprovalRequest[];
      /**
       * The paused calls as a JSON string: pass it to the `resume` function with the decisions.
       * It holds the outputs of the calls that finished (plain text) and each paused run's
       * sealed continuation (encrypted and signed by the runtime's `approvals.secret`).
       */
      state: string;
    };
