/**
 * Validation of `create()`, `run()` and `resume()` options, each collecting every problem
 * before one {@link InvalidOptionsError} reports them.
 */
import { type CompiledBinding, compileBindings } from "../bindings/binding-table.ts";
import { buildNameMap } from "../bindings/names.ts";
import type { OptionIssue } from "../errors.ts";
import type { ResolvedPoolOptions, SandboxPath } from "../sandbox/protocol.ts";
import { type ResolvedTelemetry, validateTelemetry } from "../telemetry/options.ts";
import type {
  ApprovalOptions,
  BindingInfo,
  Bindings,
  IsolationMode,
  Permissions,
  RunOptions,
  RuntimeOptions,
} from "../types.ts";
import { validateCount, validateIsolation, validateLimits, validatePool } from "./options.ts";

const RUNTIME_OPTION_KEYS = new Set([
  "bindings",
  "permissions",
  "approvals",
  "limits",
  "isolation",
  "poolSize",
  "processMemoryLimitMb",
  "telemetry",
  "pool",
]);
const APPROVAL_OPTION_KEYS = new Set([
  "needsApproval",
  "approve",
  "secret",
  "continuationTtlMs",
  "maxContinuationBytes",
  "store",
]);

/** Runtime options after validation. */
export interface CheckedRuntimeOptions {
  table: Map<string, CompiledBinding>;
  infos: BindingInfo[];
  paths: SandboxPath[];
  permissions: Permissions;
  approvals: ApprovalOptions;
  isolation: IsolationMode;
  poolSize: number;
  processMemoryLimitMb: number;
  telemetry: ResolvedTelemetry | false;
  /** Warnings that do not stop `create()` (ajv's unknown formats, …). */
  diagnostics: OptionIssue[];
  pool: ResolvedPoolOptions;
}

/** Checks `create()` options; pushes one issue per problem. */
export function checkRuntimeOptions(
  options: RuntimeOptions,
  issues: OptionIssue[],
): CheckedRuntimeOptions {
  unknownKeys(options, RUNTIME_OPTION_KEYS, "", "option", issues);
  const diagnostics: OptionIssue[] = [];
  const { table, infos, paths } = checkBindings(options.bindings ?? {}, issues, diagnostics);
  const permissions = options.permissions ?? {};
  if (typeof permissions !== "object" || permissions === null) {
    issues.push({ path: "permissions", message: "must be an object" });
  } else if (permissions.binding !== undefined && typeof permissions.binding !== "function") {
    issues.push({ path: "permissions.binding", message: "must be a function" });
  }
  const approvals = checkApprovals(options.approvals, issues);
  validateLimits(options.limits, "limits", issues);
  return {
    table,
    infos,
    paths,
    permissions,
    approvals,
    isolation: validateIsolation(options.isolation, issues),
    poolSize: validateCount(options.poolSize, "poolSize", 2, 0, 64, issues),
    processMemoryLimitMb: validateCount(
      options.processMemoryLimitMb,
      "processMemoryLimitMb",
      1024,
      64,
      1024 * 1024,
      issues,
    ),
    telemetry: validateTelemetry(options.telemetry, issues),
    diagnostics,
    pool: validatePool(options.pool, issues),
  };
}

function checkBindings(bindings: Bindings, issues: OptionIssue[], diagnostics: OptionIssue[]) {
  let table = new Map<string, CompiledBinding>();
  const infos: BindingInfo[] = [];
  const paths: SandboxPath[] = [];
  if (typeof bindings !== "object" || bindings === null || Array.isArray(bindings)) {
    issues.push({ path: "bindings", message: "must be an object mapping names to bindings" });
    return { table, infos, paths };
  }
  const names = buildNameMap(Object.keys(bindings));
  for (const issue of names.issues) {
    issues.push({ path: `bindings.${issue.name}`, message: `name ${issue.message}` });
  }
  table = compileBindings(bindings, issues, diagnostics);
  for (const entry of names.entries) {
    const def = bindings[entry.name];
    if (!def || !table.has(entry.name)) continue;
    const need: unknown = def.needsApproval;
    if (
      need !== undefined &&
      typeof need !== "boolean" &&
      typeof need !== "string" &&
      typeof need !== "function"
    ) {
      issues.push({
        path: `bindings.${entry.name}.needsApproval`,
        message:
          "must be a boolean, a reason string, or a function (input, ctx) => boolean | string",
      });
    }
    paths.push([entry.name, [...entry.path]]);
    infos.push({
      name: entry.name,
      path: Object.freeze([...entry.path]),
      description: def.description,
      inputSchema: def.inputSchema,
      ...(def.outputSchema !== undefined ? { outputSchema: def.outputSchema } : {}),
    });
  }
  return { table, infos, paths };
}

function checkApprovals(value: unknown, issues: OptionIssue[]): ApprovalOptions {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    issues.push({ path: "approvals", message: "must be an object" });
    return {};
  }
  const a = value as ApprovalOptions;
  unknownKeys(a, APPROVAL_OPTION_KEYS, "approvals.", "approvals option", issues);
  for (const key of ["needsApproval", "approve"] as const) {
    if (a[key] !== undefined && typeof a[key] !== "function") {
      issues.push({ path: `approvals.${key}`, message: "must be a function" });
    }
  }
  const secret: unknown = a.secret;
  if (secret !== undefined) {
    const bytes =
      typeof secret === "string"
        ? Buffer.byteLength(secret)
        : secret instanceof Uint8Array
          ? secret.length
          : -1;
    if (bytes < 32) {
      issues.push({
        path: "approvals.secret",
        message:
          "must be a string or Uint8Array of at least 32 bytes (e.g. 32 random bytes, base64)",
      });
    }
  }
  validateCount(
    a.continuationTtlMs,
    "approvals.continuationTtlMs",
    0,
    1000,
    365 * 86_400_000,
    issues,
  );
  validateCount(
    a.maxContinuationBytes,
    "approvals.maxContinuationBytes",
    0,
    1024,
    1024 ** 3,
    issues,
  );
  if (
    a.store !== undefined &&
    typeof (a.store as { consume?: unknown } | null)?.consume !== "function"
  ) {
    issues.push({
      path: "approvals.store",
      message: "must have a consume(id, expiresAtMs) method",
    });
  }
  return a;
}

/** Checks the options `run()` and `resume()` share; pushes one issue per problem. */
export function checkCommonRunOptions(
  options: Pick<RunOptions, "timeout" | "signal" | "onEvent" | "helpers" | "approve">,
  issues: OptionIssue[],
): NonNullable<RunOptions["helpers"]> {
  if (options.timeout !== undefined) {
    validateCount(options.timeout, "timeout", 0, 1, 2_147_483_647, issues);
  }
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    issues.push({ path: "signal", message: "must be an AbortSignal" });
  }
  for (const key of ["onEvent", "approve"] as const) {
    if (options[key] !== undefined && typeof options[key] !== "function") {
      issues.push({ path: key, message: "must be a function" });
    }
  }
  const helpers = options.helpers ?? {};
  for (const [name, fn] of Object.entries(helpers)) {
    if (!/^\$[A-Za-z][A-Za-z0-9_]*$/.test(name)) {
      issues.push({
        path: `helpers.${name}`,
        message: "helper names look like $search: '$' then letters, digits, '_'",
      });
    } else if (typeof fn !== "function") {
      issues.push({ path: `helpers.${name}`, message: "must be a function" });
    }
  }
  return helpers;
}

/** Pushes an issue for every key of `value` not in `known`. */
export function unknownKeys(
  value: object,
  known: ReadonlySet<string>,
  prefix: string,
  what: string,
  issues: OptionIssue[],
): void {
  for (const key of Object.keys(value)) {
    if (!known.has(key)) {
      issues.push({
        path: `${prefix}${key}`,
        message: `is not ${/^[aeiou]/.test(what) ? "an" : "a"} ${what} (known: ${[...known].join(", ")})`,
      });
    }
  }
}
