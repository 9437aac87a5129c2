/**
 * Per-run overhead of process isolation: the warm seed run in `isolation: "process"` against
 * `"in-process"`, in ONE process, samples interleaved (A, B, A, B, …) so that machine noise
 * hits both modes alike. Prints medians, p95, the ratio and the difference of medians, as text
 * and as JSON (`--json`). The figures in packages/core/docs/security.md come from this script.
 *
 *   node bench/runtime/isolation-overhead.ts [--samples 300] [--rounds 3] [--gap-ms 5] [--json]
 */
import { isDeepStrictEqual, parseArgs } from "node:util";
import { type IsolationMode, NodeRuntime } from "@isobind/core";
import { SEED_BINDINGS, SEED_CODE, SEED_EXPECTED } from "./seed.ts";

const { values } = parseArgs({
  options: {
    samples: { type: "string", default: "300" },
    rounds: { type: "string", default: "3" },
    "gap-ms": { type: "string", default: "5" },
    json: { type: "boolean", default: false },
  },
});
const samples = Number(values.samples);
const rounds = Number(values.rounds);
const gapMs = Number(values["gap-ms"]);
const MODES: IsolationMode[] = ["process", "in-process"];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)]!;
}

async function timedSeed(rt: NodeRuntime): Promise<number> {
  const start = performance.now();
  const result = await rt.run(SEED_CODE, { timeout: 5000 });
  const ms = performance.now() - start;
  if (result.exitCode !== 0 || !isDeepStrictEqual(result.value, SEED_EXPECTED)) {
    throw new Error(`seed run failed in ${rt.isolation}: ${JSON.stringify(result.error)}`);
  }
  return ms;
}

const runtimes = new Map<IsolationMode, NodeRuntime>();
for (const mode of MODES) {
  runtimes.set(mode, await NodeRuntime.create({ isolation: mode, bindings: SEED_BINDINGS }));
}
const times: Record<IsolationMode, number[]> = { process: [], "in-process": [] };
const roundMedians: Record<IsolationMode, number[]> = { process: [], "in-process": [] };
try {
  for (let round = 0; round < rounds; round++) {
    for (const rt of runtimes.values()) for (let i = 0; i < 20; i++) await timedSeed(rt);
    const roundTimes: Record<IsolationMode, number[]> = { process: [], "in-process": [] };
    for (let i = 0; i < samples; i++) {
      // Alternate which mode goes first, so neither always follows the other.
      const order = i % 2 === 0 ? MODES : [...MODES].reverse();
      for (const mode of order) {
        await sleep(gapMs);
        roundTimes[mode].push(await timedSeed(runtimes.get(mode)!));
      }
    }
    for (const mode of MODES) {
      times[mode].push(...roundTimes[mode]);
      roundMedians[mode].push(median(roundTimes[mode]));
    }
  }
} finally {
  for (const rt of runtimes.values()) await rt.dispose();
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
const report = {
  what: "warm seed run (3 binding calls, 1 console line, 1 value), rt.run() wall time in ms",
  node: process.version,
  samplesPerMode: times.process.length,
  gapMs,
  process: {
    median: round3(median(times.process)),
    p95: round3(p95(times.process)),
    roundMedians: roundMedians.process.map(round3),
  },
  inProcess: {
    median: round3(median(times["in-process"])),
    p95: round3(p95(times["in-process"])),
    roundMedians: roundMedians["in-process"].map(round3),
  },
  ratio: round3(median(times.process) / median(times["in-process"])),
  overheadMs: round3(median(times.process) - median(times["in-process"])),
};
if (values.json) {
  console.log(JSON.stringify(report, null, 2));
} else {
  console.log(report.what);
  console.log(`node ${report.node}, ${report.samplesPerMode} samples per mode, ${gapMs} ms gap`);
  console.log(
    `process     median ${report.process.median} ms  p95 ${report.process.p95} ms  rounds ${report.process.roundMedians.join(" / ")}`,
  );
  console.log(
    `in-process  median ${report.inProcess.median} ms  p95 ${report.inProcess.p95} ms  rounds ${report.inProcess.roundMedians.join(" / ")}`,
  );
  console.log(`ratio ${report.ratio}x, overhead ${report.overheadMs} ms per run`);
}
