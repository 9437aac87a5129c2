/**
 * The code tool for the `openai` SDK's own loop helpers: `client.chat.completions.runTools()`
 * and `ResponsesToolRunner` (openai 7). Use these when your app already drives the model
 * through those helpers; the loops in this package do the same without them.
 * @module
 */
import type { CodeTool, RunEvent } from "@isobind/core";
import type { FunctionTool } from "openai/resources/responses/responses";
import { executeCall } from "./internal/execute-call.ts";
import { toChatCompletionTool, toResponsesTool } from "./tool-definitions.ts";

/** Options of {@link toRunnableTool} and {@link toResponsesRunnerFunction}. */
export interface SdkRunnerToolOptions {
  /** Receives each run's binding calls and console output as they happen. */
  onRunEvent?: (event: RunEvent) => void;
}

/**
 * The code tool as a `runTools()` tool. Failed runs come back to the model as results it can
 * fix. One difference from this package's own loop: the SDK's runner parses the arguments of
 * `strict` tools itself and throws on invalid JSON (which strict mode makes rare: it happens
 * when a response is cut off), where `runChatCompletionsLoop` answers with `INVALID_ARGUMENTS`.
 */
export interface RunnableCodeTool {
  /** Always `"function"`. */
  type: "function";
  /** The definition plus the callback the runner calls. */
  function: {
    name: string;
    description: string;
    parameters: Record<string, unknown>;
    strict: true;
    /** Runs the code; resolves with the text the runner sends back. Never rejects for the model's code. */
    function: (args: string) => Promise<string>;
  };
}

/** The code tool in the `{ tool, execute }` shape of the SDK's `ResponsesToolRunner` functions. */
export interface CodeToolRunnerFunction {
  /** The strict Responses function tool. */
  tool: FunctionTool;
  /** Runs the code; resolves with the text sent back as `function_call_output`. */
  execute: (
    args: Record<string, unknown>,
    options?: { signal: AbortSignal | undefined },
  ) => Promise<string>;
}

async function run(
  codeTool: CodeTool,
  input: string,
  signal: AbortSignal | undefined,
  options: SdkRunnerToolOptions | undefined,
): Promise<string> {
  const onRunEvent = options?.onRunEvent;
  const outcome = await executeCall(
    { callId: "", name: codeTool.name, input, kind: "function" },
    {
      codeTool,
      handlers: {},
      unknownTools: "error",
      signal,
      onRunEvent: onRunEvent ? (event) => onRunEvent(event) : undefined,
    },
  );
  // A call of the code tool by its own name always produces an outcome.
  return outcome?.output ?? "";
}

/**
 * The code tool for `client.chat.completions.runTools({ tools: [toRunnableTool(codeTool)] })`.
 *
 * @example
 * ```ts
 * const runner = client.chat.completions.runTools({ model, messages, tools: [toRunnableTool(codeTool)] });
 * const answer = await runner.finalContent();
 * ```
 * @throws InvalidOptionsError when the tool's name is not a valid OpenAI function name.
 */
export function toRunnableTool(
  codeTool: CodeTool,
  options?: SdkRunnerToolOptions,
): RunnableCodeTool {
  const definition = toChatCompletionTool(codeTool).function;
  return {
    type: "function",
    function: {
      name: definition.name,
      description: definition.description ?? "",
      parameters: definition.parameters ?? {},
      strict: true,
      function: (args: string) => run(codeTool, args, undefined, options),
    },
  };
}

/**
 * The code tool for the SDK's `ResponsesToolRunner`
 * (`new ResponsesToolRunner({ functions: [toResponsesRunnerFunction(codeTool)] })`). The
 * runner decodes the arguments itself; the runner's `signal` aborts the running code.
 *
 * @throws InvalidOptionsError when the tool's name is not a valid OpenAI function name.
 */
export function toResponsesRunnerFunction(
  codeTool: CodeTool,
  options?: SdkRunnerToolOptions,
): CodeToolRunnerFunction {
  return {
    tool: toResponsesTool(codeTool),
    execute: (args, runOptions) => run(codeTool, JSON.stringify(args), runOptions?.signal, options),
  };
}
