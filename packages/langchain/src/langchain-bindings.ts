/**
 * Existing LangChain tools as isobind bindings, so an agent switches to Code Mode by swapping
 * its tool list for one code tool.
 * @module
 */

import type {
  BindingContext,
  BindingDefinition,
  Bindings,
  JsonSchema,
  OptionIssue,
} from "@isobind/core";
import { InvalidOptionsError } from "@isobind/core";
import { checkNamespace, errorMessage, namespacedName } from "@isobind/core/internal";
import { isDirectToolOutput, ToolMessage } from "@langchain/core/messages";
import type { RunnableConfig } from "@langchain/core/runnables";
import { toJsonSchema } from "@langchain/core/utils/json_schema";

/**
 * Any LangChain tool: `tool()` results, `DynamicStructuredTool`, `DynamicTool`, `StructuredTool`
 * subclasses, and `runnable.asTool()` results, with Zod (v3 or v4) or JSON Schema input schemas.
 */
export interface LangChainTool {
  /** The tool's name; becomes the binding name. */
  readonly name: string;
  /** The tool's description; becomes the binding's description. */
  readonly description?: string;
  /** A Zod schema (v3 or v4) or a JSON Schema object. */
  readonly schema: unknown;
  /** Set by `StructuredTool`; `"content_and_artifact"` tools return `[content, artifact]`. */
  readonly responseFormat?: string;
  /** Runs the tool (`Runnable.invoke`). */
  invoke(input: unknown, config?: RunnableConfig): Promise<unknown>;
}

/** What a binding returns for a tool whose `responseFormat` is `"content_and_artifact"`. */
export type ArtifactMode = "content" | "content-and-artifact";

/** The result of a `"content_and_artifact"` tool under `artifacts: "content-and-artifact"`. */
export interface ContentAndArtifactResult {
  /** The `ToolMessage` content: what the model would have read. */
  content: unknown;
  /** The tool's artifact. */
  artifact: unknown;
}

/** Options of {@link bindingsFromLangChainTools}. */
export interface LangChainBindingsOptions {
  /**
   * Prefix every binding name with `<namespace>.`, so the guest calls
   * `tools.<namespace>.<toolName>(input)`. Useful when bindings come from several sources.
   * @defaultValue no prefix: the binding name is the tool name
   */
  namespace?: string;
  /**
   * What the guest receives from a tool whose `responseFormat` is `"content_and_artifact"`:
   * `"content"` is the content alone (what the model would have read had it called the tool
   * itself); `"content-and-artifact"` is `{ content, artifact }` (the artifact must then be
   * JSON-serialisable). Other tools are not affected.
   * @defaultValue "content"
   */
  artifacts?: ArtifactMode;
}

/**
 * Turns LangChain tools into isobind bindings, one per tool.
 *
 * - name: the tool's name (prefixed with `options.namespace` if given); the guest calls it as
 *   `tools.<jsName>(input)` (`get_weather` → `tools.getWeather`).
 * - description: the tool's description.
 * - inputSchema: the tool's schema as JSON Schema, converted by `@langchain/core`'s
 *   `toJsonSchema` (Zod v3/v4; JSON Schemas are passed through).
 * - handler: `tool.invoke(input, { signal })` with the binding's `ctx.signal`, so an ended or
 *   cancelled run aborts the tool. The guest receives the tool's output as it is (objects stay
 *   objects); a returned `ToolMessage` becomes its `content`; `"content_and_artifact"` tools
 *   return per `options.artifacts`. A tool that throws rejects in the guest with
 *   `HANDLER_ERROR` and the error's message.
 *
 * Inner tools run outside the agent's graph: they receive the signal but no agent state,
 * context, store or stream writer, and a tool that returns a LangGraph `Command` is refused.
 *
 * @param tools - The tools to expose. Names must be unique (after `namespace`).
 * @param options - See {@link LangChainBindingsOptions}.
 * @returns Bindings for `NodeRuntime.create({ bindings })`.
 * @throws InvalidOptionsError listing every problem at once: non-tools, missing or duplicate
 *   names, schemas that cannot be converted, a bad `namespace` or `artifacts`.
 *
 * @example
 * ```ts
 * const rt = await NodeRuntime.create({ bindings: bindingsFromLangChainTools([getWeather, calculate]) });
 * const agent = createAgent({ model, tools: [createCodeModeTool(createCodeTool(rt))] });
 * ```
 */
export function bindingsFromLangChainTools(
  tools: readonly LangChainTool[],
  options: LangChainBindingsOptions = {},
): Bindings {
  const where = "bindingsFromLangChainTools";
  const issues: OptionIssue[] = [];
  const artifacts = options.artifacts ?? "content";
  if (artifacts !== "content" && artifacts !== "content-and-artifact") {
    issues.push({
      path: "options.artifacts",
      message: `must be "content" or "content-and-artifact", got ${JSON.stringify(artifacts)}`,
    });
  }
  const namespace = checkNamespace(options.namespace, "options.namespace", issues);
  if (!Array.isArray(tools)) {
    issues.push({ path: "tools", message: "must be an array of LangChain tools" });
    throw new InvalidOptionsError(where, issues);
  }

  const bindings: Bindings = {};
  const firstIndex = new Map<string, number>();
  tools.forEach((candidate: unknown, index) => {
    const path = `tools[${index}]`;
    if (!isToolLike(candidate)) {
      issues.push({
        path,
        message:
          "is not a LangChain tool (expected an object with a string `name`, a `schema` and `invoke()`)",
      });
      return;
    }
    if (candidate.name.length === 0) {
      issues.push({ path: `${path}.name`, message: "must not be empty" });
      return;
    }
    const name = namespacedName(namespace, candidate.name);
    const seen = firstIndex.get(name);
    if (seen !== undefined) {
      issues.push({
        path: `${path}.name`,
        message: `duplicate binding name "${name}" (also tools[${seen}])`,
      });
      return;
    }
    firstIndex.set(name, index);

    const inputSchema = toBindingSchema(candidate.schema);
    if (typeof inputSchema === "string") {
      issues.push({
        path: `${path}.schema`,
        message: `cannot be converted to JSON Schema: ${inputSchema}`,
      });
      return;
    }

    const withArtifact =
      artifacts === "content-and-artifact" && candidate.responseFormat === "content_and_artifact";
    const definition: BindingDefinition<unknown, unknown> = {
      description: candidate.description ?? "",
      inputSchema,
      handler: withArtifact
        ? (input, ctx) => invokeWithArtifact(candidate, input, ctx)
        : async (input, ctx) =>
            toGuestValue(candidate.name, await candidate.invoke(input, toolConfig(ctx))),
    };
    bindings[name] = definition as BindingDefinition<never, unknown>;
  });

  if (issues.length > 0) throw new InvalidOptionsError(where, issues);
  return bindings;
}

function isToolLike(value: unknown): value is LangChainTool {
  if (typeof value !== "object" || value === null) return false;
  const tool = value as Record<string, unknown>;
  return typeof tool.name === "string" && "schema" in tool && typeof tool.invoke === "function";
}

/**
 * The binding's schema, or why there is none. A copy, because `toJsonSchema` caches its result
 * per schema object and hands the same object to every caller. `$schema` is kept: the runtime
 * picks its validator's dialect from it (Zod 4 emits 2020-12).
 */
function toBindingSchema(toolSchema: unknown): JsonSchema | string {
  let schema: unknown;
  try {
    schema = toJsonSchema(toolSchema as Parameters<typeof toJsonSchema>[0]);
  } catch (error) {
    return errorMessage(error);
  }
  if (typeof schema === "boolean") return schema;
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) {
    return "the schema is neither a Zod schema nor a JSON Schema object";
  }
  return structuredClone(schema) as Record<string, unknown>;
}

function toolConfig(ctx: BindingContext): RunnableConfig {
  return { signal: ctx.signal, metadata: { isobindRunId: ctx.runId, isobindCallId: ctx.callId } };
}

/** Invokes the tool as a tool call, the only way LangChain hands out a tool's artifact. */
async function invokeWithArtifact(
  tool: LangChainTool,
  input: unknown,
  ctx: BindingContext,
): Promise<ContentAndArtifactResult> {
  const output = await tool.invoke(
    { type: "tool_call", id: `isobind-${ctx.runId}-${ctx.callId}`, name: tool.name, args: input },
    toolConfig(ctx),
  );
  if (ToolMessage.isInstance(output)) return { content: output.content, artifact: output.artifact };
  return { content: toGuestValue(tool.name, output), artifact: undefined };
}

/** What the guest receives for one tool output. */
function toGuestValue(toolName: string, output: unknown): unknown {
  if (ToolMessage.isInstance(output)) return output.content;
  if (isDirectToolOutput(output)) {
    // A LangGraph Command only means something to an agent's tool node, which applies it to the
    // graph state; inside a program there is nothing to apply it to.
    throw new Error(
      `tool "${toolName}" returned a LangGraph Command, which only an agent's tool node can apply; it cannot be used from Code Mode`,
    );
  }
  return output;
}
