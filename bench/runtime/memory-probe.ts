/**
 * One memory measurement in a fresh process (see memory-case.ts):
 * `node --expose-gc --conditions=@isobind/source memory-probe.ts <mode> <runtimes> <poolSize|default>`
 * prints the growth as JSON on stdout.
 */
import { probe } from "./memory-case.ts";

const [mode, count, pool] = process.argv.slice(2);
const runtimes = Number(count);
const poolSize = pool === "default" ? undefined : Number(pool);
if (
  (mode !== "process" && mode !== "in-process") ||
  !Number.isInteger(runtimes) ||
  runtimes < 1 ||
  (poolSize !== undefined && !Number.isInteger(poolSize))
) {
  throw new Error(
    `usage: memory-probe.ts <process|in-process> <runtimes> <poolSize|default>, got ${process.argv.slice(2).join(" ")}`,
  );
}
const delta = await probe(mode, runtimes, poolSize === undefined ? {} : { poolSize });
process.stdout.write(`${JSON.stringify(delta)}\n`);
process.exit(0);
