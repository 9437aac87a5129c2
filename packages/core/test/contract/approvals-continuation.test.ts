import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type Bindings,
  ContinuationConsumedError,
  InvalidContinuationError,
  InvalidOptionsError,
  type IsolationMode,
  NodeRuntime,
  type PausedRunResult,
  type RunResult,
} from "@isobind/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
// Internal: used only to forge a validly sealed continuation whose program differs (divergence).
// From the sources (the same format as dist), so typecheck needs no build first.
import {
  bindingSetHash,
  type ContinuationState,
  deriveKeys,
  openContinuation,
  sealContinuation,
} from "../../src/approvals/continuation.ts";

const SECRET = "continuation-contract-test-secret-abcdefgh";
const DIST = fileURLToPath(new URL("../../dist/index.js", import.meta.url));
let refunds = 0;

const bindings: Bindings = {
  note: {
    description: "Write a note",
    inputSchema: { type: "object" },
    handler: () => "noted",
  },
  refund: {
    description: "Refund; above 100 needs approval",
    inputSchema: {
      type: "object",
      properties: { amount: { type: "number" } },
      required: ["amount"],
    },
    needsApproval: (input: { amount: number }) => input.amount > 100,
    handler: (input: { amount: number }) => {
      refunds++;
      return { refunded: input.amount };
    },
  },
};

const CODE = `
  const small = await tools.refund({ amount: 10 });
  const big = await tools.refund({ amount: 700 });
  return [small.refunded, big.refunded];`;

function paused<T>(r: RunResult<T>): PausedRunResult<T> {
  expect(r.status, r.stderr).toBe("paused");
  return r as PausedRunResult<T>;
}
const approveAll = (r: PausedRunResult) =>
  Object.fromEntries(r.pending.map((p) => [p.id, { approved: true as const }]));

async function refusal(promise: Promise<unknown>): Promise<InvalidContinuationError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidContinuationError);
    return e as InvalidContinuationError;
  }
  throw new Error("resume did not refuse the continuation");
}

describe.each<IsolationMode>(["process", "in-process"])("continuations (%s)", (isolation) => {
  let rt: NodeRuntime;
  beforeAll(async () => {
    rt = await NodeRuntime.create({ isolation, bindings, approvals: { secret: SECRET } });
  });
  afterAll(async () => {
    await rt.dispose();
  });
  beforeEach(() => {
    refunds = 0;
  });

  it("refuses a tampered continuation (signature) and runs nothing", async () => {
    const first = paused(await rt.run(CODE));
    const c = first.continuation;
    const i = c.length - 40;
    const flipped = c.slice(0, i) + (c[i] === "A" ? "B" : "A") + c.slice(i + 1);
    const e = await refusal(rt.resume(flipped, { decisions: approveAll(first) }));
    expect(e.check).toBe("signature");
    expect(e.code).toBe("INVALID_CONTINUATION");
    expect(refunds).toBe(1);
    // The genuine one still resumes: a refused attempt consumed nothing.
    expect((await rt.resume(c, { decisions: approveAll(first) })).value).toEqual([10, 700]);
  });

  it("refuses garbage, other versions and oversized strings, naming the check", async () => {
    const first = paused(await rt.run(CODE));
    const decisions = approveAll(first);
    expect((await refusal(rt.resume("hello", { decisions }))).check).toBe("format");
    expect((await refusal(rt.resume(42 as unknown as string, { decisions }))).check).toBe("format");
    expect((await refusal(rt.resume("ibc1.!!!", { decisions }))).check).toBe("format");
    expect((await refusal(rt.resume(`ibc2.${"A".repeat(100)}`, { decisions }))).check).toBe(
      "version",
    );
    const small = await NodeRuntime.create({
      isolation,
      bindings,
      approvals: { secret: SECRET, maxContinuationBytes: 1024 },
    });
    try {
      const big = `${first.continuation}${"A".repeat(1024)}`;
      expect((await refusal(small.resume(big, { decisions }))).check).toBe("size");
    } finally {
      await small.dispose();
    }
    expect(refunds).toBe(1);
  });

  it("refuses a continuation made with another secret, or by another runtime without one", async () => {
    const first = paused(await rt.run(CODE));
    const other = await NodeRuntime.create({
      isolation,
      bindings,
      approvals: { secret: "another-secret-another-secret-another!!" },
    });
    try {
      const e = await refusal(other.resume(first.continuation, { decisions: approveAll(first) }));
      expect(e.check).toBe("secret");
      expect(e.message).toMatch(/another secret/);
    } finally {
      await other.dispose();
    }
  });

  it("refuses a continuation after the binding set changed", async () => {
    const first = paused(await rt.run(CODE));
    const changed = await NodeRuntime.create({
      isolation,
      approvals: { secret: SECRET },
      bindings: {
        ...bindings,
        refund: {
          ...(bindings.refund as Bindings[string]),
          inputSchema: {
            type: "object",
            properties: { amount: { type: "integer" } },
            required: ["amount"],
          },
        },
      },
    });
    try {
      const e = await refusal(changed.resume(first.continuation, { decisions: approveAll(first) }));
      expect(e.check).toBe("bindings");
    } finally {
      await changed.dispose();
    }
    expect(refunds).toBe(1);
  });

  it("refuses an expired continuation", async () => {
    const short = await NodeRuntime.create({
      isolation,
      bindings,
      approvals: { secret: SECRET, continuationTtlMs: 1000 },
    });
    try {
      const first = paused(await short.run(CODE));
      await new Promise((r) => setTimeout(r, 1100));
      const e = await refusal(short.resume(first.continuation, { decisions: approveAll(first) }));
      expect(e.check).toBe("expiry");
    } finally {
      await short.dispose();
    }
    expect(refunds).toBe(1);
  });

  it("resumes each continuation once, sequentially and concurrently", async () => {
    const first = paused(await rt.run(CODE));
    const decisions = approveAll(first);
    const results = await Promise.allSettled([
      rt.resume(first.continuation, { decisions }),
      rt.resume(first.continuation, { decisions }),
      rt.resume(first.continuation, { decisions }),
    ]);
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r) => r.status === "rejected");
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(2);
    for (const r of refused) expect(r.reason).toBeInstanceOf(ContinuationConsumedError);
    await expect(rt.resume(first.continuation, { decisions })).rejects.toThrow(
      ContinuationConsumedError,
    );
    expect(refunds).toBe(2);
  });

  it("refuses bad decisions with InvalidOptionsError naming the field, and runs nothing", async () => {
    const first = paused(await rt.run(CODE));
    const id = first.pending[0]?.id as string;
    const cases: [unknown, RegExp][] = [
      [undefined, /decisions: must be an object/],
      [{}, new RegExp(`decisions\\.${id}: is missing`)],
      [{ [id]: { approved: true }, nope: { approved: true } }, /decisions\.nope: is not a pending/],
      [
        { [id]: { approved: "yes" } },
        new RegExp(`decisions\\.${id}\\.approved: must be true or false`),
      ],
      [{ [id]: { approved: false, reason: 3 } }, new RegExp(`decisions\\.${id}\\.reason`)],
    ];
    for (const [decisions, message] of cases) {
      const attempt = rt.resume(first.continuation, {
        decisions: decisions as Record<string, { approved: true }>,
      });
      await expect(attempt).rejects.toThrow(InvalidOptionsError);
      await expect(attempt).rejects.toThrow(message);
    }
    await expect(
      rt.resume(first.continuation, { decisions: approveAll(first), extra: 1 } as never),
    ).rejects.toThrow(/extra: is not a resume option/);
    expect(refunds).toBe(1);
    expect((await rt.resume(first.continuation, { decisions: approveAll(first) })).value).toEqual([
      10, 700,
    ]);
  });

  it("ends with REPLAY_DIVERGED when the replayed program takes another path", async () => {
    const keys = deriveKeys(SECRET);
    const hash = bindingSetHash(rt.bindings);
    const forge = (token: string, edit: (s: ContinuationState) => void) => {
      const state = openContinuation(token, keys, 1 << 20, hash);
      edit(state);
      state.id = `${state.id}-forged-${Math.random()}`;
      return sealContinuation(state, keys, 1 << 20) as string;
    };
    const first = paused(await rt.run(CODE));
    const decisions = approveAll(first);
    const variants: [label: string, from: string, to: string][] = [
      ["other input", "amount: 10 ", "amount: 11 "],
      ["other binding", "tools.refund({ amount: 10 })", "tools.note({ amount: 10 })"],
      ["call missing", "await tools.refund({ amount: 10 })", "({ refunded: 10 })"],
      ["pending call missing", "await tools.refund({ amount: 700 })", "({ refunded: 700 })"],
    ];
    for (const [label, from, to] of variants) {
      const token = forge(first.continuation, (state) => {
        state.code = state.code.replace(from, to);
      });
      const result = await rt.resume(token, { decisions });
      expect(result.error?.code, label).toBe("REPLAY_DIVERGED");
      expect(result.exitCode, label).toBe(1);
    }
    expect(refunds).toBe(1);
  });
});

describe("a continuation resumed in another Node process", () => {
  it("resumes with the same secret and bindings, with the right result", async () => {
    refunds = 0;
    const rt = await NodeRuntime.create({ bindings, approvals: { secret: SECRET } });
    let first: PausedRunResult;
    try {
      first = paused(await rt.run(CODE));
    } finally {
      await rt.dispose();
    }
    const script = join(tmpdir(), `isobind-resume-${process.pid}.mjs`);
    writeFileSync(
      script,
      `import { NodeRuntime } from ${JSON.stringify(DIST)};
let refunds = 0;
const rt = await NodeRuntime.create({
  approvals: { secret: ${JSON.stringify(SECRET)} },
  bindings: { note: { description: "Write a note", inputSchema: { type: "object" }, handler: () => "noted" }, refund: {
    description: "Refund; above 100 needs approval",
    inputSchema: { type: "object", properties: { amount: { type: "number" } }, required: ["amount"] },
    needsApproval: (input) => input.amount > 100,
    handler: (input) => { refunds++; return { refunded: input.amount }; },
  } },
});
const [continuation, decisions] = JSON.parse(process.argv[2]);
const result = await rt.resume(continuation, { decisions });
console.log(JSON.stringify({ value: result.value, exitCode: result.exitCode, refunds, stats: result.stats }));
await rt.dispose();
`,
    );
    const out = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        [script, JSON.stringify([first.continuation, approveAll(first)])],
        { timeout: 60_000 },
        (error, stdout, stderr) =>
          error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
      ),
    );
    const parsed = JSON.parse(out.trim().split("\n").pop() as string);
    expect(parsed).toMatchObject({
      value: [10, 700],
      exitCode: 0,
      refunds: 1,
      stats: { replayedCalls: 1 },
    });
    expect(refunds).toBe(1);
  });
});
