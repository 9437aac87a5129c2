/**
 * Every span, attribute and metric name isobind reports, in one place.
 *
 * The `gen_ai.*` names follow the OpenTelemetry GenAI semantic conventions, "Execute tool span"
 * (status: Development), as published in open-telemetry/semantic-conventions-genai at commit
 * 9430220e (`docs/gen-ai/gen-ai-spans.md#execute-tool-span`), which takes `error.type` from
 * semantic-conventions v1.41.1. The conventions moved to that repository in 2026 and the
 * `ATTR_GEN_AI_*` constants of `@opentelemetry/semantic-conventions` are deprecated, so the
 * strings are written out here rather than imported. `isobind.*` names are isobind's own.
 * @module
 */

/** The version of the GenAI conventions these names follow (reported in the docs). */
export const GENAI_CONVENTIONS_VERSION = "semantic-conventions-genai@9430220e";

/** Instrumentation scope of every tracer and meter isobind creates. */
export const INSTRUMENTATION_SCOPE = "@isobind/core";

/** The environment variable the GenAI conventions name for opting in to content capture. */
export const CAPTURE_CONTENT_ENV = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT";

/** Span names. */
export const SPAN = {
  /** One `rt.run()`: the guest program from start to result. */
  run: "isobind.run",
  /** Prefix of a binding call's span: `execute_tool {gen_ai.tool.name}`. */
  executeTool: "execute_tool",
} as const;

/** Attribute names. */
export const ATTR = {
  // GenAI conventions, execute tool span.
  operationName: "gen_ai.operation.name",
  toolName: "gen_ai.tool.name",
  toolCallId: "gen_ai.tool.call.id",
  toolDescription: "gen_ai.tool.description",
  toolType: "gen_ai.tool.type",
  /** Opt-in content. */
  toolCallArguments: "gen_ai.tool.call.arguments",
  /** Opt-in content. */
  toolCallResult: "gen_ai.tool.call.result",
  // General conventions.
  errorType: "error.type",
  // isobind's own.
  runId: "isobind.run.id",
  isolation: "isobind.isolation",
  language: "isobind.language",
  runOutcome: "isobind.run.outcome",
  runExitCode: "isobind.run.exit_code",
  runBindingCalls: "isobind.run.binding_calls",
  runCpuMs: "isobind.run.cpu_ms",
  runResumed: "isobind.run.resumed",
  bindingPhase: "isobind.binding.phase",
  poolState: "isobind.pool.state",
  queueWaitMs: "isobind.pool.queue.wait_ms",
  /** Opt-in content. */
  runCode: "isobind.run.code",
  /** Opt-in content. */
  runStdout: "isobind.run.stdout",
  /** Opt-in content. */
  runStderr: "isobind.run.stderr",
  /** Opt-in content. */
  runValue: "isobind.run.value",
} as const;

/** Attribute values. */
export const VALUE = {
  executeTool: "execute_tool",
  /** Bindings are host functions the application defines and runs. */
  toolTypeFunction: "function",
  /** The conventions' fallback for a value outside the known set (a name no binding has). */
  other: "_OTHER",
  outcomeOk: "ok",
} as const;

/** Event names. */
export const EVENT = {
  /** On the run span, for a call answered from a replay record instead of executing. */
  bindingReplayed: "isobind.binding.replayed",
} as const;

/** Metric names (durations in seconds, as the OpenTelemetry conventions advise). */
export const METRIC = {
  runs: "isobind.runs",
  runDuration: "isobind.run.duration",
  bindingDuration: "isobind.binding.duration",
  /** For the shared sandbox pool: time a run waited for a sandbox. */
  queueWait: "isobind.pool.queue.wait",
  /** For the shared sandbox pool: sandboxes by state (idle, busy). */
  poolSize: "isobind.pool.size",
} as const;

/** Bucket boundaries (seconds) for the duration histograms: 1 ms to 60 s. */
export const DURATION_BUCKETS_S = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
];
