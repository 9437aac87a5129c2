/**
 * Code Mode over upstream MCP servers: the bridge's bindings in a runtime, the code tool over
 * that runtime, and a fresh runtime whenever the upstream tool lists change.
 * @module
 */

import {
  type Bindings,
  type CodeTool,
  type CodeToolOptions,
  createCodeTool,
  IsobindError,
  NodeRuntime,
  type OptionIssue,
  type ResumeOptions,
  type RunOptions,
  type RunResult,
  type RuntimeOptions,
} from "@isobind/core";
import { type ConnectMcpServersOptions, connectMcpServers, type McpBridge } from "./bridge.ts";
import { McpConfigError } from "./errors.ts";
import {
  approvalMatcher,
  approvalPolicy,
  checkApprovalPatterns,
} from "./internal/approval-patterns.ts";
import { type Generation, Generations } from "./internal/generations.ts";
import type { CodeToolSource } from "./server.ts";
import type { McpServersConfig } from "./types.ts";

/** Options of {@link createMcpCodeMode}. */
export interface McpCodeModeOptions {
  /**
   * The upstream servers: a configuration (connected here and closed by `dispose()`), or a
   * bridge from {@link connectMcpServers} that you own and close yourself.
   */
  servers: McpServersConfig | McpBridge;
  /** Options for connecting when `servers` is a configuration. @defaultValue `{}` */
  connect?: ConnectMcpServersOptions;
  /**
   * Options of every runtime created (limits, permissions, isolation, …). `bindings` here are
   * host bindings added next to the upstream ones.
   * @defaultValue `{}`
   */
  runtime?: RuntimeOptions;
  /** Options of the code tool (name, discovery threshold, language, per-run limits). @defaultValue `{}` */
  codeTool?: CodeToolOptions;
  /**
   * Upstream tools that need a person's approval, as patterns over binding names
   * (`"fs.write_file"`, `"memory.delete_*"`), added to the configuration's own `approval` list.
   * Give every server process the same `runtime.approvals.secret` so any of them can resume a
   * run another one paused.
   * @defaultValue `[]`
   */
  approval?: readonly string[];
  /**
   * Receives problems that do not stop Code Mode: an upstream tool whose schema the runtime
   * refused (that binding is left out), a refresh that failed (the previous runtime stays).
   * @defaultValue writes the message to `process.stderr`
   */
  onWarning?: (message: string) => void;
}

/**
 * Code Mode over upstream MCP servers. Use it as the `tool` of `createCodeModeServer`: the
 * server reads {@link McpCodeMode.tool} on every request and announces
 * `notifications/tools/list_changed` after a refresh.
 *
 * **How a refresh takes effect.** A runtime's bindings are fixed when it is created. When an
 * upstream server sends `tools/list_changed` (or closes), a new runtime is created from the
 * new bindings and a new code tool over it; runs that start afterwards use it, while runs
 * already under way finish on the old runtime, which is disposed once they are done.
 */
export interface McpCodeMode extends CodeToolSource, AsyncDisposable {
  /** The current code tool. Its `execute` keeps the runtime it started on alive until it returns. */
  readonly tool: CodeTool;
  /** The current runtime. */
  readonly runtime: NodeRuntime;
  /** The upstream connections. */
  readonly bridge: McpBridge;
  /** Calls `listener` after the tool (and runtime) was replaced. Returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /**
   * Resumes a run paused for approval on the current runtime (a continuation made before the
   * upstream tools changed is refused with its `bindings` check).
   */
  resume<T = unknown>(continuation: string, options: ResumeOptions): Promise<RunResult<T>>;
  /** Disposes every runtime, and closes the bridge when it was created here. Idempotent. */
  dispose(): Promise<void>;
}

function bindingOfIssue(issue: OptionIssue, names: readonly string[]): string | undefined {
  // Issue paths look like `bindings.<name>.inputSchema`, and names may contain dots themselves.
  let best: string | undefined;
  for (const name of names) {
    const prefix = `bindings.${name}`;
    if (
      (issue.path === prefix || issue.path.startsWith(`${prefix}.`)) &&
      (best === undefined || name.length > best.length)
    ) {
      best = name;
    }
  }
  return best;
}

function isInvalidOptions(
  error: unknown,
): error is IsobindError & { issues: readonly OptionIssue[] } {
  return (
    IsobindError.isInstance(error) &&
    error.code === "INVALID_OPTIONS" &&
    Array.isArray((error as { issues?: unknown }).issues)
  );
}

/**
 * Creates a runtime over `bindings`. When `create()` refuses some bindings (an upstream schema
 * ajv cannot compile, a name clash), those are left out with a warning and the rest still work.
 */
async function createRuntime(
  options: RuntimeOptions,
  bindings: Bindings,
  warn: (message: string) => void,
): Promise<NodeRuntime> {
  try {
    return await NodeRuntime.create({ ...options, bindings });
  } catch (error) {
    if (!isInvalidOptions(error)) throw error;
    const names = Object.keys(bindings);
    const refused = new Set<string>();
    for (const issue of error.issues) {
      const name = bindingOfIssue(issue, names);
      if (name === undefined) throw error;
      refused.add(name);
      warn(`binding "${name}" left out: ${issue.path}: ${issue.message}`);
    }
    const kept: Bindings = {};
    for (const [name, binding] of Object.entries(bindings))
      if (!refused.has(name)) kept[name] = binding;
    return await NodeRuntime.create({ ...options, bindings: kept });
  }
}

function isBridge(value: McpServersConfig | McpBridge): value is McpBridge {
  return typeof (value as McpBridge).subscribe === "function";
}

/** The bridge to use: the one given, or a new one over the configuration (then owned here). */
async function openBridge(
  options: McpCodeModeOptions,
): Promise<{ bridge: McpBridge; owned: boolean }> {
  if (isBridge(options.servers)) return { bridge: options.servers, owned: false };
  return { bridge: await connectMcpServers(options.servers, options.connect), owned: true };
}

/**
 * Connects the upstream servers (unless given a bridge), creates a runtime with their tools as
 * bindings and the code tool over it, and keeps both current as the upstream tool lists change.
 *
 * @example
 * ```ts
 * const codeMode = await createMcpCodeMode({ servers: await loadMcpServersConfig("servers.json") });
 * const server = createCodeModeServer({ tool: codeMode });
 * await serveStdio(server);
 * ```
 */
export async function createMcpCodeMode(options: McpCodeModeOptions): Promise<McpCodeMode> {
  const warn =
    options.onWarning ?? ((message: string) => process.stderr.write(`isobind-mcp: ${message}\n`));
  const patterns = approvalPatterns(options);
  const { bridge, owned } = await openBridge(options);
  const runtimeOptions = withApprovals(options.runtime ?? {}, patterns);
  const extra = runtimeOptions.bindings ?? {};
  const build = async (): Promise<Generation> => {
    const bindings = { ...bridge.bindings, ...extra };
    warnUnmatched(patterns, Object.keys(bindings), warn);
    const runtime = await createRuntime(runtimeOptions, bindings, warn);
    const { tool, helpers } = toolWithHelpers(runtime, options.codeTool);
    return { runtime, tool, helpers, inFlight: 0, retired: false };
  };

  let generations: Generations;
  try {
    generations = new Generations(await build(), build, warn);
  } catch (error) {
    if (owned) await bridge.close();
    throw error;
  }
  const unsubscribe = bridge.subscribe(() => generations.refresh());
  let disposed = false;
  const dispose = async () => {
    if (disposed) return;
    disposed = true;
    unsubscribe();
    await generations.dispose();
    if (owned) await bridge.close();
  };

  return {
    get tool() {
      return generations.tool;
    },
    get runtime() {
      return generations.runtime;
    },
    bridge,
    subscribe: (listener) => generations.subscribe(listener),
    resume: (continuation, resumeOptions) => generations.resume(continuation, resumeOptions),
    dispose,
    [Symbol.asyncDispose]: dispose,
  };
}

/** The approval patterns of the configuration and the options, checked. */
function approvalPatterns(options: McpCodeModeOptions): string[] {
  const fromConfig = isBridge(options.servers) ? [] : (options.servers.approval ?? []);
  const all = [...fromConfig, ...(options.approval ?? [])];
  const issues: OptionIssue[] = [];
  const servers = isBridge(options.servers)
    ? options.servers.servers.map((s) => s.name)
    : Object.keys(options.servers.mcpServers);
  checkApprovalPatterns(all, "approval", servers, issues);
  if (issues.length > 0) throw new McpConfigError(undefined, issues);
  return all;
}

/** Runtime options whose approval policy also asks the patterns. */
function withApprovals(options: RuntimeOptions, patterns: readonly string[]): RuntimeOptions {
  if (patterns.length === 0) return options;
  const matcher = approvalMatcher(patterns);
  return {
    ...options,
    approvals: {
      ...options.approvals,
      needsApproval: approvalPolicy(matcher, options.approvals?.needsApproval),
    },
  };
}

/** A pattern that matches no binding is most likely a typo: say so (it still applies later). */
function warnUnmatched(
  patterns: readonly string[],
  names: readonly string[],
  warn: (message: string) => void,
): void {
  for (const pattern of patterns) {
    if (!names.some((name) => approvalMatcher([pattern]).match(name) !== undefined)) {
      warn(`approval pattern "${pattern}" matches no tool (yet)`);
    }
  }
}

/**
 * The code tool over `runtime`, and its run-scoped helpers (`tools.$search`, `tools.$describe`
 * in discovery mode), which `resume()` must be given again. The code tool passes them to every
 * run and exposes them nowhere else, so they are read from the first run; a resume before any
 * run on this process first runs `return 0` once to learn them.
 */
function toolWithHelpers(
  runtime: NodeRuntime,
  options: CodeToolOptions | undefined,
): { tool: CodeTool; helpers: () => Promise<RunOptions["helpers"]> } {
  let seen: { helpers: RunOptions["helpers"] } | undefined;
  const tool = createCodeTool<unknown>(
    {
      bindings: runtime.bindings,
      run: (code, runOptions) => {
        seen = { helpers: runOptions?.helpers };
        return runtime.run(code, runOptions);
      },
    },
    options,
  );
  const helpers = async () => {
    if (seen === undefined) await tool.execute({ code: "return 0" });
    return seen?.helpers;
  };
  return { tool, helpers };
}
