/**
 * The results document (bench/results/runtime.json) and its Markdown rendering for the docs
 * (bench/results/runtime.md).
 */
import type { IsolationMode } from "@isobind/core";
import type { EngineRow } from "./compare.ts";
import type { ModeResult } from "./isobind-cases.ts";
import type { PoolResult } from "./pool-cases.ts";
import type { Summary } from "./stats.ts";

/** Where and how the figures were taken. */
export interface Environment {
  node: string;
  v8: string;
  platform: string;
  arch: string;
  cpus: number;
  cpuModel: string;
  totalMemoryMb: number;
  /** 1-minute load average before and after the suite: other work on the machine skews figures. */
  loadAverageStart: number;
  loadAverageEnd: number;
  gcExposed: boolean;
  gitCommit: string;
}

/** One target of issue 9 with the measured figure. */
export interface TargetCheck {
  target: string;
  mode: IsolationMode | "both";
  /** Not evaluated on this machine (e.g. a target for 4+ cores on a 2-core machine). */
  skipped?: string;
  limit: string;
  measured: string;
  met: boolean;
}

/** Everything `pnpm bench` writes. */
export interface BenchResults {
  schemaVersion: 1;
  generatedAt: string;
  quick: boolean;
  durationSeconds: number;
  environment: Environment;
  isobind: Record<IsolationMode, ModeResult>;
  /** Case 8: the shared pool of sandbox processes (issue 15). */
  pool: PoolResult;
  comparison: EngineRow[];
  targets: TargetCheck[];
}

const MODES: IsolationMode[] = ["in-process", "process"];

function fmt(n: number, digits = 2): string {
  if (!Number.isFinite(n)) return "n/a";
  return n >= 100 ? n.toFixed(0) : n.toFixed(digits);
}

function pct(s: Summary): string {
  return `${fmt(s.median)} / ${fmt(s.p95)} / ${fmt(s.p99)}`;
}

function x(ratio: number): string {
  return Number.isFinite(ratio) ? `${fmt(ratio)}×` : "n/a";
}

/** Checks the targets of issue 15 (the shared pool). */
function poolTargets(
  iso: Record<IsolationMode, ModeResult>,
  pool: PoolResult,
  cpus: number,
): TargetCheck[] {
  const t: TargetCheck[] = [];
  const c = pool.create.median;
  t.push({
    target: "create() p50, shared pool up",
    mode: "process",
    limit: "≤ 5 ms",
    measured: `${fmt(c)} ms`,
    met: c <= 5,
  });
  const perRt = pool.many.rssPerRuntimeMb;
  t.push({
    target: `host + sandbox RSS per idle runtime (${pool.many.runtimes.toLocaleString("en")} runtimes)`,
    mode: "process",
    limit: "≤ 1 MB",
    measured: `${fmt(perRt)} MB`,
    met: perRt <= 1,
  });
  t.push({
    target: "seed runs/s at concurrency 4: 2 processes over 1",
    mode: "process",
    limit: "≥ 1.6×",
    measured: x(pool.scaling.ratio),
    met: pool.scaling.ratio >= 1.6,
  });
  const best = Math.max(...pool.scaling.twoProcesses);
  t.push({
    target: "seed runs/s at concurrency 4 (4+ cores)",
    mode: "process",
    limit: "≥ 1,000",
    measured: `${fmt(best)} runs/s`,
    met: best >= 1000,
    ...(cpus < 4 ? { skipped: `this machine has ${cpus} cores` } : {}),
  });
  const ratio = iso.process.warm.median / iso["in-process"].warm.median;
  t.push({
    target: "warm seed run p50, process over in-process",
    mode: "both",
    limit: "≤ 1.5×",
    measured: x(ratio),
    met: ratio <= 1.5,
  });
  return t;
}

/** Checks each target of issues 9 and 15 against the measured figures. */
export function checkTargets(
  iso: Record<IsolationMode, ModeResult>,
  pool: PoolResult,
  cpus: number,
): TargetCheck[] {
  const t: TargetCheck[] = [];
  const add = (
    target: string,
    mode: IsolationMode,
    limit: string,
    value: number,
    unit: string,
    met: boolean,
  ) => t.push({ target, mode, limit, measured: `${fmt(value)} ${unit}`, met });
  const ip = iso["in-process"];
  const pr = iso.process;
  add("warm seed run p50", "in-process", "≤ 1 ms", ip.warm.median, "ms", ip.warm.median <= 1);
  add("warm seed run p50", "process", "≤ 2 ms", pr.warm.median, "ms", pr.warm.median <= 2);
  add(
    "cold create + run + dispose p50",
    "in-process",
    "≤ 5 ms",
    ip.cold.median,
    "ms",
    ip.cold.median <= 5,
  );
  add(
    "binding round trip",
    "in-process",
    "≤ 60 µs",
    ip.roundTrip.perCallUs,
    "µs",
    ip.roundTrip.perCallUs <= 60,
  );
  add(
    "binding round trip",
    "process",
    "≤ 150 µs",
    pr.roundTrip.perCallUs,
    "µs",
    pr.roundTrip.perCallUs <= 150,
  );
  for (const m of MODES) {
    const w = iso[m].parallel.wall.median;
    add(
      `parallelism probe (${iso[m].parallel.calls} × 100 ms) p50`,
      m,
      "≤ 150 ms",
      w,
      "ms",
      w <= 150,
    );
  }
  for (const m of MODES) {
    const level = iso[m].throughput.find((l) => l.concurrency === 4);
    const rps = level?.runsPerSecond ?? Number.NaN;
    add("seed runs per second at concurrency 4", m, "≥ 1,000", rps, "runs/s", rps >= 1000);
  }
  for (const m of MODES) {
    const v = iso[m].memory.rssPerPooledSandboxMb;
    add("memory per idle pooled sandbox", m, "≤ 3 MB", v, "MB", v <= 3);
  }
  return [...t, ...poolTargets(iso, pool, cpus)];
}

/** Renders the results as Markdown for the docs' Benchmarks page. */
export function renderMarkdown(r: BenchResults): string {
  const e = r.environment;
  const L: string[] = [];
  L.push("# Runtime benchmarks", "");
  L.push(
    `Generated by \`pnpm bench\` on ${r.generatedAt.slice(0, 10)}${r.quick ? " in **smoke mode** (`BENCH_QUICK=1`: too few samples to quote)" : ""}, in ${fmt(r.durationSeconds, 0)} s.`,
    `Machine: ${e.cpus} × ${e.cpuModel}, ${Math.round(e.totalMemoryMb / 1024)} GB, ${e.platform}/${e.arch}; Node ${e.node} (V8 ${e.v8}); commit \`${e.gitCommit}\`; 1-minute load average ${fmt(e.loadAverageStart)} before, ${fmt(e.loadAverageEnd)} after.`,
    "Times are wall-clock milliseconds measured by the host around each call; p50 / p95 / p99 over every sample after warm-up.",
    "",
  );
  L.push("## Targets", "", "| target | mode | target | measured | met |", "|---|---|---|---|---|");
  for (const t of r.targets)
    L.push(
      `| ${t.target} | ${t.mode} | ${t.limit} | ${t.measured} | ${t.skipped ? `not evaluated: ${t.skipped}` : t.met ? "yes" : "**no**"} |`,
    );
  L.push("");

  const ip = r.isobind["in-process"];
  const pr = r.isobind.process;
  L.push(
    "## isobind",
    "",
    "| case | in-process p50 / p95 / p99 | process p50 / p95 / p99 |",
    "|---|---|---|",
  );
  L.push(
    `| 1. cold: \`create\` + seed run + \`dispose\` (ms) | ${pct(ip.cold)} | ${pct(pr.cold)} |`,
  );
  L.push(
    `| 2. warm: seed run on a live runtime, after a ${ip.warmGapMs} ms idle gap (ms) | ${pct(ip.warm)} | ${pct(pr.warm)} |`,
  );
  L.push(
    `| 2. warm, back to back: no gap, so the pool is drained and each run prepares its own sandbox (ms) | ${pct(ip.warmBackToBack)} | ${pct(pr.warmBackToBack)} |`,
  );
  L.push(
    `| 3. empty run, \`return 0\` (ms) | ${pct(ip.roundTrip.emptyRun)} | ${pct(pr.roundTrip.emptyRun)} |`,
  );
  L.push(
    `| 3. run with one no-op binding call (ms) | ${pct(ip.roundTrip.oneCallRun)} | ${pct(pr.roundTrip.oneCallRun)} |`,
  );
  L.push(
    `| 3. run with ${ip.roundTrip.sequentialCalls.toLocaleString("en")} sequential no-op calls (ms) | ${pct(ip.roundTrip.sequentialRun)} | ${pct(pr.roundTrip.sequentialRun)} |`,
  );
  L.push(
    `| 3. **binding round trip** (µs per call, from the line above) | ${fmt(ip.roundTrip.perCallUs)} | ${fmt(pr.roundTrip.perCallUs)} |`,
  );
  L.push(
    `| 4. parallelism probe: \`Promise.all\` of ${ip.parallel.calls} calls × ${ip.parallel.handlerMs} ms (ms) | ${pct(ip.parallel.wall)} | ${pct(pr.parallel.wall)} |`,
  );
  L.push("");
  L.push(
    "### Throughput (case 5)",
    "",
    "| concurrency | in-process runs/s | p50 / p99 ms | process runs/s | p50 / p99 ms |",
    "|---|---|---|---|---|",
  );
  for (const level of ip.throughput) {
    const p = pr.throughput.find((l) => l.concurrency === level.concurrency);
    L.push(
      `| ${level.concurrency} | ${level.runsPerSecond} | ${fmt(level.latencyP50)} / ${fmt(level.latencyP99)} | ${p?.runsPerSecond ?? "n/a"} | ${p ? `${fmt(p.latencyP50)} / ${fmt(p.latencyP99)}` : "n/a"} |`,
    );
  }
  L.push("");
  L.push("### Memory (case 6)", "", "| MB | in-process | process |", "|---|---|---|");
  const mem = (label: string, f: (m: ModeResult["memory"]) => number) =>
    L.push(`| ${label} | ${fmt(f(ip.memory))} | ${fmt(f(pr.memory))} |`);
  mem(
    `host RSS per live runtime (${ip.memory.runtimes} runtimes, default pool)`,
    (m) => m.hostRssPerRuntimeMb,
  );
  mem("host V8 heap per live runtime", (m) => m.hostHeapPerRuntimeMb);
  mem("sandbox-process RSS per live runtime", (m) => m.childRssPerRuntimeMb);
  mem("total RSS per live runtime", (m) => m.totalRssPerRuntimeMb);
  mem(
    `RSS per idle pooled sandbox (pool of ${ip.memory.poolSize} vs none)`,
    (m) => m.rssPerPooledSandboxMb,
  );
  mem("host V8 heap per idle pooled sandbox", (m) => m.hostHeapPerPooledSandboxMb);
  L.push("");
  renderPool(L, r.pool);

  L.push(
    "## Side by side: the seed example on each engine",
    "",
    "The same workload everywhere: the weather/calculate bindings and program of the seed example (two calls in `Promise.all`, one more call, one console line, one JSON value), written with each library's own API. Every engine's result is checked before it is timed. Ratios are the engine's p50 divided by isobind's p50 from the same run: above 1× means isobind is faster.",
    "",
    "| engine | isolation | warm p50 / p95 / p99 (ms) | × isobind in-process | × isobind process | cold p50 (ms) | × in-process | × process |",
    "|---|---|---|---|---|---|---|---|",
  );
  for (const row of r.comparison) {
    if ("unavailable" in row) {
      L.push(
        `| ${row.id} (${row.version}) | | not measured: ${row.unavailable.replaceAll("|", "\\|")} | | | | | |`,
      );
      continue;
    }
    L.push(
      `| ${row.id} | ${row.isolation} | ${pct(row.warm)} | ${x(row.warmRatio["in-process"])} | ${x(row.warmRatio.process)} | ${fmt(row.cold.median)} | ${x(row.coldRatio["in-process"])} | ${x(row.coldRatio.process)} |`,
    );
  }
  L.push("", "What each engine's figures cover:", "");
  for (const row of r.comparison) {
    if ("unavailable" in row) continue;
    L.push(`- **${row.id}** (${row.version}): warm = ${row.warmPath}; cold = ${row.coldPath}.`);
  }
  L.push("");
  return L.join("\n");
}

function renderPool(L: string[], p: PoolResult): void {
  const m = p.many;
  L.push(
    "### One host, many tenants: the shared pool of sandbox processes (case 8)",
    "",
    "Process isolation shares one pool of sandbox processes between the runtimes of a host process; a runtime is a handle (bindings, limits, policies).",
    "",
    "| figure | value |",
    "|---|---|",
    `| \`create()\` with the shared pool up (another runtime live), p50 / p95 / p99 (ms) | ${pct(p.create)} |`,
    `| create ${m.runtimes.toLocaleString("en")} runtimes, one after another (ms) | ${fmt(m.createAllMs)} |`,
    `| RSS with ${m.runtimes.toLocaleString("en")} live runtimes (each ran the seed once): host + sandbox processes (MB) | ${fmt(m.totalRssMb)} (${fmt(m.hostRssMb)} + ${fmt(m.sandboxRssMb)} in ${m.processes} processes) |`,
    `| RSS per live runtime (MB) | ${fmt(m.rssPerRuntimeMb)} |`,
    `| seed runs/s at concurrency ${p.scaling.concurrency}, dedicated pool of 1 process (each round) | ${p.scaling.oneProcess.join(", ")} |`,
    `| the same with 2 processes (each round) | ${p.scaling.twoProcesses.join(", ")} |`,
    `| 2 processes over 1 (medians) | ${x(p.scaling.ratio)} |`,
    "",
  );
}
