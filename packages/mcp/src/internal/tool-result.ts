/**
 * The code tool as MCP shows it, the same in both protocol eras: its listing (with the output
 * schema of the run result) and a run's outcome as a `tools/call` result.
 * @module
 */

import type { CodeTool, CodeToolResult, JsonSchema, RunEvent } from "@isobind/core";
import type { CallToolResult, Tool } from "@modelcontextprotocol/sdk/types.js";
import { structuredResult } from "../approvals.ts";

/**
 * JSON Schema of `structuredContent`: the run result. `value` is whatever the code returned
 * (any JSON); it sits inside this object because MCP requires an object at the root.
 */
export const RUN_RESULT_OUTPUT_SCHEMA: JsonSchema = {
  type: "object",
  properties: {
    exitCode: {
      type: "integer",
      enum: [0, 1, 75, 124, 130, 137],
      description:
        "0 ok, 1 guest error, 75 stopped for approval, 124 timeout or CPU limit, 130 aborted, 137 memory limit or crash",
    },
    status: {
      type: "string",
      enum: ["completed", "paused"],
      description: "paused: the run stopped at calls that need a person's approval",
    },
    pending: {
      type: "array",
      description: "When paused: the calls that wait for approval (they did not run)",
      items: {
        type: "object",
        properties: {
          id: { type: "string" },
          binding: { type: "string" },
          path: { type: "array", items: { type: "string" } },
          input: {},
          reason: { type: "string" },
        },
        required: ["id", "binding"],
      },
    },
    value: {
      type: ["object", "array", "string", "number", "boolean", "null"],
      description: "The JSON value the code returned (any JSON); absent when it returned nothing",
    },
    stdout: { type: "string", description: "What console.log/info/debug printed" },
    stderr: {
      type: "string",
      description: "What console.warn/error printed, and the uncaught error",
    },
    error: {
      type: "object",
      description: "Present when exitCode is not 0",
      properties: {
        code: { type: "string" },
        name: { type: "string" },
        message: { type: "string" },
        stack: { type: "string" },
        line: { type: "integer" },
        bindingCode: { type: "string" },
        binding: { type: "string" },
      },
      required: ["code", "message"],
    },
    stats: {
      type: "object",
      properties: {
        wallMs: { type: "number" },
        cpuMs: { type: "number" },
        bindingCalls: { type: "integer" },
        droppedOutputBytes: { type: "integer" },
      },
      required: ["wallMs", "cpuMs", "bindingCalls"],
    },
  },
  required: ["exitCode", "stdout", "stderr", "stats"],
};

/** The tool's MCP listing: the code tool's own schema, and annotations saying it can do anything. */
export function listing(tool: CodeTool, title: string): Tool {
  return {
    name: tool.name,
    title,
    description: tool.description,
    inputSchema: tool.inputSchema as unknown as Tool["inputSchema"],
    outputSchema: RUN_RESULT_OUTPUT_SCHEMA as Tool["outputSchema"],
    annotations: {
      title,
      // The code can call any binding, so the tool is as powerful as its strongest binding.
      readOnlyHint: false,
      destructiveHint: true,
      idempotentHint: false,
      openWorldHint: true,
    },
  };
}

/** The code tool's outcome as an MCP `tools/call` result. */
export function toCallToolResult(outcome: CodeToolResult): CallToolResult {
  return {
    content: [{ type: "text", text: outcome.text }],
    structuredContent: structuredResult(outcome.result),
    ...(outcome.isError && { isError: true }),
  };
}

/** The message of a `notifications/progress` for one run event. */
export function progressMessage(event: Exclude<RunEvent, { type: "console" }>): string {
  switch (event.type) {
    case "binding:start":
      return `call ${event.callId}: ${event.name} started`;
    case "binding:replayed":
      return `call ${event.callId}: ${event.name} replayed from the continuation`;
    case "approval:requested":
      return `call ${event.callId}: ${event.name} needs approval`;
    case "approval:decided":
      return `call ${event.callId}: ${event.name} ${event.approved ? "approved" : "denied"}`;
  }
  return event.ok
    ? `call ${event.callId}: ${event.name} done in ${Math.round(event.durationMs)} ms`
    : `call ${event.callId}: ${event.name} failed (${event.errorCode ?? "error"})`;
}
