/**
 * Shared pieces of the abuse suite: a runtime with small limits and bindings that record what
 * the host really received, the "is it still healthy" check every case ends with, and a
 * measuring wrapper (wall time from the result, host RSS growth around the run).
 */
import { fileURLToPath } from "node:url";
import { types } from "node:util";
import { expect } from "vitest";
import type {
  BindingContext,
  Bindings,
  IsolationMode,
  Limits,
  NodeRuntime,
  RunErrorCode,
  RunOptions,
  RunResult,
} from "../../src/index.ts";

/** Both isolation modes, for `describe.each`. */
export const MODES: IsolationMode[] = ["process", "in-process"];

/** Small limits, so the suite is fast. Cases override per run where they need to. */
export const SMALL_LIMITS: Partial<Limits> = { timeoutMs: 1000, memoryLimitMb: 32 };

/**
 * Host RSS growth allowed per case. In process mode the sandbox's memory is another process's;
 * in-process the isolate's heap (up to its limit, plus allocator high-water) is ours.
 */
export const RSS_BOUND_MB: Record<IsolationMode, number> = { process: 96, "in-process": 320 };

/** The repository root: no host path under it may ever reach the guest. */
export const HOST_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

/** What the recording bindings saw on the host. */
export interface Probe {
  inputs: unknown[];
  signals: AbortSignal[];
  /** Releases every call waiting in `gate`. */
  openGate: () => void;
  calls: Record<string, number>;
}

export function createProbe(): Probe {
  const probe: Probe = { inputs: [], signals: [], calls: {}, openGate: () => {} };
  return probe;
}

/** Every object reachable from `value` is an ordinary plain object or array of this realm. */
function isPlainData(value: unknown): boolean {
  if (value === null || typeof value !== "object") {
    return typeof value !== "function" && typeof value !== "symbol";
  }
  if (types.isProxy(value)) return false;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== Array.prototype) return false;
  for (const key of Reflect.ownKeys(value)) {
    const d = Object.getOwnPropertyDescriptor(value, key);
    if (!d || !("value" in d) || typeof key === "symbol") return false;
    if (!isPlainData(d.value)) return false;
  }
  return true;
}

const anyInput = { type: ["object", "array", "string", "number", "boolean", "null"] };

/** Bindings that record what crossed, fail in host-ish ways, or take their time. */
export function abuseBindings(probe: Probe): Bindings {
  const count = (name: string) => {
    probe.calls[name] = (probe.calls[name] ?? 0) + 1;
  };
  let gateOpen: Promise<void> = new Promise((resolve) => {
    probe.openGate = resolve;
  });
  return {
    echo: {
      description: "Returns its input",
      inputSchema: anyInput,
      handler: (input: unknown) => {
        count("echo");
        probe.inputs.push(input);
        return input;
      },
    },
    inspect: {
      description: "Describes how the host received its input",
      inputSchema: anyInput,
      handler: (input: unknown) => {
        count("inspect");
        probe.inputs.push(input);
        return {
          plain: isPlainData(input),
          protoIsObject:
            typeof input === "object" &&
            input !== null &&
            Object.getPrototypeOf(input) === Object.prototype,
          ownProtoKey:
            typeof input === "object" && input !== null && Object.hasOwn(input, "__proto__"),
          hostPolluted: ({} as Record<string, unknown>).polluted !== undefined,
          json: input,
        };
      },
    },
    fail: {
      description: "Throws a host Error (its stack holds host paths)",
      inputSchema: anyInput,
      handler: () => {
        count("fail");
        throw new Error("disk full");
      },
    },
    "fail-weird": {
      description: "Throws a host object that is not an Error",
      inputSchema: anyInput,
      handler: () => {
        count("fail-weird");
        throw { toString: () => "weird", secret: process.env, path: HOST_ROOT };
      },
    },
    polluted: {
      description: "Returns JSON with __proto__ and constructor.prototype keys",
      inputSchema: anyInput,
      handler: () =>
        JSON.parse(
          '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"ok":1}',
        ),
    },
    big: {
      description: "Returns a string of n characters",
      inputSchema: { type: "object", properties: { n: { type: "integer" } }, required: ["n"] },
      handler: (input: { n: number }) => "x".repeat(input.n),
    },
    slow: {
      description: "Waits (up to 10 s) until the run's signal aborts",
      inputSchema: anyInput,
      handler: (_input: unknown, ctx: BindingContext) => {
        count("slow");
        probe.signals.push(ctx.signal);
        return new Promise((resolve) => {
          const t = setTimeout(() => resolve("late"), 10_000);
          ctx.signal.addEventListener("abort", () => {
            clearTimeout(t);
            resolve("aborted");
          });
        });
      },
    },
    gate: {
      description: "Waits until the test opens the gate",
      inputSchema: anyInput,
      handler: async () => {
        count("gate");
        await gateOpen;
        gateOpen = new Promise((resolve) => {
          probe.openGate = resolve;
        });
        return "open";
      },
    },
    "ns.deep.fn": {
      description: "A namespaced binding",
      inputSchema: anyInput,
      handler: () => ({ ok: true }),
    },
  };
}

/** The seed-like program every case's runtime must still run afterwards. */
export const SEED_CODE = `
const [a, b] = await Promise.all([tools.echo({ n: 20 }), tools.echo({ n: 22 })]);
console.log("seed", a.n + b.n);
return { sum: a.n + b.n };
`;

/** The next run on the same runtime works: two binding calls, console, a value. */
export async function expectHealthy(rt: NodeRuntime): Promise<void> {
  const r = await rt.run(SEED_CODE, { limits: { timeoutMs: 10_000 } });
  expect(r.error).toBeUndefined();
  expect(r.exitCode).toBe(0);
  expect(r.value).toEqual({ sum: 42 });
  expect(r.stdout).toBe("seed 42\n");
  expect(r.stats.bindingCalls).toBe(2);
}

/** A run plus how much the host's RSS grew around it. */
export interface Measured<T> {
  result: RunResult<T>;
  rssGrowthMb: number;
}

export async function measure<T = unknown>(
  rt: NodeRuntime,
  code: string,
  options?: RunOptions,
): Promise<Measured<T>> {
  const before = process.memoryUsage().rss;
  const result = await rt.run<T>(code, options);
  const rssGrowthMb = (process.memoryUsage().rss - before) / 1024 / 1024;
  return { result, rssGrowthMb };
}

/** The exact failure: code, exit code, and a message matching `message` when given. */
export function expectFailure(
  result: RunResult,
  code: RunErrorCode,
  exitCode: RunResult["exitCode"],
  message?: RegExp,
): void {
  expect(result.error?.code, JSON.stringify(result.error)).toBe(code);
  expect(result.exitCode).toBe(exitCode);
  expect(result.value).toBeUndefined();
  if (message) expect(result.error?.message).toMatch(message);
}

/**
 * Host memory within its bound. Time is not asserted (a shared CI machine can be slow at any
 * moment): that a limit ended the run is proven by the result's code, which callers assert, and
 * a run the limit failed to end would hang until the test's own timeout fails it.
 */
export function expectBounded(m: Measured<unknown>, isolation: IsolationMode): void {
  expect(m.rssGrowthMb).toBeLessThan(RSS_BOUND_MB[isolation]);
}
