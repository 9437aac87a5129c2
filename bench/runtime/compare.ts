/**
 * The side-by-side comparison: isobind (both modes) and every baseline run the seed workload in
 * the same process run, with warm rounds interleaved across engines so that drift in machine
 * load hits all of them alike. Each baseline is reported as a ratio to isobind.
 */
import type { Engine, EngineInstance, EngineLoad } from "../baselines/engine.ts";
import type { BenchConfig } from "./config.ts";
import { isobindId } from "./isobind-engine.ts";
import { checkSeedOutcome } from "./seed.ts";
import { round3, rounded, type Summary, sample, sampleRound, summarize } from "./stats.ts";

/** One engine's row. */
export type EngineRow =
  | {
      id: string;
      version: string;
      isolation: string;
      warmPath: string;
      coldPath: string;
      warm: Summary;
      cold: Summary;
      /** p50 of this engine ÷ p50 of isobind in that mode: above 1 means isobind is faster. */
      warmRatio: { process: number; "in-process": number };
      coldRatio: { process: number; "in-process": number };
    }
  | { id: string; version: string; unavailable: string };

type Log = (line: string) => void;

interface Live {
  engine: Engine;
  instance: EngineInstance;
  rounds: number[][];
  cold?: Summary;
}

/** An engine's figures measured elsewhere in the same bench run. */
export interface MeasuredFigures {
  warm: Summary;
  cold: Summary;
}

/**
 * Runs the comparison over `loads` (engines, or the reasons they cannot run).
 *
 * `measured` holds figures the suite has already taken for an engine (isobind's own cases, with
 * more samples). Those replace the engine's interleaved samples in its row and as the base of
 * every ratio, so each metric has one number wherever it is shown: the comparison used to print
 * its own isobind warm p50 beside the suite's, two numbers for one metric. The engine still runs
 * in the interleaved rounds, so the baselines are measured under the same load as before.
 */
export async function runComparison(
  loads: readonly EngineLoad[],
  config: BenchConfig,
  log: Log,
  measured: ReadonlyMap<string, MeasuredFigures> = new Map(),
): Promise<EngineRow[]> {
  const live: Live[] = [];
  const failed = new Map<string, { version: string; reason: string }>();
  for (const load of loads) {
    if (!load.ok) continue;
    const { engine } = load;
    try {
      log(`compare: ${engine.id}: correctness check`);
      const instance = await engine.create();
      checkSeedOutcome(engine.id, await instance.runSeed());
      live.push({ engine, instance, rounds: [] });
    } catch (error) {
      failed.set(engine.id, { version: engine.version, reason: describe(error) });
    }
  }
  // Warm: round r of every engine before round r + 1 of any.
  // Each warm run follows the same untimed idle gap (config.baselineWarm.gapMs) on every engine.
  for (let r = 0; r < (config.baselineWarm.rounds ?? 1); r++) {
    for (const l of live) {
      log(`compare: ${l.engine.id}: warm round ${r + 1}`);
      l.rounds.push(await sampleRound(() => l.instance.runSeed(), config.baselineWarm));
    }
  }
  for (const l of live) await l.instance.dispose();
  for (const l of live) {
    log(`compare: ${l.engine.id}: cold`);
    l.cold = await sample(async () => {
      const instance = await l.engine.create();
      await instance.runSeed();
      await instance.dispose();
    }, config.baselineCold);
  }
  for (const l of live) {
    try {
      await l.engine.shutdown?.();
    } catch {
      // A shutdown failure does not change the figures already taken.
    }
  }
  const summaries = new Map(
    live.map((l) => [
      l.engine.id,
      measured.get(l.engine.id) ?? { warm: summarize(l.rounds), cold: l.cold! },
    ]),
  );
  const ref = (mode: "process" | "in-process") => summaries.get(isobindId(mode));
  const ratio = (x: number, mode: "process" | "in-process", key: "warm" | "cold") => {
    const base = ref(mode)?.[key].median;
    return base ? round3(x / base) : Number.NaN;
  };
  return loads.map((load): EngineRow => {
    if (!load.ok) {
      return {
        id: load.unavailable.id,
        version: load.unavailable.version,
        unavailable: load.unavailable.reason,
      };
    }
    const { engine } = load;
    const s = summaries.get(engine.id);
    if (!s) {
      const f = failed.get(engine.id);
      return { id: engine.id, version: engine.version, unavailable: f?.reason ?? "did not run" };
    }
    return {
      id: engine.id,
      version: engine.version,
      isolation: engine.isolation,
      warmPath: engine.warmPath,
      coldPath: engine.coldPath ?? "the same as a warm run",
      warm: rounded(s.warm),
      cold: rounded(s.cold),
      warmRatio: {
        process: ratio(s.warm.median, "process", "warm"),
        "in-process": ratio(s.warm.median, "in-process", "warm"),
      },
      coldRatio: {
        process: ratio(s.cold.median, "process", "cold"),
        "in-process": ratio(s.cold.median, "in-process", "cold"),
      },
    };
  });
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (cause: ${error.cause.message})` : "";
    return `${error.name}: ${error.message}${cause}`.split("\n")[0]!;
  }
  return String(error);
}
