/**
 * `pnpm bench`: the runtime benchmark suite (issue 9). Runs isobind's cases in both isolation
 * modes, then the side-by-side comparison with the baselines, and writes
 * bench/results/runtime.json and bench/results/runtime.md. `BENCH_QUICK=1` is the smoke mode.
 *
 * Progress goes to stderr; the path of each written file to stdout.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { aiSdkCodeModeEngine } from "../baselines/ai-sdk-code-mode.ts";
import type { EngineLoad } from "../baselines/engine.ts";
import { nodeVmEngine } from "../baselines/node-vm.ts";
import { quickjsEngine } from "../baselines/quickjs.ts";
import { loadSecureExec } from "../baselines/secure-exec.ts";
import { utcpCodeModeEngine } from "../baselines/utcp-code-mode.ts";
import { runComparison } from "./compare.ts";
import { configFromEnv } from "./config.ts";
import { runIsobindCases } from "./isobind-cases.ts";
import { isobindEngine, isobindId } from "./isobind-engine.ts";
import { gcExposed } from "./memory.ts";
import { runPoolCases } from "./pool-cases.ts";
import { type BenchResults, checkTargets, type Environment, renderMarkdown } from "./report.ts";

const started = performance.now();
const log = (line: string) => {
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1)}s] ${line}\n`);
};

function gitCommit(): string {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

function environment(loadAverageStart: number): Environment {
  const cpus = os.cpus();
  return {
    node: process.versions.node,
    v8: process.versions.v8,
    platform: process.platform,
    arch: process.arch,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    totalMemoryMb: Math.round(os.totalmem() / (1024 * 1024)),
    loadAverageStart,
    loadAverageEnd: os.loadavg()[0]!,
    gcExposed: gcExposed(),
    gitCommit: gitCommit(),
  };
}

const config = configFromEnv();
const loadAverageStart = os.loadavg()[0]!;
if (!gcExposed()) log("warning: run with --expose-gc for heap figures after a full collection");
log(`runtime bench${config.quick ? " (BENCH_QUICK smoke mode)" : ""}`);

const inProcess = await runIsobindCases("in-process", config, log);
const processMode = await runIsobindCases("process", config, log);
const pool = await runPoolCases(config, log);

const loads: EngineLoad[] = [
  { ok: true, engine: isobindEngine("in-process") },
  { ok: true, engine: isobindEngine("process") },
  { ok: true, engine: nodeVmEngine },
  { ok: true, engine: quickjsEngine },
  { ok: true, engine: aiSdkCodeModeEngine },
  { ok: true, engine: utcpCodeModeEngine },
  await loadSecureExec(),
];
// isobind's rows in the comparison show the suite's own figures for it: one number per metric.
const ownFigures = new Map(
  [inProcess, processMode].map((r) => [isobindId(r.mode), { warm: r.warm, cold: r.cold }]),
);
const comparison = await runComparison(loads, config, log, ownFigures);

const isobind = { "in-process": inProcess, process: processMode };
const results: BenchResults = {
  schemaVersion: 1,
  generatedAt: new Date().toISOString(),
  quick: config.quick,
  durationSeconds: Math.round((performance.now() - started) / 1000),
  environment: environment(loadAverageStart),
  isobind,
  pool,
  comparison,
  targets: checkTargets(isobind, pool, os.cpus().length),
};

const dir = new URL("../results/", import.meta.url);
mkdirSync(dir, { recursive: true });
// The smoke mode must not overwrite the committed figures.
const base = config.quick ? "tmp/runtime.quick" : "runtime";
mkdirSync(new URL("tmp/", dir), { recursive: true });
const jsonUrl = new URL(`${base}.json`, dir);
const mdUrl = new URL(`${base}.md`, dir);
writeFileSync(jsonUrl, `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(mdUrl, renderMarkdown(results));
log(`done in ${results.durationSeconds} s`);
process.stdout.write(`${jsonUrl.pathname}\n${mdUrl.pathname}\n`);
// Baseline libraries keep worker pools and sidecars alive; the figures are written.
process.exit(0);
