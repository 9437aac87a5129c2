/**
 * Defaults and validation of options. Validation runs once at the boundary and collects every
 * problem before reporting, so a user fixes their configuration in one pass.
 */
import { availableParallelism } from "node:os";
import type { OptionIssue } from "../errors.ts";
import type { ResolvedPoolOptions } from "../sandbox/protocol.ts";
import type { GuestLanguage, IsolationMode, Limits } from "../types.ts";

/** The default limits of every run (see {@link Limits} for what each means). */
export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  timeoutMs: 30_000,
  memoryLimitMb: 128,
  maxOutputBytes: 1024 * 1024,
  maxResultBytes: 1024 * 1024,
  maxBindingCalls: 1000,
  maxConcurrentBindingCalls: 128,
  maxBindingInputBytes: 1024 * 1024,
  maxBindingOutputBytes: 4 * 1024 * 1024,
  maxCodeBytes: 256 * 1024,
  maxPendingTimers: 1000,
});

/** Limits after defaults are applied: every field present. */
export type ResolvedLimits = Required<Limits>;

const LIMIT_RANGES: Record<keyof Limits, [min: number, max: number]> = {
  timeoutMs: [1, 2_147_483_647],
  cpuTimeMs: [1, 2_147_483_647],
  memoryLimitMb: [8, 65_536],
  maxOutputBytes: [0, 1024 ** 3],
  maxResultBytes: [0, 1024 ** 3],
  maxBindingCalls: [0, 10_000_000],
  maxConcurrentBindingCalls: [1, 1_000_000],
  maxBindingInputBytes: [0, 1024 ** 3],
  maxBindingOutputBytes: [0, 1024 ** 3],
  maxCodeBytes: [1, 1024 ** 3],
  maxPendingTimers: [0, 1_000_000],
};

/**
 * A value as a user wrote it, for error messages: `JSON.stringify` would show NaN and Infinity
 * as `null`, and functions, symbols and bigints not at all.
 */
export function shown(value: unknown): string {
  if (typeof value === "number" || typeof value === "bigint") {
    return Object.is(value, -0) ? "-0" : `${String(value)}${typeof value === "bigint" ? "n" : ""}`;
  }
  if (typeof value === "function") return "a function";
  if (typeof value === "symbol" || value === undefined) return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return `a ${typeof value}`;
  }
}

/** Checks a partial limits object; pushes one issue per bad field. */
export function validateLimits(value: unknown, at: string, issues: OptionIssue[]): void {
  if (value === undefined) return;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    issues.push({ path: at, message: "must be an object" });
    return;
  }
  for (const [key, v] of Object.entries(value)) {
    const range = LIMIT_RANGES[key as keyof Limits];
    if (!range) {
      issues.push({
        path: `${at}.${key}`,
        message: `is not a limit (known: ${Object.keys(LIMIT_RANGES).join(", ")})`,
      });
      continue;
    }
    if (v === undefined) continue;
    if (typeof v !== "number" || !Number.isInteger(v) || v < range[0] || v > range[1]) {
      issues.push({
        path: `${at}.${key}`,
        message: `must be an integer from ${range[0]} to ${range[1]}, got ${shown(v)}`,
      });
    }
  }
}

/** Applies defaults: runtime limits over the defaults, then run limits over those. */
export function resolveLimits(...layers: (Partial<Limits> | undefined)[]): ResolvedLimits {
  const merged: Partial<Limits> = { ...DEFAULT_LIMITS };
  for (const layer of layers) {
    if (!layer) continue;
    for (const [k, v] of Object.entries(layer)) {
      if (v !== undefined) (merged as Record<string, number>)[k] = v;
    }
  }
  const explicitCpu = layers.some((l) => l?.cpuTimeMs !== undefined);
  return {
    ...(merged as Limits),
    // CPU time defaults to the run's timeout; an explicit value applies as given.
    cpuTimeMs: explicitCpu ? (merged.cpuTimeMs as number) : (merged.timeoutMs as number),
  };
}

/** Checks `isolation`. */
export function validateIsolation(value: unknown, issues: OptionIssue[]): IsolationMode {
  if (value === undefined) return "process";
  if (value !== "process" && value !== "in-process") {
    issues.push({
      path: "isolation",
      message: `must be "process" or "in-process", got ${shown(value)}`,
    });
    return "process";
  }
  return value;
}

/**
 * Processes of a pool when `pool.processes` is not given: one per core the host may use
 * (`os.availableParallelism()`), at most 8 (each idle sandbox process holds about 80 MB).
 * Processes start on demand: one at first, another when all the running ones are busy.
 */
export function defaultPoolProcesses(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

const POOL_KEYS = new Set([
  "mode",
  "processes",
  "maxQueuedRuns",
  "maxQueuedRunsPerRuntime",
  "maxRunsPerProcess",
]);

/** Checks `pool` and applies its defaults. */
export function validatePool(value: unknown, issues: OptionIssue[]): ResolvedPoolOptions {
  const fallback: ResolvedPoolOptions = {
    mode: "shared",
    processes: defaultPoolProcesses(),
    maxQueuedRuns: 1000,
    maxQueuedRunsPerRuntime: 1000,
    maxRunsPerProcess: 16,
  };
  if (value === undefined) return fallback;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    issues.push({ path: "pool", message: "must be an object" });
    return fallback;
  }
  const pool = value as Record<string, unknown>;
  for (const key of Object.keys(pool)) {
    if (!POOL_KEYS.has(key)) {
      issues.push({
        path: `pool.${key}`,
        message: `is not a pool option (known: ${[...POOL_KEYS].join(", ")})`,
      });
    }
  }
  let mode = fallback.mode;
  if (pool.mode !== undefined) {
    if (pool.mode === "shared" || pool.mode === "dedicated") mode = pool.mode;
    else {
      issues.push({
        path: "pool.mode",
        message: `must be "shared" or "dedicated", got ${JSON.stringify(pool.mode)}`,
      });
    }
  }
  const maxQueuedRuns = validateCount(
    pool.maxQueuedRuns,
    "pool.maxQueuedRuns",
    fallback.maxQueuedRuns,
    0,
    1_000_000,
    issues,
  );
  return {
    mode,
    processes: validateCount(pool.processes, "pool.processes", fallback.processes, 1, 64, issues),
    maxQueuedRuns,
    maxQueuedRunsPerRuntime: validateCount(
      pool.maxQueuedRunsPerRuntime,
      "pool.maxQueuedRunsPerRuntime",
      maxQueuedRuns,
      0,
      1_000_000,
      issues,
    ),
    maxRunsPerProcess: validateCount(
      pool.maxRunsPerProcess,
      "pool.maxRunsPerProcess",
      fallback.maxRunsPerProcess,
      1,
      10_000,
      issues,
    ),
  };
}

/** Checks a non-negative integer option. */
export function validateCount(
  value: unknown,
  at: string,
  fallback: number,
  min: number,
  max: number,
  issues: OptionIssue[],
): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    issues.push({
      path: at,
      message: `must be an integer from ${min} to ${max}, got ${shown(value)}`,
    });
    return fallback;
  }
  return value;
}

/** Checks `language`. */
export function validateLanguage(value: unknown, at: string, issues: OptionIssue[]): GuestLanguage {
  if (value === undefined) return "javascript";
  if (value !== "javascript" && value !== "typescript") {
    issues.push({
      path: at,
      message: `must be "javascript" or "typescript", got ${shown(value)}`,
    });
    return "javascript";
  }
  return value;
}
