/**
 * `bench/results/runtime.json`, written by `pnpm bench` (its format is `BenchResults` in
 * bench/runtime/report.ts). Read and checked here so the Benchmarks page renders the measured
 * figures only, and fails the build, naming each field, if the format moves on without it.
 * @module
 */
import { readResultsFile } from "./bench-results.ts";
import { assertNoShapeIssues, JsonReader } from "./json-reader.ts";

/** Percentiles of one measured case, in the case's unit (ms unless said otherwise). */
export interface Summary {
  n: number;
  median: number;
  p95: number;
  p99: number;
}

/** The two isolation modes, in the order the page shows them. */
export const MODES = ["in-process", "process"] as const;
/** An isolation mode of `@isobind/core`. */
export type Mode = (typeof MODES)[number];

/** The figures of one isolation mode. */
export interface ModeFigures {
  cold: Summary;
  warm: Summary;
  /** Idle gap before each warm run, ms (absent in files from before it was measured). */
  warmGapMs: number | undefined;
  warmBackToBack: Summary | undefined;
  emptyRun: Summary;
  oneCallRun: Summary;
  sequentialRun: Summary;
  sequentialCalls: number;
  perCallUs: number;
  parallel: { calls: number; handlerMs: number; wall: Summary };
  throughput: {
    concurrency: number;
    runsPerSecond: number;
    latencyP50: number;
    latencyP99: number;
  }[];
  memory: {
    runtimes: number;
    poolSize: number;
    hostRssPerRuntimeMb: number;
    childRssPerRuntimeMb: number;
    totalRssPerRuntimeMb: number;
    rssPerPooledSandboxMb: number;
  };
}

/** One engine of the side-by-side comparison, or why it could not run. */
export type EngineFigures =
  | {
      id: string;
      version: string;
      isolation: string;
      warmPath: string;
      coldPath: string;
      warm: Summary;
      cold: Summary;
      /** Engine p50 ÷ isobind p50 per mode: above 1 means isobind is faster. */
      warmRatio: Record<Mode, number>;
      coldRatio: Record<Mode, number>;
    }
  | { id: string; version: string; unavailable: string };

/** Case 8: many runtimes on the shared pool of sandbox processes (issue 15). */
export interface PoolFigures {
  create: Summary;
  many: {
    runtimes: number;
    createAllMs: number;
    totalRssMb: number;
    hostRssMb: number;
    sandboxRssMb: number;
    processes: number;
    rssPerRuntimeMb: number;
  };
  scaling: { concurrency: number; oneProcess: number[]; twoProcesses: number[]; ratio: number };
}

/** Everything the page shows of `runtime.json`. */
export interface RuntimeResults {
  generatedAt: string;
  /** Smoke mode: too few samples to quote. */
  quick: boolean;
  durationSeconds: number;
  environment: {
    node: string;
    v8: string;
    platform: string;
    arch: string;
    cpus: number;
    cpuModel: string;
    totalMemoryMb: number;
    loadAverageStart: number;
    loadAverageEnd: number;
    gitCommit: string;
  };
  modes: Record<Mode, ModeFigures>;
  /** Absent in files from before the shared pool was measured. */
  pool: PoolFigures | undefined;
  comparison: EngineFigures[];
  targets: {
    target: string;
    mode: string;
    limit: string;
    measured: string;
    met: boolean;
    /** Why the target was not evaluated on this machine, if it was not. */
    skipped: string | undefined;
  }[];
}

function summary(r: JsonReader): Summary {
  return {
    n: r.field("n").number(),
    median: r.field("median").number(),
    p95: r.field("p95").number(),
    p99: r.field("p99").number(),
  };
}

function modeFigures(m: JsonReader): ModeFigures {
  const rt = m.field("roundTrip");
  const par = m.field("parallel");
  const mem = m.field("memory");
  return {
    cold: summary(m.field("cold")),
    warm: summary(m.field("warm")),
    warmGapMs: m.field("warmGapMs").optionalNumber(),
    warmBackToBack: m.has("warmBackToBack") ? summary(m.field("warmBackToBack")) : undefined,
    emptyRun: summary(rt.field("emptyRun")),
    oneCallRun: summary(rt.field("oneCallRun")),
    sequentialRun: summary(rt.field("sequentialRun")),
    sequentialCalls: rt.field("sequentialCalls").number(),
    perCallUs: rt.field("perCallUs").number(),
    parallel: {
      calls: par.field("calls").number(),
      handlerMs: par.field("handlerMs").number(),
      wall: summary(par.field("wall")),
    },
    throughput: m
      .field("throughput")
      .items()
      .map((t) => ({
        concurrency: t.field("concurrency").number(),
        runsPerSecond: t.field("runsPerSecond").number(),
        latencyP50: t.field("latencyP50").number(),
        latencyP99: t.field("latencyP99").number(),
      })),
    memory: {
      runtimes: mem.field("runtimes").number(),
      poolSize: mem.field("poolSize").number(),
      hostRssPerRuntimeMb: mem.field("hostRssPerRuntimeMb").number(),
      childRssPerRuntimeMb: mem.field("childRssPerRuntimeMb").number(),
      totalRssPerRuntimeMb: mem.field("totalRssPerRuntimeMb").number(),
      rssPerPooledSandboxMb: mem.field("rssPerPooledSandboxMb").number(),
    },
  };
}

function poolFigures(p: JsonReader): PoolFigures {
  const many = p.field("many");
  const scaling = p.field("scaling");
  const numbers = (r: JsonReader) => r.items().map((x) => x.number());
  return {
    create: summary(p.field("create")),
    many: {
      runtimes: many.field("runtimes").number(),
      createAllMs: many.field("createAllMs").number(),
      totalRssMb: many.field("totalRssMb").number(),
      hostRssMb: many.field("hostRssMb").number(),
      sandboxRssMb: many.field("sandboxRssMb").number(),
      processes: many.field("processes").number(),
      rssPerRuntimeMb: many.field("rssPerRuntimeMb").number(),
    },
    scaling: {
      concurrency: scaling.field("concurrency").number(),
      oneProcess: numbers(scaling.field("oneProcess")),
      twoProcesses: numbers(scaling.field("twoProcesses")),
      ratio: scaling.field("ratio").number(),
    },
  };
}

function engine(e: JsonReader): EngineFigures {
  const id = e.field("id").string();
  const version = e.field("version").string();
  if (e.has("unavailable")) return { id, version, unavailable: e.field("unavailable").string() };
  const ratio = (r: JsonReader) => ({
    "in-process": r.field("in-process").number(),
    process: r.field("process").number(),
  });
  return {
    id,
    version,
    isolation: e.field("isolation").string(),
    warmPath: e.field("warmPath").string(),
    coldPath: e.field("coldPath").string(),
    warm: summary(e.field("warm")),
    cold: summary(e.field("cold")),
    warmRatio: ratio(e.field("warmRatio")),
    coldRatio: ratio(e.field("coldRatio")),
  };
}

/** Reads a parsed `runtime.json`. @throws Error listing every field that does not fit. */
export function parseRuntimeResults(
  data: unknown,
  file = "bench/results/runtime.json",
): RuntimeResults {
  const doc = new JsonReader(data);
  const version = doc.field("schemaVersion").number();
  if (doc.issues.length === 0 && version !== 1) {
    throw new Error(`${file}: schemaVersion ${version}; the docs render version 1`);
  }
  const env = doc.field("environment");
  const iso = doc.field("isobind");
  const results: RuntimeResults = {
    generatedAt: doc.field("generatedAt").string(),
    quick: doc.field("quick").boolean(),
    durationSeconds: doc.field("durationSeconds").number(),
    environment: {
      node: env.field("node").string(),
      v8: env.field("v8").string(),
      platform: env.field("platform").string(),
      arch: env.field("arch").string(),
      cpus: env.field("cpus").number(),
      cpuModel: env.field("cpuModel").string(),
      totalMemoryMb: env.field("totalMemoryMb").number(),
      loadAverageStart: env.field("loadAverageStart").number(),
      loadAverageEnd: env.field("loadAverageEnd").number(),
      gitCommit: env.field("gitCommit").string(),
    },
    modes: {
      "in-process": modeFigures(iso.field("in-process")),
      process: modeFigures(iso.field("process")),
    },
    pool: doc.has("pool") ? poolFigures(doc.field("pool")) : undefined,
    comparison: doc.field("comparison").items().map(engine),
    targets: doc
      .field("targets")
      .items()
      .map((t) => ({
        target: t.field("target").string(),
        mode: t.field("mode").string(),
        limit: t.field("limit").string(),
        measured: t.field("measured").string(),
        met: t.field("met").boolean(),
        skipped: t.has("skipped") ? t.field("skipped").string() : undefined,
      })),
  };
  assertNoShapeIssues(file, doc.issues, "BenchResults in bench/runtime/report.ts");
  return oneFigurePerMetric(results);
}

/**
 * One number per metric: isobind's rows in the comparison show isobind's own figures (the
 * cases, measured with more samples), and every ratio is recomputed against them. The bench
 * writes its files this way (`bench/runtime/compare.ts`); files written before measured isobind
 * a second time in the comparison, and the page showed two warm p50s for one metric.
 */
export function oneFigurePerMetric(results: RuntimeResults): RuntimeResults {
  const own = (mode: Mode) => results.modes[mode];
  const base = (mode: Mode, key: "warm" | "cold") => own(mode)[key].median;
  const ratio = (x: number, mode: Mode, key: "warm" | "cold") =>
    Math.round((x / base(mode, key)) * 1000) / 1000;
  const comparison = results.comparison.map((e): EngineFigures => {
    if ("unavailable" in e) return e;
    const mode = MODES.find((m) => e.id === `isobind (${m})`);
    const warm = mode ? own(mode).warm : e.warm;
    const cold = mode ? own(mode).cold : e.cold;
    return {
      ...e,
      warm,
      cold,
      warmRatio: {
        "in-process": ratio(warm.median, "in-process", "warm"),
        process: ratio(warm.median, "process", "warm"),
      },
      coldRatio: {
        "in-process": ratio(cold.median, "in-process", "cold"),
        process: ratio(cold.median, "process", "cold"),
      },
    };
  });
  return { ...results, comparison };
}

/** A figure for a table: 3 significant digits below 100, whole numbers above. */
export function formatFigure(n: number): string {
  if (!Number.isFinite(n)) return "n/a";
  if (Math.abs(n) >= 100) return Math.round(n).toLocaleString("en-US");
  return n.toLocaleString("en-US", { maximumFractionDigits: Math.abs(n) >= 10 ? 1 : 2 });
}

/** `runtime.json` from the repository, or `undefined` before `pnpm bench` has run. */
export function readRuntimeResults(): { path: string; results: RuntimeResults } | undefined {
  const file = readResultsFile("runtime.json");
  return file && { path: file.path, results: parseRuntimeResults(file.data, file.path) };
}
