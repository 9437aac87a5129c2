/**
 * Memory readings: host RSS and V8 heap, and the resident memory of this process's child
 * processes (the sandbox processes of process-isolated runtimes), read from /proc.
 */
import { readdirSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

/** One reading, in bytes. */
export interface MemoryReading {
  /** Resident set size of this process. */
  hostRss: number;
  /** Used V8 heap of this process. */
  hostHeapUsed: number;
  /** V8 external memory of this process (isolated-vm isolates are not in the host heap). */
  hostExternal: number;
  /** Summed resident set size of this process's live child processes. */
  childRss: number;
  /** How many child processes were found. */
  children: number;
}

/** Reads `VmRSS` (bytes) and `PPid` of a process from /proc, or `undefined` when it is gone. */
function procStatus(pid: number): { rss: number; ppid: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/status`, "utf8");
    const rss = /^VmRSS:\s+(\d+) kB/m.exec(text);
    const ppid = /^PPid:\s+(\d+)/m.exec(text);
    if (!ppid) return undefined;
    return { rss: rss ? Number(rss[1]) * 1024 : 0, ppid: Number(ppid[1]) };
  } catch {
    return undefined;
  }
}

/** PIDs of this process's direct children, found by scanning /proc (Linux only; [] elsewhere). */
export function childPids(): number[] {
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    const status = procStatus(Number(name));
    if (status?.ppid === process.pid) pids.push(Number(name));
  }
  return pids;
}

/** Forces full GCs (needs `--expose-gc`; a no-op without it) and lets finalizers run. */
export async function settle(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 3; i++) {
    gc?.();
    await sleep(20);
  }
}

/** Whether `--expose-gc` is on, so heap figures are after a full collection. */
export function gcExposed(): boolean {
  return typeof (globalThis as { gc?: unknown }).gc === "function";
}

/** Takes a reading after a settle; `pids` restricts the child sum to those processes. */
export async function readMemory(pids?: readonly number[]): Promise<MemoryReading> {
  await settle();
  const usage = process.memoryUsage();
  const kids = pids ?? childPids();
  let childRss = 0;
  let children = 0;
  for (const pid of kids) {
    const status = procStatus(pid);
    if (status) {
      childRss += status.rss;
      children++;
    }
  }
  return {
    hostRss: usage.rss,
    hostHeapUsed: usage.heapUsed,
    hostExternal: usage.external,
    childRss,
    children,
  };
}

/**
 * Waits until RSS (host + children) stops growing: pools fill in the background and there is no
 * hook that says when they are full. Returns after `maxMs` at the latest.
 */
export async function waitForSteadyRss(
  maxMs: number,
  pids?: () => readonly number[],
): Promise<void> {
  const deadline = Date.now() + maxMs;
  let last = -1;
  let stable = 0;
  while (Date.now() < deadline) {
    await sleep(100);
    const r = await readMemory(pids?.());
    const total = r.hostRss + r.childRss;
    if (last > 0 && Math.abs(total - last) < 256 * 1024) {
      if (++stable >= 3) return;
    } else stable = 0;
    last = total;
  }
}

/** Bytes to MB with two decimals. */
export function mb(bytes: number): number {
  return Math.round((bytes / (1024 * 1024)) * 100) / 100;
}
