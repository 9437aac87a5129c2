/**
 * The code tool as a LangChain tool: one `StructuredTool` that runs the model's code in the
 * isobind sandbox and answers with `content_and_artifact` (text for the model, the run result
 * for programs).
 * @module
 */

import type {
  CodeTool,
  CodeToolInputSchema,
  OptionIssue,
  RunEvent,
  RunResult,
} from "@isobind/core";
import { InvalidOptionsError } from "@isobind/core";
import { checkCodeTool } from "@isobind/core/internal";
import type { CallbackManagerForToolRun } from "@langchain/core/callbacks/manager";
import { ToolMessage } from "@langchain/core/messages";
import {
  StructuredTool,
  type StructuredToolCallInput,
  type ToolReturnType,
  type ToolRunnableConfig,
} from "@langchain/core/tools";

/** The arguments the model sends to the code tool. */
export interface CodeModeToolInput {
  /** The program to run. */
  code: string;
}

/**
 * The artifact of every code tool call (`ToolMessage.artifact`): the full run result, with the
 * value, console output, error and stats. The model never sees it; programs (callbacks,
 * middleware, the caller of `agent.invoke`) read it from the message.
 */
export type CodeModeArtifact = RunResult;

/**
 * Options of {@link createCodeModeTool}: LangChain wiring. The code tool's own options (name,
 * limits, language, discovery) go to `createCodeTool(rt, options)`.
 */
export interface CodeModeToolOptions {
  /**
   * Receives binding calls and console output of every run as they happen. Exceptions it throws
   * are ignored. The same events also go to LangChain callback handlers as tool events
   * (`handleToolEvent`).
   * @defaultValue none
   */
  onEvent?: (event: RunEvent) => void;
}

/** Failed runs, so `invoke` can mark their `ToolMessage` as `status: "error"`. */
const failedArtifacts = new WeakSet<object>();

/**
 * A LangChain `StructuredTool` that runs model-written code in an isobind sandbox. Create one with
 * {@link createCodeModeTool}.
 *
 * - Its `description` is the code tool's description, with the TypeScript declaration of every
 *   binding; its `schema` is `{ code: string }` as JSON Schema.
 * - `responseFormat` is `"content_and_artifact"`: inside an agent each call becomes a
 *   `ToolMessage` whose `content` is the compact text for the model and whose `artifact` is the
 *   {@link CodeModeArtifact}. Invoked with plain arguments (`tool.invoke({ code })`) it returns the
 *   text only, as every LangChain tool does.
 * - A failed run is not thrown: the model reads the error code, message and guest line in the
 *   content and can fix its code; the `ToolMessage` gets `status: "error"`.
 * - The call's `signal` (from `agent.invoke(input, { signal })` or a timeout) cancels the run; the
 *   call then rejects with the signal's reason, like any cancelled LangChain call, and binding
 *   handlers see `ctx.signal` abort.
 */
export class CodeModeTool extends StructuredTool<
  CodeToolInputSchema,
  CodeModeToolInput,
  CodeModeToolInput,
  string
> {
  /** The LangChain class name, used in serialised tool descriptions and traces. */
  static override lc_name(): string {
    return "CodeModeTool";
  }

  name: string;
  description: string;
  schema: CodeToolInputSchema;

  /** The framework-neutral code tool doing the work. */
  readonly codeTool: CodeTool;
  readonly #onEvent: ((event: RunEvent) => void) | undefined;

  /**
   * Wraps a framework-neutral code tool. {@link createCodeModeTool} does the same and checks
   * its arguments first.
   * @param codeTool - A code tool from `createCodeTool(rt, options)`.
   * @param options - LangChain wiring; see {@link CodeModeToolOptions}.
   */
  constructor(codeTool: CodeTool, options: CodeModeToolOptions = {}) {
    super({ responseFormat: "content_and_artifact", verboseParsingErrors: true });
    this.codeTool = codeTool;
    this.name = codeTool.name;
    this.description = codeTool.description;
    this.schema = codeTool.inputSchema;
    this.#onEvent = options.onEvent;
  }

  /**
   * Runs the tool. Identical to `StructuredTool.invoke`, except that the `ToolMessage` of a failed
   * run is marked `status: "error"` (providers such as Anthropic pass that on to the model).
   */
  override async invoke<
    TInput extends StructuredToolCallInput<CodeToolInputSchema, CodeModeToolInput>,
    TConfig extends ToolRunnableConfig | undefined,
  >(input: TInput, config?: TConfig): Promise<ToolReturnType<TInput, TConfig, string>> {
    const output = await super.invoke(input, config);
    if (
      ToolMessage.isInstance(output) &&
      isObject(output.artifact) &&
      failedArtifacts.has(output.artifact)
    ) {
      output.status = "error";
    }
    return output;
  }

  /** @internal Returns `[content, artifact]`; the base class turns it into a `ToolMessage`. */
  protected override async _call(
    arg: CodeModeToolInput,
    runManager?: CallbackManagerForToolRun,
    parentConfig?: ToolRunnableConfig,
  ): Promise<string> {
    const signal = parentConfig?.signal;
    signal?.throwIfAborted();
    const onEvent = this.#onEvent;
    const { text, isError, result } = await this.codeTool.execute(arg, {
      signal,
      onEvent: (event) => {
        try {
          onEvent?.(event);
        } catch {
          // A broken listener must not fail the run (same contract as RunOptions.onEvent).
        }
        // Optional call: handleToolEvent is recent within @langchain/core 1.x.
        void runManager?.handleToolEvent?.(event)?.catch(() => {});
      },
    });
    // The caller cancelled: nobody is waiting for a model-facing answer, so reject like every
    // cancelled LangChain call instead of reporting ABORTED back to a model.
    signal?.throwIfAborted();
    if (isError) failedArtifacts.add(result);
    // With responseFormat "content_and_artifact" the base class expects a [content, artifact]
    // tuple from _call while typing invoke's plain-argument result as _call's result (the text).
    return [text, result] as unknown as string;
  }
}

/**
 * The code tool as a LangChain tool, ready for `createAgent({ tools: [tool] })` or
 * `model.bindTools([tool])`. Like every isobind adapter, it takes the framework-neutral code
 * tool from `createCodeTool(rt, options)`, which holds the tool's own options.
 *
 * @param codeTool - The code tool from `createCodeTool(rt, options)`.
 * @param options - LangChain wiring; see {@link CodeModeToolOptions}.
 * @returns A {@link CodeModeTool} with the code tool's name, description and schema.
 * @throws InvalidOptionsError when `codeTool` is not a code tool (a runtime, say) or an option
 *   is invalid.
 *
 * @example
 * ```ts
 * import { createCodeTool, NodeRuntime } from "@isobind/core";
 * import { createCodeModeTool } from "@isobind/langchain";
 * import { createAgent } from "langchain";
 *
 * await using rt = await NodeRuntime.create({ bindings });
 * const agent = createAgent({ model, tools: [createCodeModeTool(createCodeTool(rt))] });
 * const { messages } = await agent.invoke({ messages: [{ role: "user", content: "…" }] });
 * ```
 */
export function createCodeModeTool(
  codeTool: CodeTool,
  options: CodeModeToolOptions = {},
): CodeModeTool {
  const issues: OptionIssue[] = [];
  checkCodeTool(codeTool, "codeTool", issues);
  if (typeof options !== "object" || options === null) {
    issues.push({ path: "options", message: "must be an object" });
  } else if (options.onEvent !== undefined && typeof options.onEvent !== "function") {
    issues.push({ path: "options.onEvent", message: "must be a function" });
  }
  if (issues.length > 0) throw new InvalidOptionsError("createCodeModeTool", issues);
  return new CodeModeTool(codeTool, { onEvent: options.onEvent });
}

function isObject(value: unknown): value is object {
  return typeof value === "object" && value !== null;
}
