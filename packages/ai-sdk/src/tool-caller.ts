/**
 * isobind in AI SDK 7's `experimental_toolCaller` slot: one tool through which the model calls
 * the tools an app marks with `experimental_toolCallers: { name: ["<caller>"] }`, from code.
 * @module
 */
import {
  buildNameMap,
  type CodeToolOptions,
  type CodeToolRuntime,
  createCodeTool,
  InvalidOptionsError,
  NodeRuntime,
  type OptionIssue,
  type RunOptions,
  type RunResult,
  type RuntimeOptions,
} from "@isobind/core";
import { type Experimental_ToolCallerTool, experimental_toolCaller, type ToolSet } from "ai";
import {
  type BindingsFromToolSetOptions,
  buildBindings,
  readSchemaNow,
} from "./bindings-from-tool-set.ts";
import { type AISdkCodeTool, type AISdkToolOptions, toAISdkTool } from "./code-mode-tool.ts";

/** Options of {@link codeModeToolCaller}. */
export interface CodeModeToolCallerOptions {
  /**
   * Runtime options (limits, permissions, isolation) of the runtimes the caller creates for the
   * tools routed to it. `bindings` is not accepted: the bindings are those tools.
   * @defaultValue core's defaults
   */
  runtime?: Omit<RuntimeOptions, "bindings">;
  /** Options of the code tool (language, discovery threshold, result sizes). `name` is ignored: the ToolSet key names the tool. */
  codeTool?: Omit<CodeToolOptions, "name">;
  /** Options of the AI SDK tool (progress streaming, run events). */
  tool?: AISdkToolOptions;
  /** How the routed tools become bindings (namespace, tools that need approval). */
  bindings?: BindingsFromToolSetOptions;
}

/**
 * The tool caller: put it in `tools` under any name and route tools to it with
 * `experimental_toolCallers`. It owns the runtimes it creates: `await caller.dispose()` (or
 * `await using`) when the app shuts down.
 */
export type CodeModeToolCaller = Experimental_ToolCallerTool<AISdkCodeTool> & {
  /** Disposes every runtime the caller created. Idempotent. */
  dispose(): Promise<void>;
  /** Same as `dispose()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
};

interface BoundRuntime {
  key: string;
  runtime: Promise<NodeRuntime> | undefined;
  runs: number;
  retired: boolean;
}

const toolIds = new WeakMap<object, number>();
let nextToolId = 1;

/** Same tool objects under the same names give the same key, so the runtime is reused. */
function toolSetKey(tools: ToolSet): string {
  return Object.entries(tools)
    .map(([name, t]) => {
      let id = toolIds.get(t);
      if (id === undefined) {
        id = nextToolId++;
        toolIds.set(t, id);
      }
      return `${name}#${id}`;
    })
    .sort()
    .join(",");
}

/**
 * The code tool as an AI SDK 7 local tool caller. The AI SDK binds it, at each step, to the
 * tools whose `experimental_toolCallers` entry names it; the model then sees one tool whose
 * description declares those tools in TypeScript, and the tools leave the model's list unless
 * also marked `"AI_SDK_DIRECT_TOOL_CALL"`. The AI SDK refuses direct calls to tools routed only
 * to callers.
 *
 * Each distinct set of routed tools gets its own runtime, created on the first code run and
 * reused while the same tool objects are routed; a runtime whose tool set was replaced is
 * disposed once its runs end.
 *
 * @example
 * ```ts
 * await using code = codeModeToolCaller();
 * const result = await generateText({
 *   model,
 *   tools: { code, getWeather, sendEmail },
 *   experimental_toolCallers: { getWeather: ["code"], sendEmail: ["code"] },
 *   stopWhen: stepCountIs(5),
 *   prompt,
 * });
 * ```
 * @throws InvalidOptionsError for invalid options; when the AI SDK binds the caller, for routed
 * tools that cannot become bindings (the AI SDK call then rejects with that error).
 */
export function codeModeToolCaller(options: CodeModeToolCallerOptions = {}): CodeModeToolCaller {
  validate(options);
  const bound = new Map<string, BoundRuntime>();
  const toolCache = new Map<string, AISdkCodeTool>();
  let disposed = false;

  async function release(entry: BoundRuntime): Promise<void> {
    if (!entry.retired || entry.runs > 0) return;
    bound.delete(entry.key);
    const rt = entry.runtime;
    if (rt === undefined) return;
    entry.runtime = undefined;
    await (await rt.catch(() => undefined))?.dispose();
  }

  function bind(tools: ToolSet): AISdkCodeTool {
    if (disposed)
      throw new InvalidOptionsError("codeModeToolCaller", [
        { path: "caller", message: "was disposed; create a new caller" },
      ]);
    const key = toolSetKey(tools);
    const cached = toolCache.get(key);
    if (cached !== undefined) return cached;
    const bindings = buildBindings(
      tools,
      options.bindings ?? {},
      "codeModeToolCaller",
      readSchemaNow,
    );
    const names = buildNameMap(Object.keys(bindings));
    if (names.issues.length > 0) {
      throw new InvalidOptionsError(
        "codeModeToolCaller",
        names.issues.map((i) => ({ path: `tools.${i.name}`, message: i.message })),
      );
    }
    for (const old of bound.values()) {
      old.retired = true;
      release(old).catch(() => {});
    }
    toolCache.clear();
    const entry: BoundRuntime = { key, runtime: undefined, runs: 0, retired: false };
    bound.set(key, entry);
    const runtime: CodeToolRuntime = {
      bindings: names.entries.map((e) => {
        const b = bindings[e.name]!;
        return {
          name: e.name,
          path: e.path,
          description: b.description,
          inputSchema: b.inputSchema,
          ...(b.outputSchema !== undefined ? { outputSchema: b.outputSchema } : {}),
        };
      }),
      async run<T>(code: string, runOptions?: RunOptions): Promise<RunResult<T>> {
        entry.runs++;
        try {
          entry.runtime ??= NodeRuntime.create({ ...options.runtime, bindings });
          let rt: NodeRuntime;
          try {
            rt = await entry.runtime;
          } catch (error) {
            // A failed start is not cached: the next run tries again.
            entry.runtime = undefined;
            throw error;
          }
          return await rt.run<T>(code, runOptions);
        } finally {
          entry.runs--;
          release(entry).catch(() => {});
        }
      },
    };
    const codeTool = createCodeTool(runtime, options.codeTool);
    const result = toAISdkTool(codeTool, options.tool);
    toolCache.set(key, result);
    return result;
  }

  async function dispose(): Promise<void> {
    disposed = true;
    toolCache.clear();
    const entries = [...bound.values()];
    bound.clear();
    await Promise.all(
      entries.map(async (entry) => {
        const rt = entry.runtime;
        entry.runtime = undefined;
        await (await rt?.catch(() => undefined))?.dispose();
      }),
    );
  }

  // The unbound tool is only a placeholder: the AI SDK replaces it with bind()'s result.
  const placeholder = toAISdkTool(
    createCodeTool({ bindings: [], run: unreachableRun }),
    options.tool,
  );
  return Object.assign(experimental_toolCaller(placeholder, { type: "local", bind }), {
    dispose,
    [Symbol.asyncDispose]: dispose,
  }) as CodeModeToolCaller;
}

async function unreachableRun(): Promise<never> {
  throw new InvalidOptionsError("codeModeToolCaller", [
    {
      path: "tools",
      message: "the caller ran unbound: pass it in the tools of generateText/streamText/an agent",
    },
  ]);
}

function validate(options: unknown): void {
  const issues: OptionIssue[] = [];
  if (typeof options !== "object" || options === null) {
    issues.push({ path: "options", message: "must be an object" });
  } else {
    const o = options as Record<string, unknown>;
    for (const field of ["runtime", "codeTool", "tool", "bindings"]) {
      const v = o[field];
      if (v !== undefined && (typeof v !== "object" || v === null))
        issues.push({ path: `options.${field}`, message: "must be an object" });
    }
    if (
      typeof o.runtime === "object" &&
      o.runtime !== null &&
      (o.runtime as { bindings?: unknown }).bindings !== undefined
    )
      issues.push({
        path: "options.runtime.bindings",
        message: "is not accepted: the bindings are the tools routed to the caller",
      });
  }
  if (issues.length > 0) throw new InvalidOptionsError("codeModeToolCaller", issues);
}
