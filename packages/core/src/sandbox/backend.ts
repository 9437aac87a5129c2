/**
 * Where sandboxes live: in this process (an {@link Executor} directly) or in supervised child
 * processes of a {@link SandboxPool}. Both speak the same three verbs, so the run controller
 * does not care which it has.
 *
 * Process isolation shares pools: every runtime of this host process whose pool settings are
 * equal gets a handle on the same pool, which closes (and stops its processes) when its last
 * runtime is disposed. `pool.mode: "dedicated"` gives a runtime a pool of its own.
 */
import { Executor } from "./executor.ts";
import { type PoolSettings, SandboxPool } from "./pool.ts";
import type { BackendOptions, SandboxBackend } from "./protocol.ts";

/** The shared pools of this host process, by their settings. */
const sharedPools = new Map<string, SandboxPool>();

/** Creates the backend for a runtime. */
export async function createBackend(options: BackendOptions): Promise<SandboxBackend> {
  if (options.isolation === "process") {
    const settings: PoolSettings = {
      ...options.pool,
      processMemoryLimitMb: options.processMemoryLimitMb,
      poolSize: options.poolSize,
      poolMemoryLimitMb: options.poolMemoryLimitMb,
    };
    return poolFor(settings).open(options.paths);
  }
  const executor = new Executor({
    paths: options.paths,
    poolSize: options.poolSize,
    poolMemoryLimitMb: options.poolMemoryLimitMb,
  });
  return {
    start: (req, sink) => executor.start(req, sink),
    settle: (runId, callId, ok, payload) => executor.settle(runId, callId, ok, payload),
    abort: (runId, code, message) => executor.abort(runId, code, message),
    pause: (runId) => executor.pause(runId),
    close: async () => executor.close(),
  };
}

function poolFor(settings: PoolSettings): SandboxPool {
  if (settings.mode === "dedicated") return new SandboxPool(settings);
  const key = JSON.stringify(settings);
  let pool = sharedPools.get(key);
  if (!pool) {
    const created = new SandboxPool(settings);
    created.onClose = () => {
      if (sharedPools.get(key) === created) sharedPools.delete(key);
    };
    sharedPools.set(key, created);
    pool = created;
  }
  return pool;
}
