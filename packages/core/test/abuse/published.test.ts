/**
 * Abuse suite, published cases: every PoC of `published-cases.ts` (each citing its advisory or
 * issue), in both isolation modes. Each case asserts its documented outcome (a value, or one
 * error code with its exit code), that the host's memory stayed bounded, that the host saw no
 * unhandled rejection, and that the next run on the same runtime works.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Bindings, NodeRuntime, type RunErrorCode } from "../../src/index.ts";
import {
  abuseBindings,
  createProbe,
  expectHealthy,
  MODES,
  measure,
  RSS_BOUND_MB,
  SMALL_LIMITS,
} from "./helpers.ts";
import { PRELUDE, PUBLISHED_CASES } from "./published-cases.ts";

const EXIT_OF: Record<RunErrorCode, number> = {
  GUEST_ERROR: 1,
  SYNTAX_ERROR: 1,
  RESULT_TOO_LARGE: 1,
  RESULT_NOT_SERIALIZABLE: 1,
  BINDING_CALL_LIMIT: 1,
  CODE_TOO_LARGE: 1,
  TIMEOUT: 124,
  CPU_TIME_LIMIT: 124,
  ABORTED: 130,
  MEMORY_LIMIT: 137,
  SANDBOX_CRASHED: 137,
  PAUSED: 75,
  QUEUE_FULL: 75,
  REPLAY_DIVERGED: 1,
  INVALID_ARGUMENTS: 1,
  UNSUPPORTED_LANGUAGE: 1,
};

/** Handlers that throw values whose inspection throws (issue #20, class 6). */
const hostileHandlers: Bindings = {
  throwRevoked: {
    description: "Throws a Proxy whose every trap throws a revoked Proxy",
    inputSchema: { type: "object" },
    handler: () => {
      const { proxy: revoked, revoke } = Proxy.revocable({}, {});
      revoke();
      const thrower = () => {
        throw revoked;
      };
      throw new Proxy(
        {},
        { getPrototypeOf: thrower, get: thrower, has: thrower, ownKeys: thrower, apply: thrower },
      );
    },
  },
  throwUnprintable: {
    description: "Throws an object whose toJSON and toString throw",
    inputSchema: { type: "object" },
    handler: () => {
      throw {
        toJSON() {
          throw new Error("toJSON");
        },
        toString() {
          throw new Error("toString");
        },
      };
    },
  },
  rejectRevoked: {
    description: "Rejects with a revoked Proxy",
    inputSchema: { type: "object" },
    handler: async () => {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      throw proxy;
    },
  },
};

const hostRejections: unknown[] = [];
const onHostRejection = (reason: unknown) => hostRejections.push(reason);

describe.each(MODES)("abuse: published cases (%s)", (isolation) => {
  let rt: NodeRuntime;

  beforeAll(async () => {
    process.on("unhandledRejection", onHostRejection);
    rt = await NodeRuntime.create({
      isolation,
      bindings: { ...abuseBindings(createProbe()), ...hostileHandlers },
      limits: SMALL_LIMITS,
    });
  });
  afterAll(async () => {
    await rt?.dispose();
    process.off("unhandledRejection", onHostRejection);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each(PUBLISHED_CASES.map((c) => [`${c.source}: ${c.title}`, c] as const))(
    "%s",
    async (_name, c) => {
      const code = c.raw ? c.code : PRELUDE + c.code;
      const m = await measure(rt, code, c.limits ? { limits: c.limits } : undefined);
      const { result } = m;
      if ("value" in c.expect) {
        expect(result.error, JSON.stringify(result.error)).toBeUndefined();
        expect(result.exitCode).toBe(0);
        expect(result.value).toEqual(c.expect.value);
      } else {
        expect(result.error?.code, JSON.stringify(result.error)).toBe(c.expect.error);
        expect(result.exitCode).toBe(EXIT_OF[c.expect.error]);
        if (c.expect.message) expect(result.error?.message).toMatch(c.expect.message);
      }
      if (c.stdout) expect(result.stdout).toMatch(c.stdout);
      if (c.stderr) expect(result.stderr).toMatch(c.stderr);
      expect(result.value).not.toBe("LEAK");
      expect(m.rssGrowthMb).toBeLessThan(RSS_BOUND_MB[isolation]);
      expect(hostRejections).toEqual([]);
      await expectHealthy(rt);
    },
  );

  it("reports a syntax error that closes the wrapper on its own line (issue #20, class 3)", async () => {
    const r = await rt.run("const a = 1;\nconst b = 2;\n}); for (;;) {} (async function () {");
    expect(r.error?.code).toBe("SYNTAX_ERROR");
    expect(r.error?.line).toBe(3);
    expect(r.exitCode).toBe(1);
    await expectHealthy(rt);
  });

  it("keeps the guest's stack lines right (issue #20, class 3)", async () => {
    const r = await rt.run("const a = 1;\n\nthrow new Error('line three');");
    expect(r.error?.line).toBe(3);
    expect(r.error?.stack).toMatch(/code\.js:3:/);
  });

  it("settles a call whose handler throws a Proxy with throwing traps with HANDLER_ERROR (issue #20, class 6)", async () => {
    const r = await rt.run(
      "const out = []; for (const t of [tools.throwRevoked, tools.throwUnprintable, tools.rejectRevoked]) { try { await t({}); out.push('resolved'); } catch (e) { out.push(e.code); } } return out;",
    );
    expect(r.error).toBeUndefined();
    expect(r.value).toEqual(["HANDLER_ERROR", "HANDLER_ERROR", "HANDLER_ERROR"]);
    expect(hostRejections).toEqual([]);
    await expectHealthy(rt);
  });
});
