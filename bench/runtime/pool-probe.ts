/**
 * Case 8 in a fresh host process (a process that already made and dropped isolates reuses
 * their pages, see memory-case.ts): `node --expose-gc --conditions=@isobind/source
 * pool-probe.ts <runtimes>` creates that many process-isolated runtimes on the shared pool,
 * each with its own handlers, runs the seed once on each, and prints the figures as JSON.
 */
import { type Bindings, NodeRuntime } from "@isobind/core";
import { mustRun } from "./helpers.ts";
import { childPids, mb, readMemory, waitForSteadyRss } from "./memory.ts";
import { SEED_BINDINGS, SEED_CODE } from "./seed.ts";

const count = Number(process.argv[2]);
if (!Number.isInteger(count) || count < 1) {
  throw new Error(`usage: pool-probe.ts <runtimes>, got ${process.argv.slice(2).join(" ")}`);
}

/** The seed bindings with handler closures of its own, as per-user tools have. */
function tenantBindings(): Bindings {
  const out: Bindings = {};
  for (const [name, def] of Object.entries(SEED_BINDINGS)) {
    const handler = def.handler;
    out[name] = { ...def, handler: (input, ctx) => handler(input, ctx) };
  }
  return out;
}

const before = await readMemory([]);
const runtimes: NodeRuntime[] = [];
const t0 = performance.now();
for (let i = 0; i < count; i++) {
  runtimes.push(await NodeRuntime.create({ bindings: tenantBindings() }));
}
const createAllMs = performance.now() - t0;
for (const rt of runtimes) await mustRun(rt, SEED_CODE, 5000);
await waitForSteadyRss(4000, childPids);
const pids = childPids();
const after = await readMemory(pids);
const hostRss = after.hostRss - before.hostRss;
process.stdout.write(
  `${JSON.stringify({
    runtimes: count,
    createAllMs: Math.round(createAllMs),
    totalRssMb: mb(hostRss + after.childRss),
    hostRssMb: mb(hostRss),
    sandboxRssMb: mb(after.childRss),
    processes: pids.length,
  })}\n`,
);
await Promise.all(runtimes.map((rt) => rt.dispose()));
process.exit(0);
