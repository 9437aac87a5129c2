/**
 * The code tool as an AI SDK tool: `tool()` with a JSON Schema input, for `generateText`,
 * `streamText` and agents, streaming progress as preliminary results while the code runs.
 * @module
 */
import type { CodeTool, CodeToolExecuteOptions, CodeToolResult, RunEvent } from "@isobind/core";
import { InvalidOptionsError, type OptionIssue } from "@isobind/core";
import { jsonSchema, type Tool, type ToolExecutionOptions, tool } from "ai";
import { ChangeSignal, ProgressTracker } from "./internal/progress.ts";
import type {
  CodeModeProgress,
  CodeModeResult,
  CodeModeRunEventListener,
  CodeModeToolInput,
  CodeModeToolOutput,
} from "./types.ts";

/** Options of {@link toAISdkTool}. */
export interface AISdkToolOptions {
  /**
   * Stream progress while the code runs: each binding call and console line yields a
   * preliminary result ({@link CodeModeProgress}), which `streamText` emits as a `tool-result`
   * part with `preliminary: true` and `useChat` shows as the tool part's output. Snapshots that
   * pile up while the consumer is busy coalesce into one. `generateText` ignores them.
   * @defaultValue true
   */
  progress?: boolean;
  /** Receives each run's binding calls and console output as they happen. Exceptions it throws are ignored. */
  onRunEvent?: CodeModeRunEventListener;
}

/** The code tool as the AI SDK sees it. */
export type AISdkCodeTool<CONTEXT extends ToolContext = ToolContext> = Tool<
  CodeModeToolInput,
  CodeModeToolOutput,
  CONTEXT
>;

/**
 * The AI SDK tool context the code tool accepts (`generateText({ toolsContext: { execute_code: … } })`).
 * Name a concrete type, `toAISdkTool<{ userId: string }>(codeTool)`, to pass one: the AI SDK only
 * accepts `toolsContext` for tools with a typed context.
 */
export type ToolContext = Record<string, unknown>;

/** What `execute` hands to the code tool; `context` is read by cores that support per-run context. */
type ExecuteOptions = CodeToolExecuteOptions & { context?: unknown };

function validateOptions(codeTool: unknown, options: unknown): AISdkToolOptions {
  const issues: OptionIssue[] = [];
  if (
    typeof codeTool !== "object" ||
    codeTool === null ||
    typeof (codeTool as CodeTool).execute !== "function"
  ) {
    issues.push({ path: "codeTool", message: "must be a code tool from createCodeTool(rt)" });
  }
  if (options !== undefined && (typeof options !== "object" || options === null)) {
    issues.push({ path: "options", message: "must be an object" });
  } else if (options !== undefined) {
    const { progress, onRunEvent } = options as AISdkToolOptions;
    if (progress !== undefined && typeof progress !== "boolean")
      issues.push({ path: "options.progress", message: "must be a boolean" });
    if (onRunEvent !== undefined && typeof onRunEvent !== "function")
      issues.push({ path: "options.onRunEvent", message: "must be a function" });
  }
  if (issues.length > 0) throw new InvalidOptionsError("toAISdkTool", issues);
  return (options ?? {}) as AISdkToolOptions;
}

/** @internal The tool's final output for a code tool result. */
export function toResult(executed: CodeToolResult): CodeModeResult {
  return {
    status: executed.isError ? "failed" : "completed",
    text: executed.text,
    isError: executed.isError,
    result: executed.result,
  };
}

/**
 * The code tool as an AI SDK tool. The model sees the code tool's description (the
 * TypeScript declaration of every binding) and a `{ code: string }` JSON Schema input. Each
 * call runs the code with the call's `abortSignal` (the run ends `ABORTED` when the generation
 * is aborted) and hands the call's tool `context` to the run.
 *
 * The model receives the compact text of the run (`error-text` for a failed run, so a
 * provider marks it as an error); your code receives a {@link CodeModeResult} with the full
 * `RunResult`. Failures are results, never exceptions: a syntax error, a timeout or a failing
 * binding reach the model, which can fix its code in the next step.
 *
 * @example
 * ```ts
 * const result = await generateText({
 *   model,
 *   tools: { execute_code: toAISdkTool(createCodeTool(rt)) },
 *   stopWhen: stepCountIs(5),
 *   prompt: "Is it warmer in Paris or Oslo?",
 * });
 * ```
 * @throws InvalidOptionsError when `codeTool` is not a code tool or an option is invalid.
 */
export function toAISdkTool<CONTEXT extends ToolContext = ToolContext>(
  codeTool: CodeTool,
  options?: AISdkToolOptions,
): AISdkCodeTool<CONTEXT> {
  const { progress = true, onRunEvent } = validateOptions(codeTool, options);

  function runOptions(call: ToolExecutionOptions<CONTEXT>, onEvent?: (e: RunEvent) => void) {
    const listen =
      onEvent !== undefined || onRunEvent !== undefined
        ? (event: RunEvent) => {
            onEvent?.(event);
            try {
              onRunEvent?.(event, { toolCallId: call.toolCallId });
            } catch {
              // A listener's failure must not end the run or lose the other events.
            }
          }
        : undefined;
    const opts: ExecuteOptions = {};
    if (call.abortSignal !== undefined) opts.signal = call.abortSignal;
    if (listen !== undefined) opts.onEvent = listen;
    // Core's per-run `context` (handed to binding handlers, never to the guest).
    if (call.context !== undefined) opts.context = call.context;
    return opts;
  }

  async function* streamRun(
    input: CodeModeToolInput,
    call: ToolExecutionOptions<CONTEXT>,
  ): AsyncGenerator<CodeModeToolOutput> {
    const tracker = new ProgressTracker();
    const changed = new ChangeSignal();
    const running = codeTool.execute(
      input,
      runOptions(call, (event) => {
        tracker.apply(event);
        changed.notify();
      }),
    );
    let finished = false;
    const settled = running.then(
      () => {
        finished = true;
      },
      () => {
        finished = true;
      },
    );
    for (;;) {
      await changed.next(settled);
      if (finished) break;
      yield tracker.snapshot() satisfies CodeModeProgress;
    }
    yield toResult(await running);
  }

  return tool<CodeModeToolInput, CodeModeToolOutput, CONTEXT>({
    description: codeTool.description,
    inputSchema: jsonSchema<CodeModeToolInput>(structuredClone(codeTool.inputSchema)),
    execute: progress
      ? (input, call) => streamRun(input, call)
      : async (input, call) => toResult(await codeTool.execute(input, runOptions(call))),
    toModelOutput,
  });
}

/** @internal What the model sees of an output: the text, as an error for a failed run. */
export function toModelOutput({ output }: { output: CodeModeToolOutput }) {
  // A progress snapshot is never the last output; answer sensibly should a caller pass one.
  if (output.status === "running")
    return { type: "text" as const, value: "The code is still running." };
  return output.isError
    ? { type: "error-text" as const, value: output.text }
    : { type: "text" as const, value: output.text };
}
