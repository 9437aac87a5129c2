/**
 * Where sandboxes live: in this process (an {@link Executor} directly) or in a supervised child
 * process (see process-backend.ts). Both speak the same three verbs, so the run controller does
 * not care which it has.
 */
import type { IsolationMode, RunErrorCode } from "../types.ts";
import { Executor } from "./executor.ts";
import { ProcessBackend } from "./process-backend.ts";
import type { RunSink, SandboxOutcome, SandboxPath, StartRequest } from "./protocol.ts";

/** The sandbox side as the run controller sees it. */
export interface SandboxBackend {
  start(req: StartRequest, sink: RunSink): Promise<SandboxOutcome>;
  settle(runId: string, callId: number, ok: 0 | 1, payload: string): void;
  abort(runId: string, code: RunErrorCode, message: string): void;
  close(): Promise<void>;
}

/** Options of a backend. */
export interface BackendOptions {
  isolation: IsolationMode;
  paths: SandboxPath[];
  poolSize: number;
  poolMemoryLimitMb: number;
  processMemoryLimitMb: number;
}

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
    close: async () => executor.close(),
  };
}
