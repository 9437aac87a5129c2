/**
 * The Code Mode MCP server: one tool that runs model-written code against the bindings.
 * @module
 */

import type { CodeTool, RunEvent } from "@isobind/core";
import { codedMessage } from "@isobind/core/internal";
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import {
  type CallToolRequest,
  CallToolRequestSchema,
  type CallToolResult,
  ElicitResultSchema,
  ErrorCode,
  ListToolsRequestSchema,
  type LoggingLevel,
  LoggingLevelSchema,
  McpError,
  type ServerNotification,
  type ServerRequest,
  SetLevelRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import {
  type ApprovalForm,
  elicitingApprover,
  notExecutedOutcome,
  type ResumableRuntime,
} from "./approvals.ts";
import {
  listing,
  progressMessage,
  RUN_RESULT_OUTPUT_SCHEMA,
  toCallToolResult,
} from "./internal/tool-result.ts";
import { PACKAGE_VERSION } from "./internal/version.ts";

export { RUN_RESULT_OUTPUT_SCHEMA };

import { createModernServer, type ModernServer } from "./modern.ts";

/**
 * Where the server gets its code tool from on every request. A source whose tool can change
 * (for example after an upstream `tools/list_changed` rebuilt the runtime) calls the
 * subscribed listeners, and the server tells its client with `notifications/tools/list_changed`.
 */
export interface CodeToolSource {
  /** The code tool to serve right now. */
  readonly tool: CodeTool;
  /** Subscribes to changes of {@link CodeToolSource.tool}; returns the unsubscribe function. */
  subscribe?(listener: () => void): () => void;
  /**
   * Resumes a run paused for approval (`createMcpCodeMode` implements it over its current
   * runtime). Without it (and without {@link CodeModeServerOptions.runtime}), runs that pause
   * answer as if the client could not approve.
   */
  resume?: ResumableRuntime["resume"];
}

/** Options of {@link createCodeModeServer}. */
export interface CodeModeServerOptions {
  /** The code tool (from `createCodeTool(rt, …)`), or a {@link CodeToolSource} such as `createMcpCodeMode(…)`. */
  tool: CodeTool | CodeToolSource;
  /** Server name announced in `initialize`. @defaultValue "isobind-mcp" */
  name?: string;
  /** Server version announced in `initialize`. @defaultValue this package's version */
  version?: string;
  /** Instructions announced in `initialize` (clients may show them to the model). @defaultValue none */
  instructions?: string;
  /** Title of the tool in client UIs. @defaultValue "Execute code" */
  title?: string;
  /**
   * The runtime under the code tool, used to resume runs paused for approval when a
   * 2026-07-28 client answers the approval questions. Give the same runtime you passed to
   * `createCodeTool`. (Runs of a code tool in discovery mode resume without `tools.$search`.)
   * @defaultValue the `tool` source's own `resume` (as `createMcpCodeMode` has); none for a bare code tool
   */
  runtime?: ResumableRuntime;
}

function isCodeTool(value: CodeTool | CodeToolSource): value is CodeTool {
  return typeof (value as CodeTool).execute === "function";
}

const SEVERITY: readonly LoggingLevel[] = LoggingLevelSchema.options;

/** The console stream's log level: stdout is `info`, stderr (`console.warn/error`) is `warning`. */
function levelOf(stream: "stdout" | "stderr"): LoggingLevel {
  return stream === "stdout" ? "info" : "warning";
}

/**
 * Takes over `logging/setLevel`. The SDK's own handler keeps the level private; keeping it here
 * lets console output sent through the request's own stream (needed for Streamable HTTP)
 * honour it.
 * @returns the level the client set last, if any.
 */
function trackLogLevel(server: Server): () => LoggingLevel | undefined {
  let minimum: LoggingLevel | undefined;
  server.removeRequestHandler("logging/setLevel");
  server.setRequestHandler(SetLevelRequestSchema, (request) => {
    minimum = request.params.level;
    return {};
  });
  return () => minimum;
}

/** What a `tools/call` handler gets from the SDK besides the request. */
type RequestExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/**
 * Whether a 2025-era client can answer a form-mode `elicitation/create`: it declared the
 * capability, and either form mode or no mode at all (which means form, per the spec).
 */
function canElicitForms(server: Server): boolean {
  const elicitation = server.getClientCapabilities()?.elicitation as
    | { form?: unknown; url?: unknown }
    | undefined;
  if (elicitation === undefined) return false;
  return elicitation.form !== undefined || elicitation.url === undefined;
}

/**
 * Turns run events into notifications on the request's own stream: console output as
 * `notifications/message`, binding calls as `notifications/progress` when the request carries a
 * progress token. `flushed()` resolves when every notification has gone out.
 */
function runNotifier(
  extra: RequestExtra,
  minimumLevel: () => LoggingLevel | undefined,
): { onEvent: (event: RunEvent) => void; flushed: () => Promise<void> } {
  const progressToken = extra._meta?.progressToken;
  let progress = 0;
  // Notifications go out in order, each on this request's own stream, and all before the result.
  let queue: Promise<void> = Promise.resolve();
  const send = (notification: ServerNotification) => {
    queue = queue.then(() => extra.sendNotification(notification)).catch(() => {});
  };
  const onEvent = (event: RunEvent) => {
    if (event.type === "console") {
      const level = levelOf(event.stream);
      const minimum = minimumLevel();
      if (minimum !== undefined && SEVERITY.indexOf(level) < SEVERITY.indexOf(minimum)) return;
      send({
        method: "notifications/message",
        params: { level, logger: "console", data: event.text },
      });
      return;
    }
    // Progress is per executed call; approval and replay events are not calls that ran.
    if (progressToken === undefined) return;
    if (event.type !== "binding:start" && event.type !== "binding:end") return;
    progress += 1;
    send({
      method: "notifications/progress",
      params: { progressToken, progress, message: progressMessage(event) },
    });
  };
  return { onEvent, flushed: () => queue };
}

/**
 * Runs one `tools/call` of the code tool for a 2025-era client. A call that needs approval is
 * asked about inline with `elicitation/create` when the client can answer one; otherwise the
 * run stops there and the model is told which calls were not executed.
 */
async function callTool(
  server: Server,
  tool: CodeTool,
  request: CallToolRequest,
  extra: RequestExtra,
  minimumLevel: () => LoggingLevel | undefined,
): Promise<CallToolResult> {
  if (request.params.name !== tool.name) {
    throw new McpError(
      ErrorCode.InvalidParams,
      codedMessage(
        "UNKNOWN_TOOL",
        `no tool "${request.params.name}": this server has one tool, "${tool.name}"`,
      ),
    );
  }
  const notifier = runNotifier(extra, minimumLevel);
  const elicit = (form: ApprovalForm, runEnded: AbortSignal) =>
    extra.sendRequest({ method: "elicitation/create", params: form }, ElicitResultSchema, {
      signal: AbortSignal.any([extra.signal, runEnded]),
      // A person answers: the run's own timeout bounds the wait, not the SDK's 60 s default.
      timeout: 24 * 60 * 60 * 1000,
    });
  let outcome = await tool.execute(request.params.arguments ?? {}, {
    signal: extra.signal,
    onEvent: notifier.onEvent,
    ...(canElicitForms(server) && { approve: elicitingApprover(elicit) }),
  });
  await notifier.flushed();
  if (outcome.result.status === "paused") {
    outcome = notExecutedOutcome(
      outcome.result,
      "This MCP client cannot ask a person: it declared no elicitation capability (or this stateless HTTP endpoint cannot send it requests).",
    );
  }
  return toCallToolResult(outcome);
}

/** Sends `notifications/tools/list_changed` whenever the source's tool changes, until closed. */
function announceToolChanges(server: Server, source: CodeToolSource): void {
  if (source.subscribe === undefined) return;
  const unsubscribe = source.subscribe(() => {
    server.sendToolListChanged().catch(() => {});
  });
  const previous = server.onclose;
  server.onclose = () => {
    unsubscribe();
    previous?.();
  };
}

/**
 * Builds an MCP server (the SDK's low-level `Server`, so the code tool's JSON Schema is served
 * exactly as `@isobind/core` generated it) exposing the one code tool. Connect it to any
 * transport: {@link serveStdio}, {@link handleStatelessMcpRequest}, or your own.
 *
 * - `tools/call` runs the code. `content` is the compact text for the model (value, console
 *   output, and on failure the error code, message and guest line); `structuredContent` is the
 *   run result `{ exitCode, value, stdout, stderr, error?, stats }`; `isError` is set when the
 *   run failed.
 * - When the request carries a progress token, every binding call sends two
 *   `notifications/progress` (when it starts and when it settles), so long runs show activity
 *   and clients using `resetTimeoutOnProgress` keep waiting.
 * - Console output is sent as `notifications/message` (logger `"console"`; stdout at `info`,
 *   stderr at `warning`), honouring the level the client set with `logging/setLevel`.
 * - Cancelling the request (`notifications/cancelled`) aborts the run (`ABORTED`, exit 130)
 *   and the upstream calls it made.
 * - A call that needs approval is asked about inline with `elicitation/create` when the client
 *   declared elicitation; otherwise the run stops and the model is told which calls were not
 *   executed.
 *
 * The server returned speaks MCP 2025-11-25 and older (the v1 SDK). {@link serveStdio} and
 * {@link handleStatelessMcpRequest} also serve 2026-07-28 clients, from a v2-SDK counterpart
 * built over the same tool: there a call that needs approval answers `input_required`, and the
 * retry resumes the run (through `options.runtime`, or the source's `resume`). Connected to a
 * transport of your own, it serves 2025-era clients only.
 */
export function createCodeModeServer(options: CodeModeServerOptions): Server {
  const source = options.tool;
  const current = (): CodeTool => (isCodeTool(source) ? source : source.tool);
  const server = new Server(
    { name: options.name ?? "isobind-mcp", version: options.version ?? PACKAGE_VERSION },
    {
      capabilities: { tools: { listChanged: !isCodeTool(source) }, logging: {} },
      ...(options.instructions !== undefined && { instructions: options.instructions }),
    },
  );
  const title = options.title ?? "Execute code";
  const minimumLevel = trackLogLevel(server);
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: [listing(current(), title)],
  }));
  server.setRequestHandler(CallToolRequestSchema, (request, extra) =>
    callTool(server, current(), request, extra, minimumLevel),
  );
  if (!isCodeTool(source)) announceToolChanges(server, source);
  const runtime =
    options.runtime ??
    (!isCodeTool(source) && source.resume !== undefined
      ? { resume: source.resume.bind(source) as ResumableRuntime["resume"] }
      : undefined);
  MODERN_TWINS.set(server, () =>
    createModernServer({ ...options, current, title, ...(runtime && { runtime }) }),
  );
  return server;
}

/** The 2026-07-28 server of each 2025-era server made here, built when a client of that era comes. */
const MODERN_TWINS = new WeakMap<Server, () => ModernServer>();

/**
 * The 2026-07-28 counterpart of a server from {@link createCodeModeServer}, for the transports:
 * `undefined` for any other server, which then serves 2025-era clients only.
 * @internal
 */
export function modernTwin(server: Server): (() => ModernServer) | undefined {
  return MODERN_TWINS.get(server);
}
