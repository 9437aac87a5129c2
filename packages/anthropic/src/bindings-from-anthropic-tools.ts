/**
 * Anthropic tools with host handlers, or the SDK's runnable tools (`betaTool`, `betaZodTool`),
 * become isobind bindings, so an existing Claude tool set switches to Code Mode unchanged.
 * @module
 */
import type { BetaRunnableTool } from "@anthropic-ai/sdk/lib/tools/BetaRunnableTool";
import type { Tool } from "@anthropic-ai/sdk/resources/messages/messages";
import type {
  BindingContext,
  BindingDefinition,
  Bindings,
  JsonSchema,
  OptionIssue,
} from "@isobind/core";
import { InvalidOptionsError } from "@isobind/core";
import type { AnthropicToolHandler } from "./types.ts";

/** Options of {@link bindingsFromAnthropicTools}. */
export interface BindingsFromAnthropicToolsOptions {
  /**
   * Puts every binding under a namespace: `"crm"` turns `get_user` into the binding
   * `crm.get_user`, which the guest calls as `tools.crm.getUser(input)`.
   * @defaultValue none: binding names are the tool names
   */
  namespace?: string;
  /**
   * Runnable tools return text (a tool result is text or content blocks). With this on, a text
   * result that is valid JSON reaches the guest parsed (`{ temp: 61 }` instead of
   * `'{"temp":61}'`); other text stays text.
   * @defaultValue true
   */
  parseJsonResults?: boolean;
}

/** A tool definition that can become a binding: a Messages API custom tool (`Tool`). */
export type AnthropicToolDefinition = Tool;

const NAMESPACE_PATTERN = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;
const CODE_CALLER = /^code_execution_/;

function isRunnable(value: unknown): value is BetaRunnableTool {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as BetaRunnableTool).run === "function"
  );
}

function parseIfJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Text blocks become their text; other blocks (images, documents) reach the guest as given. */
function fromToolResult(content: unknown, parseJson: boolean): unknown {
  if (typeof content === "string") return parseJson ? parseIfJson(content) : content;
  if (!Array.isArray(content)) return content;
  if (content.every((b) => (b as { type?: unknown }).type === "text")) {
    const text = content.map((b) => (b as { text: string }).text).join("");
    return parseJson ? parseIfJson(text) : text;
  }
  return content;
}

/** The text of a thrown `ToolError` (its content), or the error's message. */
function failureText(error: unknown): string {
  const content = (error as { content?: unknown } | null)?.content;
  if (typeof content === "string") return content;
  if (Array.isArray(content))
    return content
      .map((b) => (b as { text?: unknown }).text)
      .filter((t) => typeof t === "string")
      .join("\n");
  return error instanceof Error ? error.message : String(error);
}

function runnableHandler(t: BetaRunnableTool, parseJson: boolean) {
  return async (input: unknown, ctx: BindingContext): Promise<unknown> => {
    const toolUse = {
      type: "tool_use" as const,
      id: `isobind_${ctx.runId}_${ctx.callId}`,
      name: t.name,
      input,
      caller: { type: "direct" as const },
    };
    try {
      // parse() is the tool's own check (zod for betaZodTool), after the runtime's JSON Schema one.
      const args = t.parse ? t.parse(input) : input;
      const content = await t.run(args, { toolUse, toolUseBlock: toolUse, signal: ctx.signal });
      return fromToolResult(content, parseJson);
    } catch (error) {
      throw new Error(failureText(error));
    }
  };
}

/** Reads one definition or runnable tool, or records what is wrong with it. */
function readTool(
  tool: unknown,
  path: string,
  issues: OptionIssue[],
): { name: string; description: string; inputSchema: JsonSchema } | undefined {
  if (typeof tool !== "object" || tool === null) {
    issues.push({ path, message: "must be an Anthropic custom tool definition" });
    return undefined;
  }
  const t = tool as {
    type?: unknown;
    name?: unknown;
    description?: unknown;
    input_schema?: unknown;
    allowed_callers?: unknown;
  };
  if (t.type !== undefined && t.type !== null && t.type !== "custom") {
    issues.push({
      path: `${path}.type`,
      message: `${JSON.stringify(t.type)} is a server or built-in tool and cannot run from code`,
    });
    return undefined;
  }
  if (typeof t.name !== "string" || t.name.length === 0) {
    issues.push({ path: `${path}.name`, message: "must be a non-empty string" });
    return undefined;
  }
  if (typeof t.input_schema !== "object" || t.input_schema === null) {
    issues.push({ path: `${path}.input_schema`, message: "must be a JSON Schema object" });
    return undefined;
  }
  // A tool whose owner allowed only direct calls must not become callable from code.
  if (
    Array.isArray(t.allowed_callers) &&
    !t.allowed_callers.some((c) => typeof c === "string" && CODE_CALLER.test(c))
  ) {
    issues.push({
      path: `${path}.allowed_callers`,
      message:
        "allows no code caller (only direct calls); leave the tool out or add a code_execution caller",
    });
    return undefined;
  }
  return {
    name: t.name,
    description: typeof t.description === "string" ? t.description : "",
    inputSchema: t.input_schema as JsonSchema,
  };
}

/**
 * Turns Anthropic tools into isobind bindings for `NodeRuntime.create({ bindings })`. Names
 * and descriptions are kept, `input_schema` becomes `inputSchema` (so bad input is
 * `INVALID_INPUT` in the guest before any handler runs).
 *
 * Accepts either custom tool definitions plus a map of handlers by name, or the SDK's runnable
 * tools (`betaTool`, `betaZodTool`, `toolRunner`'s `tools`), whose `parse` and `run` are used;
 * a runnable tool's text result reaches the guest parsed when it is JSON, and a thrown error
 * (`ToolError` included) rejects in the guest as `HANDLER_ERROR` with its text.
 *
 * A tool with `allowed_callers` that lists no `code_execution_*` caller was meant for direct
 * calls only and is refused. Reports every problem at once.
 *
 * @example
 * ```ts
 * const rt = await NodeRuntime.create({ bindings: bindingsFromAnthropicTools([getWeather, calculate]) });
 * ```
 * @throws InvalidOptionsError listing every problem found.
 */
export function bindingsFromAnthropicTools(
  tools: readonly AnthropicToolDefinition[],
  handlers: Readonly<Record<string, AnthropicToolHandler>>,
  options?: BindingsFromAnthropicToolsOptions,
): Bindings;
export function bindingsFromAnthropicTools(
  runnableTools: readonly BetaRunnableTool[],
  options?: BindingsFromAnthropicToolsOptions,
): Bindings;
export function bindingsFromAnthropicTools(
  tools: readonly (AnthropicToolDefinition | BetaRunnableTool)[],
  second?: Readonly<Record<string, AnthropicToolHandler>> | BindingsFromAnthropicToolsOptions,
  third?: BindingsFromAnthropicToolsOptions,
): Bindings {
  const where = "bindingsFromAnthropicTools";
  if (!Array.isArray(tools))
    throw new InvalidOptionsError(where, [
      { path: "tools", message: "must be an array of Anthropic tools" },
    ]);
  const runnable =
    tools.length > 0 ? tools.every(isRunnable) : third === undefined && !isHandlerMap(second);
  const handlerMap = runnable
    ? undefined
    : (second as Readonly<Record<string, AnthropicToolHandler>> | undefined);
  const options = (runnable ? second : third) as BindingsFromAnthropicToolsOptions | undefined;
  const issues: OptionIssue[] = [];
  if (!runnable && !isHandlerMap(handlerMap))
    issues.push({
      path: "handlers",
      message: "must be an object of handler functions by tool name (or pass only runnable tools)",
    });
  const namespace = options?.namespace;
  if (
    namespace !== undefined &&
    (typeof namespace !== "string" || !NAMESPACE_PATTERN.test(namespace))
  )
    issues.push({
      path: "options.namespace",
      message:
        "may contain only letters, digits, '_', '-' and '.', and no empty segment between dots",
    });
  const parseJson = options?.parseJsonResults !== false;

  const bindings: Bindings = {};
  const seen = new Set<string>();
  tools.forEach((tool, index) => {
    const path = `tools[${index}]`;
    const parts = readTool(tool, path, issues);
    if (parts === undefined) return;
    if (seen.has(parts.name)) {
      issues.push({ path, message: `duplicate tool name ${JSON.stringify(parts.name)}` });
      return;
    }
    seen.add(parts.name);
    let handler: BindingDefinition<unknown, unknown>["handler"] | undefined;
    if (runnable) handler = runnableHandler(tool as BetaRunnableTool, parseJson);
    else if (
      handlerMap &&
      Object.hasOwn(handlerMap, parts.name) &&
      typeof handlerMap[parts.name] === "function"
    ) {
      const fn = handlerMap[parts.name]!;
      handler = (input, ctx) => fn(input, ctx);
    }
    if (handler === undefined) {
      issues.push({
        path: `handlers.${parts.name}`,
        message: `tool ${JSON.stringify(parts.name)} needs a handler function`,
      });
      return;
    }
    const definition: BindingDefinition<unknown, unknown> = {
      description: parts.description,
      inputSchema: parts.inputSchema,
      handler,
    };
    bindings[namespace ? `${namespace}.${parts.name}` : parts.name] =
      definition as Bindings[string];
  });
  if (handlerMap && isHandlerMap(handlerMap)) {
    for (const name of Object.keys(handlerMap))
      if (!seen.has(name) && !issues.some((i) => i.path.startsWith("tools[")))
        issues.push({ path: `handlers.${name}`, message: "has no tool of that name" });
  }
  if (issues.length > 0) throw new InvalidOptionsError(where, issues);
  return bindings;
}

function isHandlerMap(value: unknown): value is Readonly<Record<string, AnthropicToolHandler>> {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === "function") &&
    !("namespace" in value) &&
    !("parseJsonResults" in value)
  );
}
