/**
 * Abuse suite, crosstalk: every run gets a fresh global scope. Nothing one run sets (globals,
 * prototypes, builtins) is visible to another, in sequence or concurrently, and one run's
 * collapse does not take a concurrent one down with it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NodeRuntime } from "../../src/index.ts";
import {
  abuseBindings,
  createProbe,
  expectFailure,
  expectHealthy,
  MODES,
  type Probe,
  SMALL_LIMITS,
} from "./helpers.ts";

const MUTATE = `
globalThis.secret = "mine";
var declared = "mine";
Object.prototype.leak = "mine";
Array.prototype.includes = () => true;
JSON.stringify = () => '"tampered"';
Math.random = () => 4;
`;

const OBSERVE = `
return {
  secret: typeof globalThis.secret,
  declared: typeof declared,
  leak: ({}).leak === undefined,
  includes: [1].includes(2),
  random: Math.random() !== 4,
  json: JSON.stringify({ a: 1 }),
};
`;

const CLEAN = {
  secret: "undefined",
  declared: "undefined",
  leak: true,
  includes: false,
  random: true,
  json: '{"a":1}',
};

describe.each(MODES)("abuse: crosstalk (%s)", (isolation) => {
  let rt: NodeRuntime;
  let probe: Probe;

  beforeAll(async () => {
    probe = createProbe();
    rt = await NodeRuntime.create({
      isolation,
      bindings: abuseBindings(probe),
      limits: SMALL_LIMITS,
    });
  });
  afterAll(async () => {
    await rt?.dispose();
  });

  it("does not carry globals, prototypes or builtins from one run to the next", async () => {
    const first = await rt.run(`${MUTATE}\nreturn "mutated";`);
    expect(first.value).toBe("mutated");
    const second = await rt.run(OBSERVE);
    expect(second.value).toEqual(CLEAN);
    await expectHealthy(rt);
  });

  it("does not show a waiting run's globals to a concurrent run", async () => {
    const before = probe.calls.gate ?? 0;
    const waiting = rt.run(
      `${MUTATE}\nawait tools.gate({});\nreturn [globalThis.secret, ({}).leak, declared];`,
    );
    await expect.poll(() => probe.calls.gate ?? 0).toBe(before + 1);
    const concurrent = await rt.run(OBSERVE);
    expect(concurrent.value).toEqual(CLEAN);
    probe.openGate();
    const first = await waiting;
    expect(first.value).toEqual(["mine", "mine", "mine"]);
    await expectHealthy(rt);
  });

  it("keeps each of many concurrent runs' state its own", async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        rt.run(`
          globalThis.owner = ${i};
          Object.prototype.owner = ${i};
          await tools.echo({ i: ${i} });
          await new Promise((r) => setTimeout(r, ${(i * 7) % 20}));
          return [globalThis.owner, ({}).owner];
        `),
      ),
    );
    expect(results.map((r) => r.value)).toEqual(Array.from({ length: 8 }, (_, i) => [i, i]));
  });

  it("finishes a concurrent run normally while another one exhausts its heap", async () => {
    const [bomb, normal] = await Promise.all([
      rt.run("const a = []; while (true) a.push({ s: 'x' + Math.random() });", { timeout: 10_000 }),
      rt.run(
        `let sum = 0; for (let i = 0; i < 20; i++) sum += (await tools.echo({ i })).i; return sum;`,
        { timeout: 10_000 },
      ),
    ]);
    expectFailure(bomb, "MEMORY_LIMIT", 137);
    expect(normal.error).toBeUndefined();
    expect(normal.value).toBe(190);
    await expectHealthy(rt);
  });

  it("finishes a concurrent run normally while another one spins to its CPU limit", async () => {
    const [spin, normal] = await Promise.all([
      rt.run("while (true) {}", { limits: { cpuTimeMs: 500, timeoutMs: 5000 } }),
      rt.run(
        `const out = []; for (let i = 0; i < 5; i++) { await new Promise((r) => setTimeout(r, 20)); out.push((await tools.echo({ i })).i); } return out;`,
        { timeout: 5000 },
      ),
    ]);
    expectFailure(spin, "CPU_TIME_LIMIT", 124);
    expect(normal.error).toBeUndefined();
    expect(normal.value).toEqual([0, 1, 2, 3, 4]);
  });
});
