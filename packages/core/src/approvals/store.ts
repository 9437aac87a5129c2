/**
 * The default {@link ContinuationStore}: consumed ids in this process's memory, each forgotten
 * once its continuation has expired (after that the expiry check refuses it anyway).
 */
import type { ContinuationStore } from "./types.ts";

/** Consumed continuation ids in memory: enough for one process; share a store across several. */
export class MemoryContinuationStore implements ContinuationStore {
  readonly #consumed = new Map<string, number>();
  #nextSweep = 0;

  /** Marks `id` consumed; `false` when it already was. Atomic within the process. */
  consume(id: string, expiresAtMs: number): boolean {
    this.#sweep();
    if (this.#consumed.has(id)) return false;
    this.#consumed.set(id, expiresAtMs);
    return true;
  }

  /** Ids remembered now (expired ones are dropped lazily). */
  get size(): number {
    return this.#consumed.size;
  }

  #sweep(): void {
    const now = Date.now();
    if (now < this.#nextSweep) return;
    this.#nextSweep = now + 60_000;
    for (const [id, expires] of this.#consumed) if (expires <= now) this.#consumed.delete(id);
  }
}
