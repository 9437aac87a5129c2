/**
 * An AI SDK `ToolSet` (zod or JSON Schema inputs, `execute` functions) becomes isobind
 * bindings, so an existing AI SDK app switches to Code Mode without rewriting its tools.
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
import { asSchema, type Tool, type ToolSet } from "ai";

/** Options of {@link bindingsFromToolSet}. */
export interface BindingsFromToolSetOptions {
  /**
   * Puts every binding under a namespace: `"crm"` turns `getUser` into the binding
   * `crm.getUser`, which the guest calls as `tools.crm.getUser(input)`.
   * @defaultValue none: binding names are the tool names
   */
  namespace?: string;
  /**
   * What to do with a tool that has `needsApproval` set. `"keep"` carries it over to the
   * binding's `needsApproval` (a function is asked with the validated input), so a call from
   * code pauses the run for approval (see `toAISdkApprovalTool`); `"skip"` leaves those tools
   * out. By default it is an error: calling such a tool from code must not skip the approval
   * without you choosing how.
   * @defaultValue "error"
   */
  needsApproval?: "error" | "skip" | "keep";
}

const NAMESPACE_PATTERN = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

type ToolExecute = (input: unknown, options: Record<string, unknown>) => unknown;

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === "function"
  );
}

/**
 * Calls the AI SDK tool as `generateText` would: input validated (and transformed, for zod
 * defaults) by the tool's own schema, `abortSignal` tied to the run, and the last value of a
 * streaming (`async *execute`) tool as its result.
 */
/** The tool's `needsApproval` as a binding's: `true`, or its function asked with the input. */
function approvalFor(t: Tool): NonNullable<BindingDefinition["needsApproval"]> {
  const own = t.needsApproval as unknown;
  if (typeof own !== "function") return true;
  const ask = own as (input: unknown, options: Record<string, unknown>) => unknown;
  return async (input, ctx) =>
    Boolean(
      await ask(input, {
        toolCallId: `isobind-${ctx.runId}-${ctx.callId}`,
        messages: [],
        context: ctx.context,
      }),
    );
}

function handlerFor(t: Tool, execute: ToolExecute) {
  const schema = asSchema(t.inputSchema);
  return async (input: unknown, ctx: BindingContext): Promise<unknown> => {
    let value = input;
    if (schema.validate !== undefined) {
      const checked = await schema.validate(input);
      if (!checked.success) throw new Error(`invalid input: ${checked.error.message}`);
      value = checked.value;
    }
    const output = await execute(value, {
      toolCallId: `isobind:${ctx.runId}:${ctx.callId}`,
      messages: [],
      abortSignal: ctx.signal,
      // Core's per-run `context`, when the core in use has it; AI SDK tools read `context`.
      context: (ctx as BindingContext & { context?: unknown }).context ?? {},
    });
    if (!isAsyncIterable(output)) return output;
    let last: unknown;
    for await (const item of output) last = item;
    return last;
  };
}

/** A description given as a function of the tool context is read once, with an empty context. */
function describe(t: Tool): string {
  const d = t.description as unknown;
  if (typeof d === "string") return d;
  if (typeof d !== "function") return "";
  try {
    const text: unknown = d({ context: {} });
    return typeof text === "string" ? text : "";
  } catch {
    return "";
  }
}

/** Reads a tool schema as JSON Schema, or records why it cannot and returns undefined. */
export type SchemaReader = (
  schema: unknown,
  path: string,
  issues: OptionIssue[],
) => JsonSchema | undefined;

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Resolves every schema of the tool set first (zod 3 and lazy schemas may be asynchronous). */
async function resolveSchemas(tools: ToolSet): Promise<SchemaReader> {
  const resolved = new Map<unknown, JsonSchema | Error>();
  for (const t of Object.values(tools)) {
    if (typeof t !== "object" || t === null) continue;
    for (const schema of [t.inputSchema, t.outputSchema]) {
      if (schema === undefined || resolved.has(schema)) continue;
      try {
        resolved.set(
          schema,
          (await asSchema(schema as Tool["inputSchema"]).jsonSchema) as JsonSchema,
        );
      } catch (error) {
        resolved.set(schema, error instanceof Error ? error : new Error(String(error)));
      }
    }
  }
  return (schema, path, issues) => {
    const found = resolved.get(schema);
    if (found instanceof Error || found === undefined) {
      issues.push({
        path,
        message: `could not be turned into JSON Schema: ${found ? errorMessage(found) : "missing"}`,
      });
      return undefined;
    }
    return found;
  };
}

/** Reads schemas synchronously, for the tool caller's `bind`, which the AI SDK calls synchronously. */
export const readSchemaNow: SchemaReader = (schema, path, issues) => {
  try {
    const js: unknown = asSchema(schema as Tool["inputSchema"]).jsonSchema;
    if (typeof (js as PromiseLike<unknown> | undefined)?.then === "function") {
      issues.push({
        path,
        message: "resolves to JSON Schema asynchronously; pass a zod 4 or jsonSchema() schema",
      });
      return undefined;
    }
    return js as JsonSchema;
  } catch (error) {
    issues.push({ path, message: `could not be turned into JSON Schema: ${errorMessage(error)}` });
    return undefined;
  }
};

/**
 * Turns an AI SDK `ToolSet` into isobind bindings for `NodeRuntime.create({ bindings })`. Each
 * tool keeps its name (a ToolSet key) and description; its input schema (zod, Standard Schema
 * or `jsonSchema()`) becomes the binding's `inputSchema` as JSON Schema, so bad input is
 * `INVALID_INPUT` in the guest before the tool runs, and its `outputSchema`, when present,
 * becomes the binding's `outputSchema` (and the declared return type). The handler calls the
 * tool's `execute` with the run's signal as `abortSignal`.
 *
 * Tools without `execute` (answered by the client) and provider-executed tools cannot be called
 * from code and are reported, as are tools with `needsApproval` unless `needsApproval: "skip"`.
 * Every problem is reported at once.
 *
 * Approval policies set with `generateText({ toolApproval })` do not reach calls made from code:
 * import only tools that may run without approval.
 *
 * @example
 * ```ts
 * const rt = await NodeRuntime.create({ bindings: await bindingsFromToolSet({ getWeather, calculate }) });
 * const tools = { execute_code: toAISdkTool(createCodeTool(rt)) };
 * ```
 * @throws InvalidOptionsError listing every problem found.
 */
export async function bindingsFromToolSet(
  tools: ToolSet,
  options: BindingsFromToolSetOptions = {},
): Promise<Bindings> {
  const where = "bindingsFromToolSet";
  assertToolSet(tools, where);
  return buildBindings(tools, options ?? {}, where, await resolveSchemas(tools));
}

function assertToolSet(tools: unknown, where: string): asserts tools is ToolSet {
  if (typeof tools !== "object" || tools === null || Array.isArray(tools)) {
    throw new InvalidOptionsError(where, [
      { path: "tools", message: "must be an AI SDK ToolSet: an object of tools by name" },
    ]);
  }
}

/**
 * Builds the bindings of a tool set with a given schema reader, reporting every problem at
 * once. Shared by {@link bindingsFromToolSet} and the tool caller.
 */
export function buildBindings(
  tools: ToolSet,
  options: BindingsFromToolSetOptions,
  where: string,
  readSchema: SchemaReader,
): Bindings {
  assertToolSet(tools, where);
  const issues: OptionIssue[] = [];
  const { namespace, needsApproval = "error" } = options;
  if (
    namespace !== undefined &&
    (typeof namespace !== "string" || !NAMESPACE_PATTERN.test(namespace))
  ) {
    issues.push({
      path: "options.namespace",
      message:
        "may contain only letters, digits, '_', '-' and '.', and no empty segment between dots",
    });
  }
  if (needsApproval !== "error" && needsApproval !== "skip" && needsApproval !== "keep") {
    issues.push({ path: "options.needsApproval", message: 'must be "error", "skip" or "keep"' });
  }

  const bindings: Bindings = {};
  for (const [name, t] of Object.entries(tools)) {
    const path = `tools.${name}`;
    if (typeof t !== "object" || t === null) {
      issues.push({ path, message: "must be an AI SDK tool" });
      continue;
    }
    if (t.type === "provider" && t.isProviderExecuted) {
      issues.push({ path, message: "is executed by the provider and cannot be called from code" });
      continue;
    }
    const gated = t.needsApproval !== undefined && t.needsApproval !== false;
    if (gated && needsApproval !== "keep") {
      if (needsApproval === "skip") continue;
      issues.push({
        path: `${path}.needsApproval`,
        message:
          'a call from code would skip this approval; pass needsApproval: "keep" (calls from code pause for approval) or "skip"',
      });
      continue;
    }
    if (typeof t.execute !== "function") {
      issues.push({
        path: `${path}.execute`,
        message:
          "is missing: a tool without execute is answered by the client and cannot run from code",
      });
      continue;
    }
    const inputSchema = readSchema(t.inputSchema, `${path}.inputSchema`, issues);
    const outputSchema =
      t.outputSchema === undefined
        ? undefined
        : readSchema(t.outputSchema, `${path}.outputSchema`, issues);
    if (inputSchema === undefined) continue;
    const description = describe(t);
    const definition: BindingDefinition<unknown, unknown> = {
      description,
      inputSchema,
      ...(outputSchema !== undefined ? { outputSchema } : {}),
      handler: handlerFor(t, t.execute as unknown as ToolExecute),
      ...(gated ? { needsApproval: approvalFor(t) } : {}),
    };
    bindings[namespace ? `${namespace}.${name}` : name] = definition as Bindings[string];
  }
  if (issues.length > 0) throw new InvalidOptionsError(where, issues);
  return bindings;
}
