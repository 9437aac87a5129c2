/**
 * Why each performance target the benchmark does not meet is missed, shown beside it on the
 * Benchmarks page instead of a bare "no". Keyed by the target's name and mode as
 * `bench/runtime/report.ts` writes them; the pages test fails when an unmet target has no note.
 * @module
 */

/** `"<target>|<mode>"` → the explanation. */
export const TARGET_NOTES: Readonly<Record<string, string>> = {
  "warm seed run p50|in-process":
    "Each run gets a fresh V8 context (no state may cross runs), and the workload's three binding calls each hop from the isolate's thread to the host and back (the round trip below). Reusing contexts would meet the target and break run isolation, so isobind does not.",
  "warm seed run p50|process":
    "In process mode the code, every binding call and the result also cross the IPC channel to the supervised sandbox process: the price of surviving V8's fatal out-of-memory paths. In-process mode avoids it when the guest code is trusted not to exhaust memory.",
  "binding round trip|in-process":
    "isolated-vm's asynchronous guest-to-host call is a thread hop in itself; isobind adds the input-schema check and the permission check to every call.",
  "binding round trip|process":
    "Each call crosses the IPC channel twice (the request to the host and the result back) on top of the in-process path.",
  "seed runs per second at concurrency 4|in-process":
    "Measured on 2 vCPUs: four concurrent runs share two cores with the harness, so throughput is bound by each run's CPU time (context creation, bootstrap, validation). More cores raise it.",
  "seed runs per second at concurrency 4|process":
    "As in-process, plus the IPC cost of each run, on 2 vCPUs shared with the sandbox process.",
};

/** The note for an unmet target, or `undefined` when none is written yet. */
export function targetNote(target: string, mode: string): string | undefined {
  return TARGET_NOTES[`${target}|${mode}`];
}

/** The docs' name for a benchmark label: the workload is the weather example. */
export function plainLabel(label: string): string {
  return label
    .replace(/\bthe seed example\b/g, "the weather example")
    .replace(/\bseed example\b/g, "weather example")
    .replace(/\bseed\b/g, "weather");
}
