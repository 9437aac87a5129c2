import { describe, expect, it } from "vitest";
import { readResultsFile } from "./bench-results.ts";
import { formatFigure, parseRuntimeResults } from "./runtime-results.ts";

const s = (median: number) => ({ n: 10, median, p95: median * 2, p99: median * 3 });
const mode = (base: number) => ({
  cold: s(base),
  warm: s(base / 2),
  roundTrip: {
    emptyRun: s(1),
    oneCallRun: s(1.1),
    sequentialRun: s(60),
    sequentialCalls: 1000,
    perCallUs: 59,
  },
  parallel: { calls: 100, handlerMs: 100, wall: s(107) },
  throughput: [{ concurrency: 1, runsPerSecond: 300, latencyP50: 3, latencyP99: 9 }],
  memory: {
    runtimes: 8,
    poolSize: 16,
    hostRssPerRuntimeMb: 0.5,
    childRssPerRuntimeMb: 0,
    totalRssPerRuntimeMb: 0.5,
    rssPerPooledSandboxMb: 0.3,
  },
});
const doc = {
  schemaVersion: 1,
  generatedAt: "2026-11-24T15:59:56.027Z",
  quick: false,
  durationSeconds: 121,
  environment: {
    node: "24.21.0",
    v8: "13.6",
    platform: "linux",
    arch: "x64",
    cpus: 2,
    cpuModel: "AMD EPYC",
    totalMemoryMb: 24106,
    loadAverageStart: 1,
    loadAverageEnd: 2,
    gcExposed: true,
    gitCommit: "abc1234",
  },
  isobind: {
    "in-process": mode(4),
    process: { ...mode(200), warmGapMs: 20, warmBackToBack: s(5) },
  },
  comparison: [
    { id: "secure-exec", version: "0.2", unavailable: "does not install" },
    {
      id: "node:vm",
      version: "24",
      isolation: "none",
      warmPath: "vm.createContext per run",
      coldPath: "the same",
      warm: s(1.4),
      cold: s(0.6),
      warmRatio: { process: 0.3, "in-process": 0.7 },
      coldRatio: { process: 0.01, "in-process": 0.1 },
    },
  ],
  targets: [
    { target: "warm p50", mode: "process", limit: "≤ 2 ms", measured: "4.79 ms", met: false },
  ],
};

describe("parseRuntimeResults", () => {
  it("reads both modes, the comparison and the targets", () => {
    const r = parseRuntimeResults(doc);
    expect(r.modes["in-process"].cold.median).toBe(4);
    expect(r.modes.process.warmGapMs).toBe(20);
    expect(r.modes.process.warmBackToBack?.median).toBe(5);
    expect(r.modes["in-process"].warmBackToBack).toBeUndefined();
    expect(r.comparison[0]).toEqual({
      id: "secure-exec",
      version: "0.2",
      unavailable: "does not install",
    });
    expect(r.comparison[1]).toMatchObject({ id: "node:vm", warmRatio: { "in-process": 0.7 } });
    expect(r.targets[0]?.measured).toBe("4.79 ms");
  });

  it("reads the shared-pool figures and skipped targets when present", () => {
    const pool = {
      create: s(0.2),
      many: {
        runtimes: 1000,
        createAllMs: 900,
        totalRssMb: 120,
        hostRssMb: 40,
        sandboxRssMb: 80,
        processes: 1,
        rssPerRuntimeMb: 0.12,
      },
      scaling: { concurrency: 4, oneProcess: [200, 210], twoProcesses: [330, 340], ratio: 1.6 },
    };
    const skipped = { ...doc.targets[0], skipped: "this machine has 2 cores" };
    const r = parseRuntimeResults({ ...doc, pool, targets: [skipped] });
    expect(r.pool?.many.rssPerRuntimeMb).toBe(0.12);
    expect(r.pool?.scaling.twoProcesses).toEqual([330, 340]);
    expect(r.targets[0]?.skipped).toBe("this machine has 2 cores");
    expect(parseRuntimeResults(doc).pool).toBeUndefined();
  });

  it("lists every field that does not fit, naming the file", () => {
    const broken = {
      ...doc,
      isobind: { "in-process": { ...mode(4), parallel: undefined }, process: mode(200) },
      targets: [{ ...doc.targets[0], met: "no" }],
    };
    expect(() => parseRuntimeResults(broken, "runtime.json")).toThrow(
      /runtime\.json does not have the format[\s\S]*isobind\.in-process\.parallel: expected an object, got undefined[\s\S]*targets\[0\]\.met: expected a boolean, got string/,
    );
  });

  it("refuses another schema version", () => {
    expect(() => parseRuntimeResults({ ...doc, schemaVersion: 2 }, "runtime.json")).toThrow(
      "runtime.json: schemaVersion 2; the docs render version 1",
    );
  });

  it("shows isobind's own figures in its comparison row and recomputes every ratio", () => {
    const twice = {
      ...doc,
      comparison: [
        {
          id: "isobind (in-process)",
          version: "0.0.0",
          isolation: "V8 isolate",
          warmPath: "rt.run()",
          coldPath: "create + run + dispose",
          warm: s(3),
          cold: s(9),
          warmRatio: { process: 1, "in-process": 1 },
          coldRatio: { process: 1, "in-process": 1 },
        },
        ...doc.comparison,
      ],
    };
    const r = parseRuntimeResults(twice);
    const [isobind, , vm] = r.comparison;
    expect(isobind).toMatchObject({
      warm: r.modes["in-process"].warm,
      cold: r.modes["in-process"].cold,
      warmRatio: { "in-process": 1, process: 0.02 },
    });
    expect(vm).toMatchObject({ warmRatio: { "in-process": 0.7, process: 0.014 } });
  });

  it("reads the file the runtime benchmark wrote, with one warm p50 per mode", () => {
    const file = readResultsFile("runtime.json");
    if (!file) return; // before `pnpm bench` ran the page says "not yet measured"
    const r = parseRuntimeResults(file.data, file.path);
    for (const m of ["in-process", "process"] as const) {
      const row = r.comparison.find((e) => e.id === `isobind (${m})`);
      expect(row && "warm" in row && row.warm.median).toBe(r.modes[m].warm.median);
    }
  });

  it("reads the file the runtime benchmark wrote", () => {
    const file = readResultsFile("runtime.json");
    if (!file) return; // before `pnpm bench` ran the page says "not yet measured"
    expect(parseRuntimeResults(file.data, file.path).targets.length).toBeGreaterThan(0);
  });
});

describe("formatFigure", () => {
  it.each([
    [0.284, "0.28"],
    [4.123, "4.12"],
    [63.352, "63.4"],
    [273.2, "273"],
    [1234.5, "1,235"],
    [Number.NaN, "n/a"],
  ])("formats %d as %s", (n, text) => {
    expect(formatFigure(n)).toBe(text);
  });
});
