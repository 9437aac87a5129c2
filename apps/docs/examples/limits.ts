// Limits: every run is bounded. The defaults apply unless create() or run() lower or raise them.
import { DEFAULT_LIMITS, NodeRuntime } from "@isobind/core";

//#region defaults
console.log(DEFAULT_LIMITS);
//#endregion

//#region per-run
const rt = await NodeRuntime.create({ limits: { timeoutMs: 10_000, maxBindingCalls: 100 } });

const spin = await rt.run("while (true) {}", { timeout: 200 });
console.log(spin.exitCode, spin.error?.code, spin.error?.message);

const big = await rt.run("return 'x'.repeat(2048)", { limits: { maxResultBytes: 1024 } });
console.log(big.exitCode, big.error?.code, big.error?.message);
//#endregion

await rt.dispose();
