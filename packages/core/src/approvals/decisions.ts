/**
 * Checks the `decisions` given to `resume()` against the continuation's pending calls before
 * anything runs: one decision per pending id, no unknown ids, each decision well-formed, and an
 * edited input valid against the binding's schema. Every problem is reported at once.
 */
import { type CompiledBinding, describeSchemaErrors } from "../bindings/binding-table.ts";
import type { OptionIssue } from "../errors.ts";
import type { ApprovalDecision } from "./types.ts";

/** A checked decision, keyed by the call it decides. */
export interface CheckedDecision {
  id: string;
  decision: ApprovalDecision;
}

/**
 * Returns the decisions by call id; pushes an issue (path `decisions.<id>…`) for each problem.
 * `pending` rows are `[id, callId, name]`.
 */
export function checkDecisions(
  value: unknown,
  pending: readonly (readonly [string, number, string, ...unknown[]])[],
  table: ReadonlyMap<string, CompiledBinding>,
  issues: OptionIssue[],
): Map<number, CheckedDecision> {
  const byCall = new Map<number, CheckedDecision>();
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    issues.push({
      path: "decisions",
      message: "must be an object mapping each pending id to { approved: true | false }",
    });
    return byCall;
  }
  const given = value as Record<string, unknown>;
  const ids = new Set(pending.map((p) => p[0]));
  for (const key of Object.keys(given)) {
    if (!ids.has(key)) {
      issues.push({
        path: `decisions.${key}`,
        message: `is not a pending call of this continuation (pending: ${[...ids].join(", ")})`,
      });
    }
  }
  for (const [id, callId, name] of pending) {
    const at = `decisions.${id}`;
    if (!Object.hasOwn(given, id)) {
      issues.push({
        path: at,
        message: `is missing: every pending call needs a decision (${name})`,
      });
      continue;
    }
    const decision = checkOne(given[id], at, table.get(name), issues);
    if (decision) byCall.set(callId, { id, decision });
  }
  return byCall;
}

function checkOne(
  value: unknown,
  at: string,
  binding: CompiledBinding | undefined,
  issues: OptionIssue[],
): ApprovalDecision | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    issues.push({
      path: at,
      message: "must be { approved: true, input? } or { approved: false, reason? }",
    });
    return undefined;
  }
  const d = value as Record<string, unknown>;
  for (const key of Object.keys(d)) {
    if (key !== "approved" && key !== "input" && key !== "reason") {
      issues.push({
        path: `${at}.${key}`,
        message: "is not a decision field (approved, input, reason)",
      });
    }
  }
  if (d.approved === false) {
    if (d.reason !== undefined && typeof d.reason !== "string") {
      issues.push({ path: `${at}.reason`, message: "must be a string" });
      return undefined;
    }
    return d.reason === undefined
      ? { approved: false }
      : { approved: false, reason: d.reason as string };
  }
  if (d.approved !== true) {
    issues.push({ path: `${at}.approved`, message: "must be true or false" });
    return undefined;
  }
  if (d.input === undefined) return { approved: true };
  return checkEditedInput(d.input, `${at}.input`, binding, issues);
}

function checkEditedInput(
  input: unknown,
  at: string,
  binding: CompiledBinding | undefined,
  issues: OptionIssue[],
): ApprovalDecision | undefined {
  let copy: unknown;
  try {
    const json = JSON.stringify(input);
    if (json === undefined) throw new Error("not JSON");
    copy = JSON.parse(json);
  } catch {
    issues.push({ path: at, message: "must be JSON-serialisable" });
    return undefined;
  }
  if (binding && !binding.validateInput(copy)) {
    issues.push({
      path: at,
      message: `does not match the binding's inputSchema: ${describeSchemaErrors(binding.validateInput.errors)}`,
    });
    return undefined;
  }
  return { approved: true, input: copy };
}
