/**
 * Approvals through the AI SDK's own tool-approval flow: a code run that pauses for approval
 * becomes a `tool-approval-request` (signed when `experimental_toolApprovalSecret` is set), and
 * the `tool-approval-response` resumes it.
 * @module
 */
import { createHash } from "node:crypto";
import type { CodeTool, PendingApproval, RunEvent } from "@isobind/core";
import { InvalidOptionsError, type OptionIssue } from "@isobind/core";
import {
  jsonSchema,
  type ModelMessage,
  type SingleToolApprovalFunction,
  type ToolApprovalStatus,
  type ToolExecutionOptions,
  tool,
} from "ai";
import { type AISdkCodeTool, type ToolContext, toModelOutput, toResult } from "./code-mode-tool.ts";
import type { CodeModeCallRef, CodeModeResult, CodeModeToolInput } from "./types.ts";

/** What the approval step keeps for one tool call until its `execute` runs. JSON-serialisable. */
export interface StoredCodeCall {
  /** SHA-256 (base64url) of the call's code: `execute` refuses an entry made for other code. */
  codeHash: string;
  /** The run's outcome so far: paused (with its sealed continuation) or finished. */
  output: CodeModeResult;
}

/**
 * Where the code tool keeps a run between the approval step and `execute`, by `toolCallId`. A
 * paused run's entry lives until the user answers, possibly in another request: share one
 * store (Redis, a database table) between the processes that serve the chat. Values are JSON.
 */
export interface CodeCallStore {
  get(toolCallId: string): StoredCodeCall | undefined | Promise<StoredCodeCall | undefined>;
  set(toolCallId: string, call: StoredCodeCall): void | Promise<void>;
  delete(toolCallId: string): void | Promise<void>;
}

/** Options of {@link toAISdkApprovalTool}. */
export interface AISdkApprovalToolOptions {
  /**
   * Where runs wait between the approval request and its response.
   * @defaultValue an in-memory store of this process (the newest 1,000 calls)
   */
  store?: CodeCallStore;
  /** Receives each run's binding calls and console output. Exceptions it throws are ignored. */
  onRunEvent?: (event: RunEvent, call: CodeModeCallRef) => void;
}

/** The code tool and its approval function, to pass as `tools` and `toolApproval`. */
export interface AISdkApprovalTool<CONTEXT extends ToolContext = ToolContext> {
  /** The code tool: `tools: { execute_code: tool }`. */
  tool: AISdkCodeTool<CONTEXT>;
  /** Its approval: `toolApproval: { execute_code: toolApproval }`. */
  toolApproval: SingleToolApprovalFunction<CodeModeToolInput, CONTEXT, unknown>;
}

const MEMORY_LIMIT = 1000;

/** The default store: this process only, the newest {@link MEMORY_LIMIT} calls. */
function memoryStore(): CodeCallStore {
  const map = new Map<string, StoredCodeCall>();
  return {
    get: (id) => map.get(id),
    set: (id, call) => {
      map.set(id, call);
      // Calls denied in the UI never reach execute: drop the oldest instead of growing.
      if (map.size > MEMORY_LIMIT) map.delete(map.keys().next().value as string);
    },
    delete: (id) => {
      map.delete(id);
    },
  };
}

function codeHash(input: unknown): string {
  const code = (input as { code?: unknown } | null)?.code;
  return createHash("sha256")
    .update(typeof code === "string" ? code : (JSON.stringify(input) ?? ""))
    .digest("base64url");
}

/** True when the history already holds this call's approval request (the SDK re-checks it). */
function approvalRequested(messages: readonly ModelMessage[], toolCallId: string): boolean {
  return messages.some(
    (m) =>
      m.role === "assistant" &&
      Array.isArray(m.content) &&
      m.content.some((p) => p.type === "tool-approval-request" && p.toolCallId === toolCallId),
  );
}

function describe(pending: readonly PendingApproval[]): string {
  return pending
    .map((p) => {
      const why = p.reason ? `: ${p.reason}` : "";
      return `tools.${p.path.join(".")}(${JSON.stringify(p.input)})${why}`;
    })
    .join("; ");
}

/**
 * The code tool with approvals carried by the AI SDK's own tool-approval flow, so a chat UI on
 * `useChat` shows them like any other tool approval:
 *
 * 1. When the model calls the code tool, `toolApproval` runs the program. If it pauses at a
 *    binding with `needsApproval`, the step ends with a `tool-approval-request` whose `reason`
 *    lists the waiting calls (`tools.payments.refund({...}): reason`); the paused run waits in
 *    the `store`. A program that needs no approval runs to its end there and is not run again.
 * 2. The user answers (`addToolApprovalResponse` in `useChat`, or a `tool-approval-response`
 *    part). Approved: `execute` resumes the paused run (calls made before the pause are
 *    replayed, not run again), approving every call it waited for. Denied: the AI SDK sends
 *    the model an `execution-denied` result and `execute` never runs.
 *
 * Set `experimental_toolApprovalSecret` on `generateText` / `streamText` so the AI SDK signs
 * the request and refuses a forged approval.
 *
 * @example
 * ```ts
 * const codeMode = toAISdkApprovalTool(createCodeTool(rt));
 * const result = streamText({
 *   model,
 *   messages,
 *   tools: { execute_code: codeMode.tool },
 *   toolApproval: { execute_code: codeMode.toolApproval },
 *   experimental_toolApprovalSecret: process.env.APPROVAL_SECRET,
 * });
 * ```
 * @throws InvalidOptionsError when `codeTool` cannot resume or an option is invalid.
 */
export function toAISdkApprovalTool<CONTEXT extends ToolContext = ToolContext>(
  codeTool: CodeTool,
  options: AISdkApprovalToolOptions = {},
): AISdkApprovalTool<CONTEXT> {
  const store = checkOptions(codeTool, options);
  const events = (toolCallId: string) => {
    const listener = options.onRunEvent;
    if (listener === undefined) return undefined;
    return (event: RunEvent) => {
      try {
        listener(event, { toolCallId });
      } catch {
        // A listener's failure must not end the run.
      }
    };
  };

  const toolApproval: AISdkApprovalTool<CONTEXT>["toolApproval"] = async (input, call) => {
    // The AI SDK asks again when the response comes back: the run is already waiting then.
    if (approvalRequested(call.messages, call.toolCallId)) return "user-approval";
    const onEvent = events(call.toolCallId);
    const executed = await codeTool.execute(input, {
      ...(onEvent ? { onEvent } : {}),
      ...(call.toolContext !== undefined ? { context: call.toolContext } : {}),
    });
    await store.set(call.toolCallId, { codeHash: codeHash(input), output: toResult(executed) });
    const result = executed.result;
    if (result.status !== "paused") return "not-applicable";
    return { type: "user-approval", reason: describe(result.pending) } satisfies ToolApprovalStatus;
  };

  async function execute(
    input: CodeModeToolInput,
    call: ToolExecutionOptions<CONTEXT>,
  ): Promise<CodeModeResult> {
    const stored = await store.get(call.toolCallId);
    if (stored === undefined) {
      if (approvalRequested(call.messages, call.toolCallId)) {
        // Running the program again would repeat the calls made before the pause.
        throw new Error(
          `the paused run of tool call ${call.toolCallId} is not in the store (another process without a shared store, or it was evicted); nothing ran`,
        );
      }
      // No toolApproval configured for this tool: run as toAISdkTool does.
      const onEvent = events(call.toolCallId);
      return toResult(
        await codeTool.execute(input, {
          ...(call.abortSignal ? { signal: call.abortSignal } : {}),
          ...(onEvent ? { onEvent } : {}),
          ...(call.context !== undefined ? { context: call.context } : {}),
        }),
      );
    }
    await store.delete(call.toolCallId);
    if (stored.codeHash !== codeHash(input)) {
      throw new Error(
        `the stored run of tool call ${call.toolCallId} was made for other code; nothing ran`,
      );
    }
    const paused = stored.output.result;
    if (paused.status !== "paused") return stored.output;
    const decisions = Object.fromEntries(paused.pending.map((p) => [p.id, { approved: true }]));
    const onEvent = events(call.toolCallId);
    const resumed = toResult(
      await (codeTool.resume as NonNullable<CodeTool["resume"]>)(paused.continuation, {
        decisions,
        ...(call.abortSignal ? { signal: call.abortSignal } : {}),
        ...(onEvent ? { onEvent } : {}),
      }),
    );
    return resumed.result.status === "paused" ? pausedAgain(resumed) : resumed;
  }

  const codeModeTool = tool<CodeModeToolInput, CodeModeResult, CONTEXT>({
    description: codeTool.description,
    inputSchema: jsonSchema<CodeModeToolInput>(structuredClone(codeTool.inputSchema)),
    execute,
    toModelOutput,
  });
  return { tool: codeModeTool as AISdkCodeTool<CONTEXT>, toolApproval };
}

/**
 * The AI SDK allows one approval per tool call, so a resumed run that reaches a second call
 * needing approval ends there: the model learns what waits and that nothing after it ran, and
 * can call the tool again for the rest (which asks for approval again).
 */
function pausedAgain(resumed: CodeModeResult): CodeModeResult {
  const pending = resumed.result.status === "paused" ? resumed.result.pending : [];
  const text =
    `${resumed.text}\nThe approved calls ran, but the program then reached another call that needs approval ` +
    `(${describe(pending)}) and stopped there: nothing after it ran. ` +
    "Call the tool again with code for the remaining steps to ask for that approval.";
  return { ...resumed, status: "failed", isError: true, text };
}

function checkOptions(codeTool: CodeTool, options: AISdkApprovalToolOptions): CodeCallStore {
  const issues: OptionIssue[] = [];
  if (typeof codeTool?.execute !== "function" || typeof codeTool?.resume !== "function") {
    issues.push({
      path: "codeTool",
      message: "must be a code tool from createCodeTool(rt) (one that can resume)",
    });
  }
  if (typeof options !== "object" || options === null) {
    issues.push({ path: "options", message: "must be an object" });
  } else {
    const s = options.store;
    if (
      s !== undefined &&
      (typeof s?.get !== "function" ||
        typeof s?.set !== "function" ||
        typeof s?.delete !== "function")
    ) {
      issues.push({ path: "options.store", message: "must have get, set and delete functions" });
    }
    if (options.onRunEvent !== undefined && typeof options.onRunEvent !== "function") {
      issues.push({ path: "options.onRunEvent", message: "must be a function" });
    }
  }
  if (issues.length > 0) throw new InvalidOptionsError("toAISdkApprovalTool", issues);
  return options.store ?? memoryStore();
}
