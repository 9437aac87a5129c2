/** Small helpers shared by the isobind cases. */
import { type IsolationMode, NodeRuntime, type RuntimeOptions } from "@isobind/core";

/** Creates a runtime in `mode`. */
export function create(mode: IsolationMode, options: RuntimeOptions): Promise<NodeRuntime> {
  return NodeRuntime.create({ isolation: mode, ...options });
}

/** Runs `code` and fails loudly unless it succeeded: no figure comes from a failed run. */
export async function mustRun(rt: NodeRuntime, code: string, timeout = 30_000): Promise<void> {
  const r = await rt.run(code, { timeout });
  if (r.exitCode !== 0) {
    throw new Error(`isobind run failed (${rt.isolation}): ${r.error?.code}: ${r.error?.message}`);
  }
}
