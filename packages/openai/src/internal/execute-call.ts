import type { CodeTool, RunEvent } from "@isobind/core";
import { IsobindError } from "@isobind/core";
import { codedMessage, errorMessage } from "@isobind/core/internal";
import type { FunctionToolHandler, ToolCallOutcome, ToolCallRef } from "../types.ts";

/** One tool call as both APIs describe it, reduced to what running it needs. */
export interface PendingCall {
  /** `tool_call_id` (Chat Completions) or `call_id` (Responses). */
  callId: string;
  name: string;
  /** The raw argument text: JSON for function tools, free text for custom tools. */
  input: string;
  kind: "function" | "custom";
}

export interface ExecuteCallOptions {
  codeTool: CodeTool;
  handlers: Readonly<Record<string, FunctionToolHandler>>;
  unknownTools: "skip" | "error";
  signal: AbortSignal | undefined;
  onRunEvent: ((event: RunEvent, call: ToolCallRef) => void) | undefined;
}

const neverAborts = new AbortController().signal;

function parseArguments(
  call: PendingCall,
): { ok: true; value: unknown } | { ok: false; output: string } {
  if (call.kind === "custom") return { ok: true, value: call.input };
  try {
    // An empty argument string is what the API sends for a function without parameters.
    return { ok: true, value: call.input.trim() === "" ? {} : JSON.parse(call.input) };
  } catch (error) {
    return {
      ok: false,
      output: codedMessage(
        "INVALID_ARGUMENTS",
        `the arguments of ${call.name} are not valid JSON (${errorMessage(error)}). ` +
          "Call the tool again with one JSON object as its arguments.",
      ),
    };
  }
}

function stringifyResult(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined) return "";
  return JSON.stringify(value);
}

/**
 * Runs one call: the code tool, a user handler, or neither (`null` when the call is skipped).
 * Resolves for every failure the model caused or a handler threw; rejects only for host misuse
 * reported by `@isobind/core` (a disposed runtime, say), which no model can fix.
 */
export async function executeCall(
  call: PendingCall,
  options: ExecuteCallOptions,
): Promise<ToolCallOutcome | null> {
  const { codeTool, handlers } = options;
  const ref = { callId: call.callId, name: call.name };
  const isCode = call.kind === "function" && call.name === codeTool.name;
  const handler = !isCode && Object.hasOwn(handlers, call.name) ? handlers[call.name] : undefined;
  if (!isCode && handler === undefined) {
    if (options.unknownTools === "skip") return null;
    const known = [codeTool.name, ...Object.keys(handlers)].join(", ");
    return {
      ...ref,
      output: codedMessage(
        "UNKNOWN_TOOL",
        `there is no tool named ${JSON.stringify(call.name)}. Available tools: ${known}.`,
      ),
      isError: true,
    };
  }
  const parsed = parseArguments(call);
  if (!parsed.ok) return { ...ref, output: parsed.output, isError: true };

  if (isCode) {
    const onRunEvent = options.onRunEvent;
    try {
      const executed = await codeTool.execute(parsed.value, {
        ...(options.signal ? { signal: options.signal } : {}),
        ...(onRunEvent ? { onEvent: (event: RunEvent) => onRunEvent(event, ref) } : {}),
      });
      return { ...ref, output: executed.text, isError: executed.isError, result: executed.result };
    } catch (error) {
      if (IsobindError.isInstance(error)) throw error;
      return {
        ...ref,
        output: codedMessage("INTERNAL_ERROR", `the code could not be run: ${errorMessage(error)}`),
        isError: true,
      };
    }
  }

  try {
    const value = await handler!(parsed.value, {
      signal: options.signal ?? neverAborts,
      callId: call.callId,
      name: call.name,
    });
    return { ...ref, output: stringifyResult(value), isError: false };
  } catch (error) {
    return { ...ref, output: `Error: ${call.name} failed: ${errorMessage(error)}`, isError: true };
  }
}
