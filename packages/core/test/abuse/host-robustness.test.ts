/**
 * Abuse suite, host robustness (isobind issue #20, class 6): whatever a handler throws and
 * however deep a value is, the host answers with a result, never an unhandled rejection or a
 * rejected promise; and option errors show the value that was given.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCodeTool, InvalidOptionsError, NodeRuntime } from "../../src/index.ts";
import { abuseBindings, createProbe, expectHealthy, MODES, SMALL_LIMITS } from "./helpers.ts";

const DEEP = 30_000;
const deepCode = `let v = 0; for (let i = 0; i < ${DEEP}; i++) v = [v]; return v;`;

describe.each(MODES)("abuse: host robustness (%s)", (isolation) => {
  let rt: NodeRuntime;
  const hostRejections: unknown[] = [];
  const onRejection = (reason: unknown) => hostRejections.push(reason);

  beforeAll(async () => {
    process.on("unhandledRejection", onRejection);
    rt = await NodeRuntime.create({
      isolation,
      bindings: {
        ...abuseBindings(createProbe()),
        throwHostile: {
          description: "Throws an object whose getters, toJSON and toString all throw",
          inputSchema: { type: "object" },
          handler: () => {
            const boom = () => {
              throw new Error("inspection");
            };
            throw Object.defineProperties(
              {},
              {
                message: { get: boom },
                toJSON: { value: boom },
                toString: { value: boom },
                constructor: { get: boom },
              },
            );
          },
        },
        throwNull: {
          description: "Throws null",
          inputSchema: { type: "object" },
          handler: () => {
            throw null;
          },
        },
      },
      limits: { ...SMALL_LIMITS, timeoutMs: 10_000 },
    });
  });
  afterAll(async () => {
    await rt?.dispose();
    process.off("unhandledRejection", onRejection);
  });

  it("settles calls whose handlers throw uninspectable values with HANDLER_ERROR", async () => {
    const r = await rt.run(
      "const out = []; for (const t of [tools.throwHostile, tools.throwNull]) { try { await t({}); } catch (e) { out.push([e.code, e.message]); } } return out;",
    );
    expect(r.error).toBeUndefined();
    expect(r.value).toEqual([
      ["HANDLER_ERROR", expect.stringMatching(/^HANDLER_ERROR: throwHostile: /)],
      ["HANDLER_ERROR", "HANDLER_ERROR: throwNull: null"],
    ]);
    expect(hostRejections).toEqual([]);
    await expectHealthy(rt);
  });

  it(`returns a ${DEEP}-deep value from run() and a result (not a rejection) from execute()`, async () => {
    const direct = await rt.run(deepCode);
    expect([0, 1]).toContain(direct.exitCode);
    const tool = createCodeTool(rt);
    const executed = await tool.execute({ code: deepCode });
    expect(typeof executed.text).toBe("string");
    expect(executed.result.exitCode).toBe(direct.exitCode);
    if (direct.exitCode === 0) expect(executed.text).toMatch(/cannot be shown as text/);
    expect(hostRejections).toEqual([]);
    await expectHealthy(rt);
  });
});

describe.each(MODES)("abuse: code the sandbox cannot check (%s)", (isolation) => {
  it("refuses code too long to check as one function body with CODE_TOO_LARGE", async () => {
    const rt = await NodeRuntime.create({ isolation, bindings: abuseBindings(createProbe()) });
    try {
      const code = `let x = 0;\n${"x++;\n".repeat(300_000)}return x;`;
      const r = await rt.run(code, { limits: { memoryLimitMb: 8, maxCodeBytes: 10_000_000 } });
      expect(r.error?.code).toBe("CODE_TOO_LARGE");
      expect(r.exitCode).toBe(1);
      expect(r.error?.message).toMatch(/can check at most 1048576/);
      await expectHealthy(rt);
    } finally {
      await rt.dispose();
    }
  });
});

describe("option errors show the value given (issue #20, class 6)", () => {
  it("shows NaN and Infinity as written, not as null", async () => {
    await expect(NodeRuntime.create({ limits: { memoryLimitMb: Number.NaN } })).rejects.toThrow(
      /limits\.memoryLimitMb: must be an integer from 8 to 65536, got NaN/,
    );
    const rt = await NodeRuntime.create({ isolation: "in-process", poolSize: 0 });
    try {
      await expect(rt.run("return 1", { timeout: Number.NaN })).rejects.toThrow(
        /timeout: must be an integer from 1 to 2147483647, got NaN/,
      );
      const err = await rt
        .run("return 1", { limits: { timeoutMs: Number.POSITIVE_INFINITY, cpuTimeMs: -0 } })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidOptionsError);
      expect(String(err)).toMatch(/got Infinity/);
      expect(String(err)).toMatch(/got -0/);
    } finally {
      await rt.dispose();
    }
  });
});
