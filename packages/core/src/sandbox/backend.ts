/**
 * Where sandboxes live: in this process (an {@link Executor} directly) or in a supervised child
 * process (see process-backend.ts). Both speak the same three verbs, so the run controller does
 * not care which it has.
 */
import { Executor } from "./executor.ts";
import { ProcessBackend } from "./process-backend.ts";
import type { BackendOptions, SandboxBackend } from "./protocol.ts";

/** Creates the backend for a runtime. */
export async function createBackend(options: BackendOptions): Promise<SandboxBackend> {
  if (options.isolation === "process") return ProcessBackend.start(options);
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
