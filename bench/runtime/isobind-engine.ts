/**
 * isobind itself as an {@link Engine}, in either isolation mode, so the seed figures of isobind
 * and of every baseline come from the same code path.
 */
import { type IsolationMode, NodeRuntime } from "@isobind/core";
import { type Engine, installedVersion } from "../baselines/engine.ts";
import { SEED_BINDINGS, SEED_CODE } from "./seed.ts";

/** Reads a run result into a seed outcome, failing loudly on a failed run. */
async function runSeedOn(rt: NodeRuntime) {
  const result = await rt.run(SEED_CODE, { timeout: 5000 });
  if (result.exitCode !== 0) {
    throw new Error(`isobind seed run failed: ${result.error?.code} ${result.error?.message}`);
  }
  return { value: result.value, stdout: result.stdout };
}

/** The engine id of isobind in one mode. */
export function isobindId(mode: IsolationMode): string {
  return `isobind (${mode})`;
}

/** isobind with the seed bindings, in `mode`. */
export function isobindEngine(mode: IsolationMode): Engine {
  return {
    id: isobindId(mode),
    version: `@isobind/core ${installedVersion("@isobind/core")}, isolated-vm ${installedVersion("isolated-vm")}`,
    isolation:
      mode === "process"
        ? "V8 isolate per run, in a supervised child process (OS memory cap)"
        : "V8 isolate per run, in the host process",
    warmPath: "rt.run(): a fresh isolate and context per run, taken from the warm pool",
    coldPath:
      mode === "process"
        ? "NodeRuntime.create (forks the sandbox process) + run + dispose"
        : "NodeRuntime.create + run + dispose",
    async create() {
      const rt = await NodeRuntime.create({ isolation: mode, bindings: SEED_BINDINGS });
      return { runSeed: () => runSeedOn(rt), dispose: () => rt.dispose() };
    },
  };
}
