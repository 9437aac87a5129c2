/**
 * OpenAI function tools with host handlers become isobind bindings, so an existing OpenAI
 * tool set switches to Code Mode without rewriting its tools.
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
import { checkNamespace, namespacedName } from "@isobind/core/internal";
import type { ChatCompletionFunctionTool } from "openai/resources/chat/completions";
import type { FunctionTool } from "openai/resources/responses/responses";

/** An OpenAI function tool definition: Chat Completions (`{ type, function }`) or Responses (flat). */
export type OpenAIFunctionToolDefinition = ChatCompletionFunctionTool | FunctionTool;

/**
 * The host function behind an OpenAI tool. Receives the validated arguments object (what the
 * model would have sent as JSON) and the binding context, whose `signal` aborts when the run
 * ends. Its result goes to the guest code.
 */
// biome-ignore lint/suspicious/noExplicitAny: handlers declare their own argument type, as with the OpenAI SDK.
export type OpenAIToolHandler = (args: any, context: BindingContext) => unknown;

/**
 * A tool with its handler, in the shape of the SDK's `ResponsesToolRunner` functions
 * (`{ tool, execute }`), so a list written for the runner can be passed as is.
 */
export interface OpenAIToolWithHandler {
  /** The function tool definition (either format). */
  tool: OpenAIFunctionToolDefinition;
  /** The host function. */
  execute: OpenAIToolHandler;
}

/** Options of {@link bindingsFromOpenAITools}. */
export interface BindingsFromOpenAIToolsOptions {
  /**
   * Puts every binding under a namespace: `"crm"` turns `get_user` into the binding
   * `crm.get_user`, which the guest calls as `tools.crm.getUser(input)`.
   * @defaultValue none: binding names are the tool names
   */
  namespace?: string;
  /**
   * OpenAI handlers usually return JSON text, because a tool result must be a string. With
   * this on, a string result that is valid JSON reaches the guest parsed (`{ temp: 61 }`
   * instead of `'{"temp":61}'`); other strings stay strings.
   * @defaultValue false
   */
  parseJsonResults?: boolean;
}

interface ToolParts {
  name: string;
  description: string;
  parameters: JsonSchema;
  outputSchema: JsonSchema | undefined;
}

/** Reads name, description and schemas from either tool format, or says what is wrong. */
function readTool(tool: unknown, path: string, issues: OptionIssue[]): ToolParts | undefined {
  if (
    typeof tool !== "object" ||
    tool === null ||
    (tool as { type?: unknown }).type !== "function"
  ) {
    issues.push({ path, message: 'must be a function tool ({ type: "function", ... })' });
    return undefined;
  }
  const chat = (tool as { function?: unknown }).function;
  const flat = (typeof chat === "object" && chat !== null ? chat : tool) as {
    name?: unknown;
    description?: unknown;
    parameters?: unknown;
    output_schema?: unknown;
  };
  if (typeof flat.name !== "string" || flat.name.length === 0) {
    issues.push({ path: `${path}.name`, message: "must be a non-empty string" });
    return undefined;
  }
  const parameters = flat.parameters ?? {
    type: "object",
    properties: {},
    additionalProperties: false,
  };
  if (typeof parameters !== "object") {
    issues.push({ path: `${path}.parameters`, message: "must be a JSON Schema object" });
    return undefined;
  }
  const description = flat.description ?? "";
  if (typeof description !== "string") {
    issues.push({ path: `${path}.description`, message: "must be a string" });
    return undefined;
  }
  const output = flat.output_schema;
  return {
    name: flat.name,
    description,
    parameters: parameters as JsonSchema,
    outputSchema:
      typeof output === "object" && output !== null ? (output as JsonSchema) : undefined,
  };
}

function parseIfJson(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/**
 * Turns OpenAI function tools and their host handlers into isobind bindings for
 * `NodeRuntime.create({ bindings })`. Names are kept (an OpenAI name is always a valid binding
 * name), `parameters` becomes `inputSchema` (strict-mode schemas, where optional fields are
 * nullable and required, work as they are), a Responses tool's `output_schema` becomes
 * `outputSchema`, and the description is kept.
 *
 * Accepts either the tools plus a map of handlers by name, or a list of `{ tool, execute }`
 * (the SDK's `ResponsesToolRunner` shape). Reports every problem at once: tools that are not
 * function tools, duplicate names, tools without a handler, handlers without a tool.
 *
 * @example
 * ```ts
 * const rt = await NodeRuntime.create({
 *   bindings: bindingsFromOpenAITools(tools, {
 *     get_weather: async ({ city }) => ({ temp_f: await lookup(city) }),
 *   }),
 * });
 * ```
 * @throws InvalidOptionsError listing every problem found.
 */
export function bindingsFromOpenAITools(
  tools: readonly OpenAIFunctionToolDefinition[],
  handlers: Readonly<Record<string, OpenAIToolHandler>>,
  options?: BindingsFromOpenAIToolsOptions,
): Bindings;
export function bindingsFromOpenAITools(
  toolsWithHandlers: readonly OpenAIToolWithHandler[],
  options?: BindingsFromOpenAIToolsOptions,
): Bindings;
export function bindingsFromOpenAITools(
  first: readonly OpenAIFunctionToolDefinition[] | readonly OpenAIToolWithHandler[],
  second?: Readonly<Record<string, OpenAIToolHandler>> | BindingsFromOpenAIToolsOptions,
  third?: BindingsFromOpenAIToolsOptions,
): Bindings {
  if (!Array.isArray(first)) {
    throw new InvalidOptionsError("bindingsFromOpenAITools", [
      { path: "tools", message: "must be an array of OpenAI function tools" },
    ]);
  }
  const issues: OptionIssue[] = [];
  const { entries, handlerMap, options } = readArguments(first, second, third, issues);
  const namespace = checkNamespace(options?.namespace, "options.namespace", issues);
  const parseJson = options?.parseJsonResults === true;
  const bindings: Bindings = {};
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    const found = toolWithHandler(entry, index, seen, issues);
    if (found === undefined) return;
    bindings[namespacedName(namespace, found.parts.name)] = toBinding(
      found.parts,
      found.handler,
      parseJson,
    );
  });
  if (handlerMap !== undefined) {
    for (const name of Object.keys(handlerMap)) {
      if (!seen.has(name)) {
        issues.push({ path: `handlers.${name}`, message: "has no tool of that name" });
      }
    }
  }
  if (issues.length > 0) throw new InvalidOptionsError("bindingsFromOpenAITools", issues);
  return bindings;
}

/** One entry of the tool list, with where its handler is. */
interface Entry {
  tool: unknown;
  /** Where the tool is, for issues. */
  toolPath: string;
  /** The handler given with the tool (the `{ tool, execute }` form), or looked up by name. */
  handler: (name: string) => { handler: unknown; path: string };
}

/** Tells the two call forms apart and turns either into one list of entries. */
function readArguments(
  first: readonly unknown[],
  second: unknown,
  third: BindingsFromOpenAIToolsOptions | undefined,
  issues: OptionIssue[],
): {
  entries: Entry[];
  handlerMap: Readonly<Record<string, unknown>> | undefined;
  options: BindingsFromOpenAIToolsOptions | undefined;
} {
  // With no tools the two forms look alike: a second argument of functions is a handler map.
  const paired =
    first.length > 0
      ? first.every((t) => typeof t === "object" && t !== null && "tool" in t)
      : typeof second !== "object" ||
        second === null ||
        Object.values(second).some((v) => typeof v !== "function");
  if (paired) {
    const entries = (first as readonly OpenAIToolWithHandler[]).map((entry, index) => ({
      tool: entry.tool,
      toolPath: `tools[${index}].tool`,
      handler: () => ({ handler: entry.execute, path: `tools[${index}].execute` }),
    }));
    return { entries, handlerMap: undefined, options: second as BindingsFromOpenAIToolsOptions };
  }
  const valid = typeof second === "object" && second !== null;
  if (!valid) {
    issues.push({
      path: "handlers",
      message: "must be an object of handler functions by tool name",
    });
  }
  const handlerMap = valid ? (second as Readonly<Record<string, unknown>>) : undefined;
  const entries = first.map((tool, index) => ({
    tool,
    toolPath: `tools[${index}]`,
    handler: (name: string) => ({
      handler: handlerMap && Object.hasOwn(handlerMap, name) ? handlerMap[name] : undefined,
      path: `handlers.${name}`,
    }),
  }));
  return { entries, handlerMap, options: third };
}

/** The tool's parts and its handler, or `undefined` after pushing what is wrong. */
function toolWithHandler(
  entry: Entry,
  index: number,
  seen: Set<string>,
  issues: OptionIssue[],
): { parts: ToolParts; handler: OpenAIToolHandler } | undefined {
  const parts = readTool(entry.tool, entry.toolPath, issues);
  if (!parts) return undefined;
  if (seen.has(parts.name)) {
    issues.push({
      path: `tools[${index}]`,
      message: `duplicate tool name ${JSON.stringify(parts.name)}`,
    });
    return undefined;
  }
  seen.add(parts.name);
  const { handler, path } = entry.handler(parts.name);
  if (typeof handler !== "function") {
    issues.push({ path, message: `tool ${JSON.stringify(parts.name)} needs a handler function` });
    return undefined;
  }
  return { parts, handler: handler as OpenAIToolHandler };
}

function toBinding(
  parts: ToolParts,
  handler: OpenAIToolHandler,
  parseJson: boolean,
): Bindings[string] {
  const definition: BindingDefinition<unknown, unknown> = {
    description: parts.description,
    inputSchema: parts.parameters,
    ...(parts.outputSchema !== undefined ? { outputSchema: parts.outputSchema } : {}),
    handler: parseJson
      ? async (input, ctx) => parseIfJson(await handler(input, ctx))
      : (input, ctx) => handler(input, ctx),
  };
  return definition as Bindings[string];
}
