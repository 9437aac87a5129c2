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
  "cold create + run + dispose p50|in-process":
    "A cold run pays for a new V8 isolate, its context and the compile of the guest runtime on top of a warm run. This machine is about 3× slower than the one of earlier results: the same code measured a warm in-process p50 of 1.47 ms there and 4.8 to 5.1 ms here. Keep one runtime for many runs: create() is the cost, not run().",
  "seed runs/s at concurrency 4: 2 processes over 1|process":
    "On two cores the host (bindings, scheduling, IPC) and the sandbox processes share the CPU: one sandbox process already keeps about a core busy, so a second has little idle CPU to use, and the ratio moves with other load on the machine.",
  "warm seed run p50, process over in-process|both":
    "Every message to and from a sandbox process wakes it (the run's start and end and each binding call), and on two shared cores a wake-up can wait behind other work. Batching messages and other serialisations were tried and measured without gain (bench/README.md).",
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
