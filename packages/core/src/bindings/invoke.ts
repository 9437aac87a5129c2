/**
 * One binding call on the host, from the guest's JSON text to the payload that settles the
 * guest's promise. Order: lookup → size → parse → schema → permission → handler → output.
 * Validation comes before the permission check so a policy only ever sees valid input.
 */

import { ApprovalPause, type ApprovalScope, passApproval } from "../approvals/gate.ts";
import type { ResolvedLimits } from "../runtime/options.ts";
import type { BindingContext, BindingErrorCode, Permissions, RunOptions } from "../types.ts";
import {
  BindingFailure,
  byteLength,
  type CompiledBinding,
  describeSchemaErrors,
} from "./binding-table.ts";

/** The context handed to a handler. */
export type CallContext = BindingContext;

/** How a call settles: `ok` 1 with the result JSON ("" for undefined), or 0 with `{code, message}` JSON. */
export interface Settled {
  ok: 0 | 1;
  payload: string;
  errorCode?: BindingErrorCode;
  /** The call waits for an approval decision: nothing settles it in this run. */
  paused?: true;
}

const MAX_ERROR_MESSAGE = 2000;

/** What every call of one run is checked against; built once per run. */
export interface InvokeScope {
  table: Map<string, CompiledBinding>;
  helpers: NonNullable<RunOptions["helpers"]>;
  permissions: Permissions;
  limits: ResolvedLimits;
  /** Present when calls may need approval. */
  approvals?: ApprovalScope;
}

/** Runs one binding call; never rejects: a failure becomes a settle payload for the guest. */
export async function invokeBinding(
  scope: InvokeScope,
  ctx: CallContext,
  name: string,
  inputJson: string,
): Promise<Settled> {
  try {
    const payload = await callOnce(scope, ctx, name, inputJson);
    return { ok: 1, payload };
  } catch (e) {
    if (e instanceof ApprovalPause) return { ok: 0, payload: "", paused: true };
    const failure =
      e instanceof BindingFailure ? e : new BindingFailure("HANDLER_ERROR", messageOf(e));
    return {
      ok: 0,
      payload: JSON.stringify({ code: failure.code, message: failure.message }),
      errorCode: failure.code,
    };
  }
}

async function callOnce(
  { table, helpers, permissions, limits, approvals }: InvokeScope,
  ctx: CallContext,
  name: string,
  inputJson: string,
): Promise<string> {
  const inputBytes = byteLength(inputJson);
  if (inputBytes > limits.maxBindingInputBytes) {
    throw new BindingFailure(
      "INVALID_INPUT",
      `input is ${inputBytes} bytes as JSON, over the limit of ${limits.maxBindingInputBytes} bytes (limits.maxBindingInputBytes)`,
    );
  }
  let input: unknown;
  try {
    input = JSON.parse(inputJson);
  } catch {
    throw new BindingFailure("INVALID_INPUT", "input is not valid JSON");
  }

  if (name.startsWith("$")) {
    const helper = Object.hasOwn(helpers, name) ? helpers[name] : undefined;
    if (!helper) throw new BindingFailure("UNKNOWN_BINDING", `no helper tools.${name} in this run`);
    return serialise(await runHandler(() => helper(input, ctx)), limits, undefined);
  }

  const binding = table.get(name);
  if (!binding) throw new BindingFailure("UNKNOWN_BINDING", "no binding has this name");
  if (!binding.validateInput(input)) {
    throw new BindingFailure("INVALID_INPUT", describeSchemaErrors(binding.validateInput.errors));
  }
  await checkPermission(permissions, name, inputJson, ctx);
  if (approvals) {
    // An approver's edited input goes through the same schema and permission checks again.
    input = await passApproval(approvals, binding, input, ctx, async (edited) => {
      const json = JSON.stringify(edited);
      const copy: unknown = json === undefined ? undefined : JSON.parse(json);
      if (!binding.validateInput(copy)) {
        const why = describeSchemaErrors(binding.validateInput.errors);
        throw new BindingFailure("INVALID_INPUT", `the approver's edited input: ${why}`);
      }
      await checkPermission(permissions, name, json, ctx);
      return copy;
    });
  }
  if (ctx.signal.aborted) throw new BindingFailure("HANDLER_ERROR", "the run has ended");
  const handler = binding.definition.handler as (input: unknown, ctx: CallContext) => unknown;
  const output = await runHandler(() => handler(input, ctx));
  return serialise(output, limits, binding);
}

async function checkPermission(
  permissions: Permissions,
  name: string,
  inputJson: string,
  ctx: CallContext,
): Promise<void> {
  if (!permissions.binding) return;
  let allowed: unknown;
  try {
    const request = { name, input: JSON.parse(inputJson), runId: ctx.runId, context: ctx.context };
    allowed = await permissions.binding(request);
  } catch (e) {
    throw new BindingFailure("PERMISSION_DENIED", `the permission policy failed: ${messageOf(e)}`);
  }
  if (allowed !== true) {
    throw new BindingFailure("PERMISSION_DENIED", "denied by the runtime's permission policy");
  }
}

async function runHandler(fn: () => unknown): Promise<unknown> {
  try {
    return await fn();
  } catch (e) {
    // Only the message crosses: never the stack, which carries host paths.
    throw new BindingFailure("HANDLER_ERROR", messageOf(e));
  }
}

function serialise(
  output: unknown,
  limits: ResolvedLimits,
  binding: CompiledBinding | undefined,
): string {
  if (output === undefined) return "";
  let json: string | undefined;
  try {
    json = JSON.stringify(output);
  } catch (e) {
    throw new BindingFailure(
      "INVALID_OUTPUT",
      `the handler's result is not JSON-serializable: ${messageOf(e)}`,
    );
  }
  if (json === undefined) return "";
  const bytes = byteLength(json);
  if (bytes > limits.maxBindingOutputBytes) {
    throw new BindingFailure(
      "INVALID_OUTPUT",
      `the handler's result is ${bytes} bytes as JSON, over the limit of ${limits.maxBindingOutputBytes} bytes (limits.maxBindingOutputBytes)`,
    );
  }
  if (binding?.validateOutput && !binding.validateOutput(JSON.parse(json))) {
    throw new BindingFailure(
      "INVALID_OUTPUT",
      `the handler's result does not match its outputSchema: ${describeSchemaErrors(binding.validateOutput.errors)}`,
    );
  }
  return json;
}

function messageOf(e: unknown): string {
  let text: string;
  if (e instanceof Error) text = e.message;
  else if (typeof e === "string") text = e;
  else {
    try {
      text = JSON.stringify(e) ?? String(e);
    } catch {
      text = String(e);
    }
  }
  return text.length > MAX_ERROR_MESSAGE ? `${text.slice(0, MAX_ERROR_MESSAGE)}…` : text;
}
