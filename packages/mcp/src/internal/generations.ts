/**
 * The runtimes of `createMcpCodeMode`, one generation per upstream tool list: the current one
 * serves new runs; a replaced one finishes the runs it started and is disposed after the last.
 * @module
 */

import type {
  CodeTool,
  CodeToolExecuteOptions,
  CodeToolResult,
  NodeRuntime,
  ResumeOptions,
  RunOptions,
  RunResult,
} from "@isobind/core";
import { errorMessage } from "@isobind/core/internal";

/** One runtime with its code tool and the runs under way on it. */
export interface Generation {
  runtime: NodeRuntime;
  tool: CodeTool;
  /** The code tool's run-scoped helpers (`tools.$search`, …), which a resumed run needs too. */
  helpers: () => Promise<RunOptions["helpers"]>;
  inFlight: number;
  retired: boolean;
}

/** Keeps the current generation, replaces it on refresh and disposes retired ones when idle. */
export class Generations {
  #current: Generation;
  readonly #all: Set<Generation>;
  readonly #build: () => Promise<Generation>;
  readonly #warn: (message: string) => void;
  readonly #listeners = new Set<() => void>();
  #refreshing: Promise<void> = Promise.resolve();
  #disposed = false;

  constructor(first: Generation, build: () => Promise<Generation>, warn: (m: string) => void) {
    this.#current = first;
    this.#all = new Set([first]);
    this.#build = build;
    this.#warn = warn;
  }

  /** The current runtime. */
  get runtime(): NodeRuntime {
    return this.#current.runtime;
  }

  /** The current code tool, counting its runs so the runtime outlives them. */
  get tool(): CodeTool {
    return this.#tracked(this.#current);
  }

  /** Resumes a paused run on the current runtime, which stays alive until it returns. */
  async resume<T>(continuation: string, options: ResumeOptions): Promise<RunResult<T>> {
    const generation = this.#current;
    generation.inFlight += 1;
    try {
      const helpers = options.helpers ?? (await generation.helpers());
      return await generation.runtime.resume<T>(continuation, {
        ...options,
        ...(helpers !== undefined && { helpers }),
      });
    } finally {
      generation.inFlight -= 1;
      await this.#disposeIfIdle(generation);
    }
  }

  /** Calls `listener` after every replacement; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Builds a new generation (after the refreshes already queued) and makes it current. */
  refresh(): void {
    this.#refreshing = this.#refreshing.then(() => this.#replace());
  }

  /** Waits for queued refreshes, then disposes every runtime. Idempotent. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#listeners.clear();
    await this.#refreshing;
    await Promise.all([...this.#all].map((g) => g.runtime.dispose()));
    this.#all.clear();
  }

  async #replace(): Promise<void> {
    if (this.#disposed) return;
    let next: Generation;
    try {
      next = await this.#build();
    } catch (error) {
      this.#warn(
        `could not rebuild the runtime after the upstream tools changed: ${errorMessage(error)}`,
      );
      return;
    }
    if (this.#disposed) {
      await next.runtime.dispose();
      return;
    }
    const previous = this.#current;
    this.#current = next;
    this.#all.add(next);
    previous.retired = true;
    await this.#disposeIfIdle(previous);
    for (const listener of this.#listeners) listener();
  }

  async #disposeIfIdle(generation: Generation): Promise<void> {
    if (!generation.retired || generation.inFlight > 0 || !this.#all.has(generation)) return;
    this.#all.delete(generation);
    await generation.runtime.dispose();
  }

  #tracked(generation: Generation): CodeTool {
    return {
      name: generation.tool.name,
      description: generation.tool.description,
      inputSchema: generation.tool.inputSchema,
      execute: async (
        input: unknown,
        options?: CodeToolExecuteOptions,
      ): Promise<CodeToolResult> => {
        generation.inFlight += 1;
        try {
          return await generation.tool.execute(input, options);
        } finally {
          generation.inFlight -= 1;
          await this.#disposeIfIdle(generation);
        }
      },
    };
  }
}
